"""Each topic, asked in plain words in each language, reaches its answer in that language."""
import pytest
import yaml

from bot.content import default_content
from bot.paths import ROOT

pytestmark = pytest.mark.model

QUESTIONS = yaml.safe_load((ROOT / "tests" / "conversations" / "topic_questions.yml").read_text())
CASES = [(intent, lang, text) for intent, by_lang in QUESTIONS.items() for lang, text in by_lang.items()]
OVERVIEW = "ask_procedure_overview"  # answered by action_procedure_steps (tests/test_procedure_conversations.py)


def test_every_topic_has_a_question_in_every_language():
    content = default_content()
    for intent in content.topics:
        if intent == "ask_which_procedure":
            continue
        assert set(QUESTIONS.get(intent, {})) == set(content.ui), intent


@pytest.mark.parametrize("intent, lang, text", CASES, ids=[f"{i}-{l}" for i, l, _ in CASES])
def test_topic_question_reaches_its_answer_in_its_language(conversation, intent, lang, text):
    parsed = conversation.parse(text)
    assert parsed["intent"]["name"] == intent
    replies = conversation.say(text)
    if intent == OVERVIEW:
        return
    content = default_content()
    answer = next(m["text"] for m in replies if m.get("text", "").startswith(content.title(intent, lang)))
    assert f"{content.ui[lang]['basis']}: " in answer
    assert content.ui[lang]["last_checked"] in answer
