"""Greeting (with the disclaimer once per conversation) and the fallback that offers topics."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import intent_ranking, language
from bot.content import default_content
from bot.language import load_language_config

FALLBACK_BUTTONS = 3
LANGUAGE_BUTTONS = [
    {"title": "English", "payload": '/switch_language{"language": "en"}'},
    {"title": "Nederlands", "payload": '/switch_language{"language": "nl"}'},
]


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if tracker.get_slot("disclaimer_shown"):
            dispatcher.utter_message(response="utter_greet_again")
            return []
        dispatcher.utter_message(response="utter_greet")
        return [SlotSet("disclaimer_shown", True)]


class ActionFallbackTopics(Action):
    """Instead of a dead end: the topics the classifier found most likely, as buttons."""

    def name(self) -> Text:
        return "action_fallback_topics"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if tracker.latest_message.get("unsupported_language"):
            dispatcher.utter_message(text=load_language_config().unsupported_notice, buttons=LANGUAGE_BUTTONS)
            return []
        content = default_content()
        lang = language(tracker)
        likely = [r["name"] for r in intent_ranking(tracker) if r.get("name") in content.topics]
        if not likely:
            dispatcher.utter_message(response="utter_default")
            return []
        buttons = [content.button(intent, lang) for intent in likely[:FALLBACK_BUTTONS]]
        dispatcher.utter_message(response="utter_fallback_intro", buttons=buttons)
        return []
