"""The content check: every topic is answered in every language, with basis and date; every intent has
training data in every language; every response can be reached."""
import re

import pytest
import yaml

from bot.content import Content, ContentError, load_topic
from bot.language import load_language_config
from bot.paths import ROOT

DESIGN_TOPICS = """ask_procedure_overview ask_screening ask_registration_lodging ask_interview ask_decision_time
ask_appeal ask_dublin ask_border_procedure ask_accelerated_procedure ask_subsequent_application ask_withdrawal
ask_return ask_reception ask_work ask_education ask_healthcare ask_legal_aid ask_interpreter
ask_family_reunification ask_unaccompanied_minors ask_vulnerability ask_detention ask_rights_overview
ask_obligations ask_biometrics ask_documents ask_counselling_role ask_complaint ask_contact""".split()
LANGUAGES = load_language_config().supported
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture(scope="module")
def content():
    return Content.load()


def test_every_design_topic_is_an_intent_with_content(content):
    assert set(DESIGN_TOPICS) <= set(DOMAIN["intents"])
    assert set(DESIGN_TOPICS) <= set(content.topics)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_topic_has_answer_basis_and_date_in_every_language(content, lang):
    for intent, topic in content.topics.items():
        answer = topic.answers[lang]
        assert answer.title and answer.answer and answer.summary and answer.next, intent
        assert answer.basis, intent
        assert topic.last_checked.year >= 2026, intent
        message = content.render(intent, lang)
        label = content.ui[lang]["basis"]
        assert f"{label}: " in message.text and content.ui[lang]["last_checked"] in message.text


def test_answers_hold_no_urls_or_phone_numbers(content):
    for intent, topic in content.topics.items():
        for lang, answer in topic.answers.items():
            text = " ".join([answer.answer, answer.next, answer.summary])
            assert not re.search(r"https?://|www\.", text), (intent, lang)
            assert not re.search(r"\d{3}[ -]?\d{3}[ -]?\d{2,4}", text), (intent, lang)


def test_every_paragraph_ends_a_sentence(content):
    """A blank line inside a sentence would split it into two paragraphs on the phone."""
    for topic in content.topics.values():
        answers = [*topic.answers.values(), *(a for detail in topic.details.values() for a in detail.values())]
        for answer in answers:
            for paragraph in "\n\n".join(filter(None, [answer.answer, answer.summary, answer.next])).split("\n\n"):
                assert paragraph.rstrip()[-1] in ".?!:)", (topic.intent, paragraph[-80:])


def test_button_titles_are_short(content):
    for topic in content.topics.values():
        for lang, answer in topic.answers.items():
            assert len(answer.title) <= 40, (topic.intent, lang, answer.title)


def test_documents_has_its_sub_answers(content):
    assert {"which", "when", "how", "translations", "no_documents"} <= set(content.topics["ask_documents"].details)
    message = content.render("ask_documents", "en", detail="translations")
    assert "Basis:" in message.text


def training_intents(lang):
    intents = set()
    for path in (ROOT / "data" / "nlu" / lang).glob("*.yml"):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            if "intent" in block:
                intents.add(block["intent"])
    return intents


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_intent_has_training_data_in_every_language(lang):
    missing = set(DOMAIN["intents"]) - training_intents(lang)
    assert not missing, f"no {lang} training data for {sorted(missing)}"


def test_every_response_is_reachable():
    used = set()
    for path in (ROOT / "data").rglob("*.yml"):
        used |= set(re.findall(r"action:\s*(utter_\w+)", path.read_text()))
    for path in (ROOT / "actions").rglob("*.py"):
        used |= set(re.findall(r"[\"'](utter_\w+)[\"']", path.read_text()))
    for form in (DOMAIN.get("forms") or {}).values():
        used |= {f"utter_ask_{slot}" for slot in form.get("required_slots", [])}
    used.add("utter_default")  # Rasa's own fallback action utters it
    unreachable = set(DOMAIN["responses"]) - used
    assert not unreachable


def test_every_topic_is_answered_by_a_rule():
    answered = {}
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            steps = rule["steps"]
            if "intent" in steps[0]:
                answered[steps[0]["intent"]] = steps[1]["action"]
    assert answered["ask_procedure_overview"] == "action_start_procedure"
    for topic in set(DESIGN_TOPICS) - {"ask_procedure_overview"}:
        assert answered.get(topic) == "action_answer_topic", topic


def test_a_broken_topic_file_is_named_in_the_error(tmp_path):
    path = tmp_path / "ask_work.yml"
    path.write_text("intent: ask_work\nlast_checked: 2026-11-22\nen:\n  title: Work\n")
    with pytest.raises(ContentError, match=r"ask_work.yml \(en\): missing summary, answer, next, basis"):
        load_topic(path, ["en"])


def test_related_topics_must_exist(content):
    for topic in content.topics.values():
        assert set(topic.related) <= set(content.topics)
