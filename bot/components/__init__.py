"""Custom Rasa NLU components (referenced by dotted path in config.yml)."""
