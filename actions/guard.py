"""The refusal of individual advice and case questions, and deleting a conversation."""
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import intent_ranking, language
from bot.content import default_content
from bot.paths import CONTENT

CASE_STATUS = "ask_case_status"
WEB_CHAT = "socketio"  # the input channel name of bot.channels.webchat
# A topic this likely is "clear" enough to give its general rule alongside the refusal.
MIN_TOPIC_CONFIDENCE = 0.1


@lru_cache(maxsize=1)
def guard_texts() -> Dict[Text, Dict[Text, Text]]:
    return yaml.safe_load((CONTENT / "guard.yml").read_text(encoding="utf-8"))


def related_topic(tracker: Tracker) -> Optional[Text]:
    """The topic the message is most likely about, besides the refusal."""
    topics = default_content().topics
    guard = tracker.latest_message.get("guard") or {}
    for found in (guard.get("topic"), guard.get("original_intent")):
        if found in topics:
            return found
    for ranked in intent_ranking(tracker):
        if ranked.get("name") in topics and ranked.get("confidence", 0) >= MIN_TOPIC_CONFIDENCE:
            return ranked["name"]
    return None


class ActionRefuseIndividualAdvice(Action):
    def name(self) -> Text:
        return "action_refuse_individual_advice"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        content = default_content()
        lang = content.language(language(tracker))
        texts = guard_texts()[lang]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        parts = [texts["refuse_case"] if intent == CASE_STATUS else texts["refuse_advice"]]
        buttons = []
        topic = related_topic(tracker)
        if topic:
            general = content.topics[topic]
            answer = general.answers[lang]
            parts.append(
                f"{texts['general_rule']} {answer.summary}\n{content.sources_line(answer.basis, general.last_checked, lang)}"
            )
            buttons.append(content.button(topic, lang))
        parts.append(texts["where_to_get_help"])
        buttons.append(content.button("ask_legal_aid", lang))
        dispatcher.utter_message(text="\n\n".join(parts), buttons=buttons)
        return []


class ActionDeleteConversation(Action):
    """Says goodbye to the data; the server removes the conversation after this turn (bot.privacy)."""

    def name(self) -> Text:
        return "action_delete_conversation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = default_content().language(language(tracker))
        text = guard_texts()[lang]["deleted"]
        if tracker.get_latest_input_channel() == WEB_CHAT:
            # The page clears itself when "delete" is clicked and then drops every message until this
            # marked one arrives, so a part of an earlier answer still on its way is not shown (and kept)
            # in the new conversation. Socket.IO emits a custom message's `data` as the event's payload.
            dispatcher.utter_message(json_message={"data": {"text": text, "conversation_deleted": True}})
        else:
            dispatcher.utter_message(text=text)
        return []
