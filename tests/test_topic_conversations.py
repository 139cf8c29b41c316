"""Each topic, asked in plain words in each language, reaches its answer in that language."""
import pytest
import yaml

from bot.content import default_content
from bot.paths import ROOT

pytestmark = pytest.mark.model

QUESTIONS = yaml.safe_load((ROOT / "tests" / "conversations" / "topic_questions.yml").read_text())
CASES = [(intent, lang, text) for intent, by_lang in QUESTIONS.items() for lang, text in by_lang.items()]
OVERVIEW = "ask_procedure_overview"
STEPS_HEADING = {"en": "Regular procedure", "nl": "Gewone procedure"}


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
    content = default_content()
    # the overview is answered with the steps of the regular track (content/procedures.yml)
    heading = STEPS_HEADING[lang] if intent == OVERVIEW else content.title(intent, lang)
    answer = next(m["text"] for m in replies if m.get("text", "").startswith(heading))
    assert f"{content.ui[lang]['basis']}: " in answer
    assert content.ui[lang]["last_checked"] in answer
