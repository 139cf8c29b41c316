"""Custom actions, run by the rasa-sdk action server (`python -m rasa_sdk --actions actions`)."""
