"""Small helpers shared by the actions."""
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content import Message


def language(tracker: Tracker) -> Optional[Text]:
    return tracker.get_slot("language")


def latest_entity(tracker: Tracker, name: Text) -> Optional[Any]:
    return next(tracker.get_latest_entity_values(name), None)


def send(dispatcher: CollectingDispatcher, message: Message) -> None:
    dispatcher.utter_message(text=message.text, buttons=message.buttons or None)


def intent_ranking(tracker: Tracker) -> List[Dict[Text, Any]]:
    return tracker.latest_message.get("intent_ranking") or []
