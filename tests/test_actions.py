"""Unit tests of the custom actions, with rasa-sdk trackers built by hand."""
from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionFallbackTopics, ActionGreet
from actions.guard import ActionDeleteConversation, ActionRefuseIndividualAdvice
from actions.topics import ActionAnswerTopic
from bot.content import default_content


def tracker(
    intent: str = "greet",
    text: str = "",
    language: str = "en",
    entities: Optional[List[Dict]] = None,
    ranking: Optional[List[Dict]] = None,
    slots: Optional[Dict] = None,
    guard: Optional[Dict] = None,
    channel: Optional[str] = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    latest["intent_ranking"] = ranking or [latest["intent"]]
    if guard:
        latest["guard"] = guard
    events = [{"event": "user", "text": text, "input_channel": channel}] if channel else []
    return Tracker("unit", {"language": language, **(slots or {})}, latest, events, False, None, {}, "action_listen")


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    return dispatcher.messages, events


@pytest.mark.parametrize("lang, label", [("en", "Basis:"), ("nl", "Bron:")])
def test_topic_answer_in_the_conversation_language(lang, label):
    messages, _ = run(ActionAnswerTopic(), tracker("ask_work", language=lang))
    text = messages[0]["text"]
    assert text.startswith(default_content().title("ask_work", lang))
    assert label in text
    assert messages[0]["buttons"], "related topics are offered"


def test_topic_detail_from_a_button_payload():
    detail = [{"entity": "detail", "value": "translations"}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_documents", entities=detail))
    expected = default_content().topics["ask_documents"].details["translations"]["en"].title
    assert messages[0]["text"].startswith(expected)
    assert all("translations" not in b["payload"] for b in messages[0]["buttons"])


def test_unknown_language_falls_back_to_the_default():
    messages, _ = run(ActionAnswerTopic(), tracker("ask_work", language="xx"))
    assert "Basis:" in messages[0]["text"]


def test_non_topic_intent_gets_the_default_response():
    messages, _ = run(ActionAnswerTopic(), tracker("greet"))
    assert messages[0]["response"] == "utter_default"


def test_greeting_sets_the_disclaimer_slot_once():
    messages, events = run(ActionGreet(), tracker("greet"))
    assert messages[0]["response"] == "utter_greet" and events == [SlotSet("disclaimer_shown", True)]
    messages, events = run(ActionGreet(), tracker("greet", slots={"disclaimer_shown": True}))
    assert messages[0]["response"] == "utter_greet_again" and events == []


def test_fallback_offers_the_likely_topics():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "greet", "confidence": 0.2},
               {"name": "ask_work", "confidence": 0.15}, {"name": "ask_reception", "confidence": 0.1},
               {"name": "ask_education", "confidence": 0.05}, {"name": "ask_appeal", "confidence": 0.01}]
    messages, _ = run(ActionFallbackTopics(), tracker("nlu_fallback", ranking=ranking))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_work", "/ask_reception", "/ask_education"]


def test_fallback_for_a_language_we_do_not_answer_in_offers_ours():
    t = tracker("nlu_fallback", ranking=[{"name": "ask_work", "confidence": 0.4}])
    t.latest_message["unsupported_language"] = "ar"
    messages, _ = run(ActionFallbackTopics(), t)
    assert "English and Dutch" in messages[0]["text"] and "112" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["English", "Nederlands"]


def test_fallback_without_any_topic_uses_the_default():
    messages, _ = run(ActionFallbackTopics(), tracker("nlu_fallback", ranking=[{"name": "greet", "confidence": 1}]))
    assert messages[0]["response"] == "utter_default"


def test_refusal_gives_the_general_rule_and_where_to_get_help():
    ranking = [{"name": "request_individual_advice", "confidence": 0.8}, {"name": "ask_appeal", "confidence": 0.15}]
    text_in = "My name is Ahmed and I was rejected, should I appeal?"
    messages, _ = run(ActionRefuseIndividualAdvice(), tracker("request_individual_advice", text=text_in, ranking=ranking))
    text = messages[0]["text"]
    assert "cannot judge your own situation" in text
    appeal = default_content().topics["ask_appeal"]
    assert appeal.answers["en"].summary in text
    assert default_content().sources_line(appeal.answers["en"].basis, appeal.last_checked, "en") in text, "the rule names its basis and date"
    assert "VluchtelingenWerk" in text and "Raad voor Rechtsbijstand" in text
    assert "Ahmed" not in text, "never repeats what the user wrote"
    assert "/ask_appeal" in [b["payload"] for b in messages[0]["buttons"]]


def test_refusal_uses_the_intent_before_the_guard_override():
    messages, _ = run(
        ActionRefuseIndividualAdvice(),
        tracker("request_individual_advice", ranking=[], guard={"rule": "what_to_say", "original_intent": "ask_interview"}),
    )
    assert default_content().topics["ask_interview"].answers["en"].summary in messages[0]["text"]


def test_refusal_prefers_the_topic_the_guard_named():
    guard = {"layer": "classifier", "score": 0.9, "original_intent": "request_individual_advice", "topic": "ask_dublin"}
    messages, _ = run(ActionRefuseIndividualAdvice(), tracker("request_individual_advice", ranking=[], guard=guard))
    assert default_content().topics["ask_dublin"].answers["en"].summary in messages[0]["text"]


def test_case_status_refusal_in_dutch_points_to_the_ind():
    messages, _ = run(ActionRefuseIndividualAdvice(), tracker("ask_case_status", language="nl", ranking=[]))
    assert "dossier" in messages[0]["text"] and "IND" in messages[0]["text"]


def test_delete_confirms():
    messages, _ = run(ActionDeleteConversation(), tracker("delete_conversation", language="nl", channel="rest"))
    assert "verwijderd" in messages[0]["text"]
    assert not messages[0]["custom"]


def test_delete_confirmation_is_marked_for_the_web_chat():
    messages, _ = run(ActionDeleteConversation(), tracker("delete_conversation", channel="socketio"))
    payload = messages[0]["custom"]["data"]
    assert payload["conversation_deleted"] is True
    assert "deleted" in payload["text"]
    assert not messages[0]["text"], "the text comes once, inside the marked message"
