"""Conversations with the real trained model (in-process) and the real action server."""
import pytest

pytestmark = pytest.mark.model

DISCLAIMER = {"en": "cannot look into any file", "nl": "in geen enkel dossier kijken"}


def test_greeting_gives_the_disclaimer_once(conversation):
    first = conversation.say("Hello")
    assert DISCLAIMER["en"] in first[0]["text"]
    assert "not a person" in first[0]["text"] and "personal details" in first[0]["text"]
    assert {b["payload"] for b in first[0]["buttons"]} >= {"/ask_procedure_overview", "/ask_legal_aid"}
    again = conversation.texts("hello again")
    assert again and not any(DISCLAIMER["en"] in t for t in again)


def test_dutch_greeting_is_answered_in_dutch(conversation):
    texts = conversation.texts("Hallo, goedemiddag, ik heb een vraag over asiel")
    assert DISCLAIMER["nl"] in texts[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bye, see you later", "Goodbye"),
        ("thank you so much", "You are welcome"),
        ("am I talking to a real person?", "computer program"),
        ("dag, tot de volgende keer", "Tot ziens"),
        ("bedankt voor de hulp", "Graag gedaan"),
        ("ben jij een robot?", "computerprogramma"),
    ],
)
def test_small_talk(conversation, text, expected):
    assert any(expected in t for t in conversation.texts(text))


def test_out_of_scope_redirects_with_topics(conversation):
    replies = conversation.say("what is the weather going to be like in Amsterdam tomorrow")
    assert "general information about the asylum procedure" in replies[0]["text"]
    assert len(replies[0]["buttons"]) >= 3


def test_unclear_message_offers_likely_topics_not_a_dead_end(conversation):
    replies = conversation.say("paper")
    assert replies, "the assistant always answers"
    assert replies[-1].get("buttons"), "an unclear message gets topic buttons"


def test_language_can_be_switched_explicitly(conversation):
    conversation.say("Hello")
    assert "Nederlands" in conversation.texts("kun je Nederlands praten?")[0]
    answer = conversation.texts("/ask_work")[0]
    assert "Bron:" in answer


def test_language_button_payload_switches(conversation):
    conversation.say("Hello")
    assert "Nederlands" in conversation.texts('/switch_language{"language": "nl"}')[0]
    assert conversation.tracker().get_slot("language") == "nl"


def test_personal_data_gets_a_kind_reminder_and_is_not_kept(conversation):
    replies = conversation.texts("my V-number is 1234567890, can I work?")
    assert any("do not share personal details" in t for t in replies)
    stored = [e.text for e in conversation.tracker().events if getattr(e, "text", None)]
    assert not any("1234567890" in t for t in stored)


@pytest.mark.parametrize("text", ["مرحبا، هل يمكنني العمل أثناء الإجراء؟", "سلام، آیا می‌توانم در طول رویه کار کنم؟"])
def test_a_language_we_do_not_answer_in_gets_our_languages_not_a_guess(conversation, text):
    replies = conversation.say(text)
    assert "I can only answer in English and Dutch" in replies[0]["text"]
    assert {b["title"] for b in replies[0]["buttons"]} == {"English", "Nederlands"}


@pytest.mark.parametrize("text", ["Could you answer me in Arabic?", "kunt u ook Tigrinya spreken?"])
def test_asking_for_a_language_we_do_not_answer_in_gets_our_languages(conversation, text):
    replies = conversation.say(text)
    assert "I can only answer in English and Dutch" in replies[0]["text"], conversation.parse(text)
    assert {b["title"] for b in replies[0]["buttons"]} == {"English", "Nederlands"}
