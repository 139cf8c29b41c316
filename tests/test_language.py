import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.language_detector import UNSUPPORTED, LanguageDetector, detected_language
from bot.language import default_identifier, load_language_config


@pytest.fixture(scope="module")
def identifier():
    return default_identifier()


@pytest.mark.parametrize(
    "text, code",
    [
        ("wanneer mag mijn kind naar school", "nl"),
        ("Ik wil asiel aanvragen in Nederland", "nl"),
        ("when can my children go to school", "en"),
        ("how long does the decision take", "en"),
    ],
)
def test_detects_supported_languages(identifier, text, code):
    assert identifier.detect(text) == code


@pytest.mark.parametrize("text", ["ok", "ja", "hoi", "", "😀😀", "Ter Apel"])
def test_short_or_unclear_text_changes_nothing(identifier, text):
    assert identifier.detect(text) is None


def test_unsupported_language_is_not_forced_into_a_supported_one(identifier):
    assert identifier.detect("أريد أن أعرف كيف تعمل إجراءات اللجوء") is None
    assert identifier.detect("Ich möchte wissen, wie das Asylverfahren funktioniert") is None


@pytest.mark.parametrize(
    "text, code",
    [("English please", "en"), ("in het Nederlands graag", "nl"), ("can you speak dutch", "nl"), ("Engels", "en")],
)
def test_named_language(identifier, text, code):
    assert identifier.named(text) == code


def test_named_language_is_none_when_ambiguous(identifier):
    assert identifier.named("English or Dutch?") is None


def test_a_language_named_after_my_is_the_writers_own_not_a_request(identifier):
    assert identifier.named("my english is bad, dutch please") == "nl"
    assert identifier.named("mijn Nederlands is niet goed") is None
    assert identifier.named("My Dutch and English are both weak. Can you speak Tigrinya?") is None
    assert identifier.named("my Arabic is better than my Dutch, can you speak English?") == "en"


def test_config_default_is_supported():
    config = load_language_config()
    assert config.default in config.supported


@pytest.mark.parametrize(
    "text, code",
    [("what is the border procedure at Schiphol", "en"), ("how can I contact the IND or VluchtelingenWerk", "en"),
     ("hoe bereik ik VluchtelingenWerk of de IND", "nl")],
)
def test_dutch_names_do_not_decide_the_language(identifier, text, code):
    assert identifier.detect(text) == code


@pytest.mark.parametrize(
    "text, code",
    [("مرحبا، هل يمكنني العمل؟", "ar"), ("سلام، چطور می‌توانم کار کنم؟", "fa"), ("Merhaba, çalışabilir miyim?", "tr")],
)
def test_languages_we_do_not_answer_in_are_recognised(identifier, text, code):
    assert identifier.detect(text) is None
    assert identifier.unsupported(text) == code


@pytest.mark.parametrize("text", ["can I work during the procedure", "mag ik werken tijdens de procedure", "hola", "ok"])
def test_supported_or_unclear_text_is_not_called_foreign(identifier, text):
    assert identifier.unsupported(text) is None


@pytest.mark.parametrize(
    "text, name",
    [("can you speak Arabic?", "arabic"), ("kun je in het Farsi antwoorden", "farsi"), ("Tigrinya please", "tigrinya")],
)
def test_a_language_we_do_not_answer_in_is_recognised_by_name(identifier, text, name):
    assert identifier.named_other(text) == name


def detector_result(text, intent):
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    LanguageDetector(default_identifier()).process([message])
    return message.get(INTENT)["name"], message.get(UNSUPPORTED), detected_language(message)


@pytest.mark.parametrize(
    "text, intent, name",
    [
        ("can you answer in Arabic please?", "switch_language", "arabic"),
        ("Could you answer me in Arabic?", "ask_counselling_role", "arabic"),  # the classifier missed it
        ("spreek je Farsi?", "nlu_fallback", "farsi"),
        ("Do you speak Amharic? my English not so good", "request_individual_advice", "amharic"),  # "my English": no request
        ("Kun je ook Frans praten? Mijn Nederlands is niet zo goed", "request_individual_advice", "frans"),
    ],
)
def test_asking_for_a_language_we_do_not_answer_in_gets_the_notice_not_a_switch(text, intent, name):
    assert detector_result(text, intent) == ("nlu_fallback", name, None)


@pytest.mark.parametrize(
    "text, intent, language",
    [
        ("can you answer in English please?", "switch_language", "en"),
        ("kun je in het Nederlands antwoorden in plaats van Arabisch?", "switch_language", "nl"),
        ("is there an Arabic interpreter at the interview?", "ask_interpreter", "en"),  # not a request to switch
        ("can you tell me if they speak Arabic at the interview?", "ask_interpreter", "en"),
        ("I only speak Arabic, is there help for me?", "ask_interpreter", "en"),
        ("Kun je uitleggen of ik een tolk Arabisch krijg?", "ask_interpreter", "nl"),
    ],
)
def test_naming_another_language_changes_nothing_else(text, intent, language):
    assert detector_result(text, intent) == (intent, None, language)
