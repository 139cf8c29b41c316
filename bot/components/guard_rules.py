"""The guard's deterministic layer: cue patterns (content/guard_rules.yml) matched with spaCy's Matcher.

Runs after the intent classifier. When a cue matches, it overrides the intent (urgent help, a question
about the person's own file, a request for individual advice) and records which rule fired in the parse
result under `guard`, so every refusal is auditable.

A rule with the intent `answer` works the other way: when the question a message ends with says that it
asks in general ("I was rejected and feel lost. In general, what options are there?"), a refusal by the
classifier layer is withdrawn. It never withdraws a refusal by a cue, so "in general, will I get asylum?"
is still refused. Such a rule may name the intent that answers instead (`answer_with`): a question about the
assistant itself ("can you actually see my file or not?") is answered with what the assistant is. A rule for
messages that ask nothing about a case (thanks, a complaint about the assistant, a disclaimer before a general
question) may match anywhere (`anywhere`); its `unless` patterns then keep any question about the person's case.
Thanks withdraw nothing in a message that asks a question (`not_with_a_question`): "Thanks for the general info.
Will they transfer me?" is judged by its question.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Any, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from bot.components.base import StatelessComponent
from bot.paths import CONTENT

SPACY_DOC = "text_spacy_doc"
GUARD = "guard"
UNLESS = "unless:"
GUARD_INTENTS = ("request_individual_advice", "ask_case_status")
ANSWER = "answer"  # the intent of a rule that withdraws the classifier's refusal
FALLBACK_INTENT = "nlu_fallback"
CLASSIFIER_LAYER = "classifier"  # `guard.layer` when GuardClassifier decided
SENTENCE_ENDS = {".", "?", "!"}
SIGN_OFF = "sign_off:"  # the closing formulas' key in the matcher; not a rule id
MAX_SIGN_OFF_WORDS = 6  # a closing formula and a name


def set_intent(message: Message, decided: Dict[str, Any], drop: Sequence[str] = ()) -> None:
    """Makes `decided` the intent and puts it first in the ranking, leaving out the intents in `drop`."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in (decided["name"], *drop)]
    message.set(INTENT, decided, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [decided, *ranking], add_to_output=True)


def intent_when_answered(before: Optional[str], topic: Optional[str]) -> str:
    """The intent of a message the guard does not refuse: DIET's, unless that was a guard intent; then the
    topic the classifier layer named, or the fallback, which offers the likely topics."""
    if before and before not in GUARD_INTENTS:
        return before
    return topic or FALLBACK_INTENT


@dataclass(frozen=True)
class Rule:
    id: str
    intent: str
    patterns: Sequence[str]
    unless: Sequence[str] = ()
    answer_with: Optional[str] = None  # only for a rule with the intent `answer`
    anywhere: bool = False  # a rule with the intent `answer` that may match outside the last sentence
    not_with_a_question: bool = False  # a rule with the intent `answer` that does not count when the message has a "?"


@dataclass(frozen=True)
class RuleBook:
    """The rule file: the rules in the order they are checked, the closing formulas (`sign_offs`) and the words
    a question may start with when its "?" is left out (`question_words`)."""

    rules: Tuple[Rule, ...]
    sign_offs: Tuple[str, ...] = ()
    question_words: FrozenSet[str] = frozenset()
    short_forms: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)  # "mijn": ("m'n",)


def load_rules(path: Path = CONTENT / "guard_rules.yml") -> RuleBook:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for i, entry in enumerate(raw.get("rules") or []):
        missing = [k for k in ("id", "intent", "patterns") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path}: rule {i} misses {', '.join(missing)}")
        # a YAML alias to a list shared by several rules sits in the list as a list of its own
        unless = tuple(p for item in entry.get("unless") or () for p in (item if isinstance(item, list) else [item]))
        for option in ("anywhere", "not_with_a_question"):
            if entry.get(option) and entry["intent"] != ANSWER:
                raise ValueError(f"{path}: rule {entry['id']} has `{option}` but does not withdraw a refusal")
        rules.append(
            Rule(
                entry["id"], entry["intent"], tuple(entry["patterns"]), unless, entry.get("answer_with"),
                bool(entry.get("anywhere")), bool(entry.get("not_with_a_question")),
            )
        )
    short_forms = {word.lower(): tuple(forms) for word, forms in (raw.get("short_forms") or {}).items()}
    question_words = frozenset(word.lower() for word in raw.get("question_words") or ())
    return RuleBook(tuple(rules), tuple(raw.get("sign_offs") or ()), question_words, short_forms)


def token_pattern(pattern: str, short_forms: Mapping[str, Sequence[str]] = {}) -> List[Dict[str, Any]]:
    """'will i get asylum|status' -> a spaCy Matcher pattern on lower-case tokens; a word matches its
    `short_forms` too ("mijn": "m'n")."""
    tokens = []
    for word in pattern.lower().split():
        if word == "*":
            tokens.append({})
        elif word == "?":
            tokens.append({"OP": "?"})
        else:
            words = [form for option in word.split("|") for form in (option, *short_forms.get(option, ()))]
            options = list(dict.fromkeys(variant for form in words for variant in spellings(form)))
            tokens.append({"LOWER": {"IN": options}} if len(options) > 1 else {"LOWER": options[0]})
    return tokens


def spellings(word: str) -> List[str]:
    """"don't" as people type it on a phone too: "don’t", "dont"."""
    return [word, word.replace("'", "’"), word.replace("'", "")] if "'" in word else [word]


class GuardMatcher:
    def __init__(self, vocab: Vocab, book: RuleBook) -> None:
        self.rules = {rule.id: rule for rule in book.rules}
        self.question_words = book.question_words
        self.order = [rule.id for rule in book.rules]
        self.matcher = Matcher(vocab)
        for rule in book.rules:
            self.matcher.add(rule.id, [token_pattern(p, book.short_forms) for p in rule.patterns])
            if rule.unless:
                self.matcher.add(UNLESS + rule.id, [token_pattern(p, book.short_forms) for p in rule.unless])
        if book.sign_offs:
            self.matcher.add(SIGN_OFF, [token_pattern(p, book.short_forms) for p in book.sign_offs])

    def first_rule(self, doc: Doc) -> Optional[Rule]:
        found = [(doc.vocab.strings[match_id], start) for match_id, start, _ in self.matcher(doc)]
        last = last_question_start(doc, {start for name, start in found if name == SIGN_OFF}, self.question_words)
        matched = set()
        for name, start in found:
            rule = self.rules.get(name)
            if rule and rule.intent == ANSWER and not rule.anywhere and start < last:
                continue  # "asks in general" counts only in the question the message ends with
            if rule and rule.not_with_a_question and "?" in doc.text:
                continue
            matched.add(name)
        return next((self.rules[r] for r in self.order if r in matched and UNLESS + r not in matched), None)


def sentence_starts(doc: Doc) -> List[int]:
    """Index of the first word of each sentence (sentences end with '.', '?' or '!')."""
    words = [i for i, token in enumerate(doc) if not token.is_punct]
    if not words:
        return [0]
    ends = [i for i, token in enumerate(doc) if token.text in SENTENCE_ENDS and i < words[-1]]
    return sorted({0, *(next(w for w in words if w > end) for end in ends)})


def sentences(doc: Doc) -> List[Span]:
    starts = sentence_starts(doc)
    return [doc[start:end] for start, end in zip(starts, [*starts[1:], len(doc)])]


def word_count(span: Span) -> int:
    return sum(not token.is_punct for token in span)


def last_question_start(
    doc: Doc, sign_off_starts: AbstractSet[int] = frozenset(), question_words: AbstractSet[str] = frozenset()
) -> int:
    """Index of the first word of the question a message ends with: its last sentence (not counting a closing
    formula), or, when what follows a question only tells something ("Who can I contact to find out where my
    case is? I called twice and nobody answered."), that question. A sentence that starts with one of
    `question_words` asks something even without its "?" ("… what did they write about me")."""
    starts = sentence_starts(doc)
    end = len(doc)
    while len(starts) > 1 and starts[-1] in sign_off_starts and is_closing(doc[starts[-1] : end]):
        end = starts.pop()
    parts = [doc[start:stop] for start, stop in zip(starts, [*starts[1:], end])]
    last = len(parts) - 1
    while last > 0 and "?" not in parts[last].text and parts[last][0].lower_ not in question_words:
        last -= 1
    return starts[last] if "?" in parts[last].text else starts[-1]


def is_closing(sentence: Span) -> bool:
    """Short and no question: "Kind regards, [naam]", not "Thanks, but can you check my file?"."""
    return word_count(sentence) <= MAX_SIGN_OFF_WORDS and "?" not in sentence.text


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class GuardRules(StatelessComponent):
    @staticmethod
    def required_components() -> List[type]:
        return [SpacyNLP]

    @classmethod
    def build(cls) -> "GuardRules":
        return cls(load_rules())

    def __init__(self, book: RuleBook) -> None:
        self._book = book
        self._matchers: Dict[int, GuardMatcher] = {}

    def _matcher(self, vocab: Vocab) -> GuardMatcher:
        if id(vocab) not in self._matchers:
            self._matchers[id(vocab)] = GuardMatcher(vocab, self._book)
        return self._matchers[id(vocab)]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            doc = message.get(SPACY_DOC)
            if doc is None:
                continue
            rule = self._matcher(doc.vocab).first_rule(doc)
            if rule is None:
                continue
            original = (message.get(INTENT) or {}).get("name")
            earlier = message.get(GUARD) or {}  # the classifier layer may have decided first: keep what it found
            if rule.intent == ANSWER:
                if earlier.get("layer") == CLASSIFIER_LAYER and original in GUARD_INTENTS:
                    decided = rule.answer_with or intent_when_answered(earlier.get("original_intent"), earlier.get("topic"))
                    set_intent(message, {"name": decided, "confidence": 1.0}, drop=GUARD_INTENTS)
                    message.set(GUARD, {**earlier, "layer": "rule", "rule": rule.id}, add_to_output=True)
                continue
            message.set(
                GUARD,
                {**earlier, "layer": "rule", "rule": rule.id, "original_intent": earlier.get("original_intent") or original},
                add_to_output=True,
            )
            if original != rule.intent:
                set_intent(message, {"name": rule.intent, "confidence": 1.0})
        return messages

