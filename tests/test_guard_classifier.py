"""The guard's classifier layer: how it mixes its own and DIET's probability, and that it trains and loads."""
import pytest
import spacy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.guard_classifier import GuardClassifier, example_files, load_examples

ADVICE, CASE = "request_individual_advice", "ask_case_status"


class Fixed:
    """Stands in for a trained model: the same probabilities for every text."""

    def __init__(self, **probabilities):
        self.classes_, self.row = list(probabilities), list(probabilities.values())

    def predict_proba(self, texts):
        return [self.row for _ in texts]


def guard_model(advice, case):
    return Fixed(**{ADVICE: advice, "answer": 1 - advice - case, CASE: case})


def component(refuse, tmp_path, topic=None, encoder=None, **config):
    models = {"refuse": refuse, "topic": topic or Fixed(ask_dublin=0.8, greet=0.2)}
    if encoder:
        models["encoder"] = encoder
    return GuardClassifier(config, LocalModelStorage(tmp_path), Resource("guard"), models, embed=lambda texts: texts)


def message(intent, ranking, language=None, **extra):
    data = {TEXT: "some question", INTENT: {"name": intent, "confidence": ranking[0][1]}, **extra}
    if language:
        data[ENTITIES] = [{"entity": "language", "value": language, "start": 0, "end": 13}]
    data[INTENT_RANKING_KEY] = [{"name": n, "confidence": c} for n, c in ranking]
    return Message(data=data)


def test_refuses_when_the_mixed_probability_reaches_the_threshold(tmp_path):
    # DIET: mostly Dublin; own model: 0.95 advice. Mixed: 0.5 * 0.1 + 0.5 * 0.95 = 0.525.
    m = message("ask_dublin", [("ask_dublin", 0.9), (ADVICE, 0.1)])
    component(guard_model(0.95, 0.0), tmp_path, threshold=0.5, diet_weight=0.5).process([m])
    assert m.get(INTENT)["name"] == ADVICE
    assert m.get("guard") == {"layer": "classifier", "score": 0.525, "original_intent": "ask_dublin", "topic": "ask_dublin"}
    assert [r["name"] for r in m.get(INTENT_RANKING_KEY)] == [ADVICE, "ask_dublin"]


def test_chooses_the_guard_intent_with_the_higher_mixed_probability(tmp_path):
    m = message("nlu_fallback", [("nlu_fallback", 0.3), ("ask_interview", 0.25), (ADVICE, 0.2)])
    component(guard_model(0.2, 0.7), tmp_path).process([m])
    assert m.get(INTENT)["name"] == CASE
    assert "nlu_fallback" not in [r["name"] for r in m.get(INTENT_RANKING_KEY)]


def test_an_unclear_topic_is_not_named(tmp_path):
    m = message("nlu_fallback", [("nlu_fallback", 0.3), (ADVICE, 0.3)])
    component(guard_model(0.9, 0.0), tmp_path, topic=Fixed(ask_dublin=0.34, ask_work=0.33, greet=0.33), topic_threshold=0.35).process([m])
    assert m.get(INTENT)["name"] == ADVICE and m.get("guard")["topic"] is None


def test_a_guard_intent_below_the_threshold_becomes_the_topic_not_a_refusal(tmp_path):
    m = message(CASE, [(CASE, 0.6), ("ask_work", 0.3), ("ask_dublin", 0.1)])
    component(guard_model(0.0, 0.1), tmp_path, threshold=0.5, diet_weight=0.5).process([m])
    assert m.get(INTENT)["name"] == "ask_dublin"  # what the topic model names, not DIET's runner-up
    assert m.get("guard")["original_intent"] == CASE
    assert [r["name"] for r in m.get(INTENT_RANKING_KEY)] == ["ask_dublin", "ask_work"]


def test_below_the_threshold_and_no_clear_topic_it_becomes_a_fallback(tmp_path):
    m = message(CASE, [(CASE, 0.6), ("ask_work", 0.4)])
    unsure = Fixed(ask_dublin=0.34, ask_work=0.33, greet=0.33)
    component(guard_model(0.0, 0.1), tmp_path, topic=unsure, threshold=0.5, diet_weight=0.5, topic_threshold=0.35).process([m])
    assert m.get(INTENT)["name"] == "nlu_fallback"
    assert [r["name"] for r in m.get(INTENT_RANKING_KEY)] == ["nlu_fallback", "ask_work"]


def test_a_general_question_below_the_threshold_is_left_alone(tmp_path):
    m = message("ask_work", [("ask_work", 0.95), (CASE, 0.05)])
    component(guard_model(0.1, 0.1), tmp_path).process([m])
    assert m.get(INTENT)["name"] == "ask_work" and m.get("guard") is None


def test_urgent_help_is_never_turned_into_a_refusal(tmp_path):
    m = message("urgent_help", [("urgent_help", 0.6), (ADVICE, 0.4)])
    component(guard_model(0.99, 0.0), tmp_path).process([m])
    assert m.get(INTENT)["name"] == "urgent_help" and m.get("guard") is None


@pytest.mark.parametrize("confidence, refused", [(0.7, False), (0.4, True)])
def test_sadness_is_not_refused_when_diet_is_sure_of_it(tmp_path, confidence, refused):
    m = message("mood_unhappy", [("mood_unhappy", confidence), (ADVICE, 1 - confidence)])
    component(guard_model(0.99, 0.0), tmp_path, protected_intents={"urgent_help": 0.0, "mood_unhappy": 0.5}).process([m])
    assert (m.get(INTENT)["name"] == ADVICE) == refused


def test_a_language_we_do_not_answer_in_is_not_judged(tmp_path):
    m = message("nlu_fallback", [("nlu_fallback", 1.0)], unsupported_language="ar")
    component(guard_model(0.9, 0.0), tmp_path).process([m])
    assert m.get(INTENT)["name"] == "nlu_fallback" and m.get("guard") is None


class ByText(Fixed):
    """Stands in for a trained model whose advice probability is given per text (lower case): `texts`, else `default`."""

    def __init__(self, default, **texts):
        super().__init__(**{ADVICE: default, "answer": 1 - default, CASE: 0.0})
        self.texts = {text.lower(): p for text, p in texts.items()}

    def predict_proba(self, texts):
        return [[self.texts.get(t.lower(), self.row[0]), 1 - self.texts.get(t.lower(), self.row[0]), 0.0] for t in texts]


STORY = "My sister lives in the azc with her little son, he is six and cries a lot."
QUESTION = "May children who live in an azc go to a normal school?"
OWN_CASE = "And can you check whether the IND has received my papers?"


def told(text, ranking=(("ask_education", 0.7), (ADVICE, 0.3))):
    """A message as the pipeline hands it over: with its spaCy doc, made of the lower-cased text as SpacyNLP does."""
    return message(ranking[0][0], list(ranking), text_spacy_doc=spacy.blank("xx")(text.lower()), text=text)


QUESTIONS_CONFIG = {"threshold": 0.5, "diet_weight": 0.5, "question_threshold": 0.1, "question_min_words": 8}


def test_a_story_before_a_general_question_does_not_make_it_a_refusal(tmp_path):
    m = told(f"{STORY} {QUESTION}")
    component(ByText(0.9, **{QUESTION: 0.05}), tmp_path, **QUESTIONS_CONFIG).process([m])
    assert m.get(INTENT)["name"] == "ask_education"
    assert m.get("guard") == {"layer": "classifier", "score": 0.6, "original_intent": "ask_education", "topic": "ask_dublin", "questions": 0.05}


def test_a_guard_intent_of_diets_becomes_the_topic_when_the_questions_alone_are_general(tmp_path):
    m = told(f"{STORY} {QUESTION}", ranking=((ADVICE, 0.7), ("ask_education", 0.3)))
    component(ByText(0.9, **{QUESTION: 0.05}), tmp_path, **QUESTIONS_CONFIG).process([m])
    assert m.get(INTENT)["name"] == "ask_dublin"  # what the topic model names


@pytest.mark.parametrize(
    "text, why",
    [
        (f"{STORY} {QUESTION} {OWN_CASE}", "one of its questions is about the own file"),
        (f"{STORY} What do you advise her?", "the question is too short to be read without the story"),
        (f"{STORY} Please tell me about school for children in an azc.", "the message asks no question"),
    ],
)
def test_the_refusal_stays_when_the_questions_cannot_be_read_alone_as_general(tmp_path, text, why):
    m = told(text)
    component(ByText(0.9, **{QUESTION: 0.05, "What do you advise her?": 0.05}), tmp_path, **QUESTIONS_CONFIG).process([m])
    assert m.get(INTENT)["name"] == ADVICE, why


def test_a_message_of_one_sentence_is_judged_whole(tmp_path):
    m = told(QUESTION, ranking=((ADVICE, 1.0),))  # 0.5 * DIET 1.0 + 0.5 * own 0.05 = 0.525
    component(ByText(0.9, **{QUESTION: 0.05}), tmp_path, **QUESTIONS_CONFIG).process([m])
    assert m.get(INTENT)["name"] == ADVICE and "questions" not in m.get("guard")


def test_without_a_question_threshold_the_questions_are_not_read_alone(tmp_path):
    m = told(f"{STORY} {QUESTION}")
    component(ByText(0.9, **{QUESTION: 0.05}), tmp_path, **{**QUESTIONS_CONFIG, "question_threshold": 0.0}).process([m])
    assert m.get(INTENT)["name"] == ADVICE and "questions" not in m.get("guard")


def test_english_questions_are_read_alone_by_the_encoder_model_too(tmp_path):
    # own 0.05 and encoder 0.3 on the question, weighted 0.4 : 0.4, give 0.175: above 0.1, so refused
    m = told(f"{STORY} {QUESTION}")
    m.set(ENTITIES, [{"entity": "language", "value": "en", "start": 0, "end": 10}])
    config = {**QUESTIONS_CONFIG, **ENCODER_CONFIG}
    component(ByText(0.9, **{QUESTION: 0.05}), tmp_path, encoder=ByText(0.9, **{QUESTION: 0.3}), **config).process([m])
    assert m.get(INTENT)["name"] == ADVICE and m.get("guard")["questions"] == pytest.approx(0.175)


GENERAL_THEN_OWN = f"{QUESTION} {OWN_CASE}"


def test_a_general_question_does_not_hide_one_about_the_own_case(tmp_path):
    # whole message: 0.5 * DIET 0.3 + 0.5 * own 0.2 = 0.25, answered; its second question alone: 0.9, refused
    m = told(GENERAL_THEN_OWN)
    config = {**QUESTIONS_CONFIG, "question_refuse_threshold": 0.7}
    component(ByText(0.2, **{OWN_CASE: 0.9}), tmp_path, **config).process([m])
    assert m.get(INTENT) == {"name": ADVICE, "confidence": pytest.approx(0.9)}
    assert m.get("guard") == {"layer": "classifier", "score": 0.25, "original_intent": "ask_education", "topic": "ask_dublin", "questions": 0.9}


@pytest.mark.parametrize(
    "text, config, why",
    [
        (GENERAL_THEN_OWN, {"question_refuse_threshold": 0.0}, "questions alone never refuse when the setting is 0"),
        (GENERAL_THEN_OWN, {"question_refuse_threshold": 0.95}, "no question alone reaches the setting"),
        (f"{STORY} Please check whether the IND has my papers.", {"question_refuse_threshold": 0.7}, "the message asks no question"),
    ],
)
def test_an_answered_message_stays_answered_when_no_question_alone_asks_about_a_case(tmp_path, text, config, why):
    m = told(text)
    component(ByText(0.2, **{OWN_CASE: 0.9, "Please check whether the IND has my papers.": 0.9}), tmp_path, **{**QUESTIONS_CONFIG, **config}).process([m])
    assert m.get(INTENT)["name"] == "ask_education" and m.get("guard") is None, why


ENCODER_CONFIG = {"threshold": 0.5, "diet_weight": 0.5, "encoder_weight": 0.4, "encoder_diet_weight": 0.2}


def test_an_english_message_gets_the_encoders_opinion_with_its_own_weights(tmp_path):
    # 0.2 * DIET 0.1 + 0.4 * own 0.3 + 0.4 * encoder 0.9 = 0.5: refused, where DIET and own alone give 0.2
    m = message("ask_dublin", [("ask_dublin", 0.9), (ADVICE, 0.1)], language="en")
    component(guard_model(0.3, 0.0), tmp_path, encoder=guard_model(0.9, 0.0), **ENCODER_CONFIG).process([m])
    assert m.get(INTENT)["name"] == ADVICE
    assert m.get("guard")["score"] == pytest.approx(0.5) and m.get("guard")["encoder"] == 0.9


@pytest.mark.parametrize("language", ["nl", None])
def test_other_languages_and_unknown_ones_are_judged_without_the_encoder(tmp_path, language):
    m = message("ask_dublin", [("ask_dublin", 0.9), (ADVICE, 0.1)], language=language)
    component(guard_model(0.3, 0.0), tmp_path, encoder=guard_model(0.9, 0.0), **ENCODER_CONFIG).process([m])
    assert m.get(INTENT)["name"] == "ask_dublin" and m.get("guard") is None  # 0.5 * 0.1 + 0.5 * 0.3 = 0.2


def test_trains_persists_and_loads(tmp_path):
    examples = {
        ADVICE: ["will I get asylum", "what are my chances", "should I appeal", "what should I say to them"],
        CASE: ["what is the status of my file", "when is my interview", "any news on my case", "check my dossier"],
        "ask_work": ["can I work", "when may I work", "can asylum seekers get a job", "work permit rules"],
        "ask_reception": ["where will I live", "how much allowance do I get", "what is an azc", "can I move"],
        "delete_conversation": ["delete my conversation", "remove this chat", "erase what I wrote", "forget me"],
    }
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in examples.items() for t in texts])
    storage, resource = LocalModelStorage(tmp_path), Resource("guard")
    context = ExecutionContext(GraphSchema({}), "test")
    trained = GuardClassifier.create({}, storage, resource, context)
    trained.train(data)
    loaded = GuardClassifier.load({}, storage, resource, context)
    texts = ["will I get asylum", "a sentence with words it never saw", "where will I live"]
    for model in ("refuse", "topic"):  # the vocabularies, stored apart from the rest, come back intact
        assert loaded.probabilities(texts, model) == pytest.approx(trained.probabilities(texts, model))
    advice, case, general = loaded.probabilities(["what are my chances", "what is the status of my file", "can I work"])
    assert advice[ADVICE] > advice["answer"] and case[CASE] > case["answer"] and general["answer"] > general[ADVICE]
    # the topic model knows only topic intents: a refusal never turns into "delete my conversation"
    assert set(loaded.probabilities(["can I work"], "topic")[0]) == {"ask_work", "ask_reception"}
    assert loaded.topic("how much allowance do I get") == "ask_reception"


def test_training_without_guard_examples_fails_clearly(tmp_path):
    data = TrainingData([Message(data={TEXT: "can I work", INTENT: "ask_work"})])
    with pytest.raises(ValueError, match="needs training examples"):
        GuardClassifier.create({}, LocalModelStorage(tmp_path), Resource("g"), ExecutionContext(GraphSchema({}), "t")).train(data)


def test_with_an_encoder_weight_it_trains_the_encoder_model_on_english_examples(tmp_path):
    examples = {
        ADVICE: ["Do you think I will get asylum here?", "What are my chances with the IND, honestly?",
                 "Should I appeal against my rejection or not?", "What should I tell them in my interview?"],
        CASE: ["What is the status of my asylum file at the IND?", "When is my interview going to be?",
               "Is there any news about my case yet?", "Mijn dossier, is daar al nieuws over?"],
        "ask_work": ["Can asylum seekers work in the Netherlands?", "From when may an asylum seeker work?",
                     "Do people in an azc need a work permit?", "Mag een asielzoeker werken?"],
        "ask_reception": ["Where do asylum seekers live during the procedure?", "What is an azc exactly?",
                          "How much weekly allowance does the COA pay?", "Waar woon je tijdens de procedure?"],
    }
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in examples.items() for t in texts])
    storage, resource = LocalModelStorage(tmp_path), Resource("guard")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {"encoder_weight": 0.4}
    trained = GuardClassifier.create(config, storage, resource, context)
    trained.train(data)
    assert trained._models["encoder"].n_features_in_ == 384
    loaded = GuardClassifier.load(config, storage, resource, context)
    texts = ["Will the IND give me asylum, do you think?", "Can asylum seekers get a job?"]
    assert loaded.probabilities(texts, "encoder") == pytest.approx(trained.probabilities(texts, "encoder"))
    own_case, general = loaded.probabilities(texts, "encoder")
    assert own_case[ADVICE] > own_case["answer"] and general["answer"] > general[ADVICE]


def test_rasas_training_cache_sees_a_change_to_this_components_code(tmp_path, monkeypatch):
    import bot.components.guard_classifier as module

    before = GuardClassifier.fingerprint_addon({})
    changed = tmp_path / "guard_classifier.py"
    changed.write_bytes(open(module.__file__, "rb").read() + b"\n# changed\n")
    monkeypatch.setattr(module, "__file__", str(changed))
    assert GuardClassifier.fingerprint_addon({}) != before


def test_the_refuse_model_learns_from_the_labelled_guard_examples_too(tmp_path):
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "set.yml").write_text(
        "# a guard set\n"
        "- {text: 'denk je dat de rechter mij gelijk geeft', lang: nl, expect: refuse, kind: advice}\n"
        "- {text: 'geeft de rechter vaak gelijk aan asielzoekers', lang: nl, expect: answer, kind: general}\n"
    )
    nlu = {
        ADVICE: ["will I get asylum", "what are my chances"],
        CASE: ["what is the status of my file", "when is my interview"],
        "ask_work": ["can I work", "when may I work"],
        "ask_reception": ["where will I live", "what is an azc"],
    }
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in nlu.items() for t in texts])
    context = ExecutionContext(GraphSchema({}), "test")

    def advice_probability(config, folder):
        (tmp_path / folder).mkdir()
        trained = GuardClassifier.create(config, LocalModelStorage(tmp_path / folder), Resource("guard"), context)
        trained.train(data)
        return trained.probabilities(["denk je dat de rechter mij gelijk geeft"])[0][ADVICE]

    assert advice_probability({"examples": str(examples)}, "with") > advice_probability({}, "without") + 0.2


def test_a_guard_example_without_a_known_kind_is_an_error(tmp_path):
    (tmp_path / "set.yml").write_text("- {text: 'hallo', lang: nl, expect: answer, kind: greeting}\n")
    with pytest.raises(ValueError, match="set.yml: 'hallo' has no kind"):
        load_examples([tmp_path / "set.yml"])


def test_rasas_training_cache_sees_a_change_to_the_guard_examples(tmp_path):
    (tmp_path / "set.yml").write_text("- {text: 'hallo', lang: nl, expect: answer, kind: general}\n")
    before = GuardClassifier.fingerprint_addon({"examples": str(tmp_path)})
    (tmp_path / "set.yml").write_text("- {text: 'hallo daar', lang: nl, expect: answer, kind: general}\n")
    assert GuardClassifier.fingerprint_addon({"examples": str(tmp_path)}) != before
    assert example_files({"examples": str(tmp_path)}) == [tmp_path / "set.yml"]
