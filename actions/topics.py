"""Answers every topic question from content/topics/<intent>.yml, in the conversation's language."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language, latest_entity, send
from bot.content import default_content


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        content = default_content()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent not in content.topics:
            dispatcher.utter_message(response="utter_default")
            return []
        send(dispatcher, content.render(intent, language(tracker), latest_entity(tracker, "detail")))
        return []
