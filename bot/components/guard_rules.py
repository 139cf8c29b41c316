"""The guard's deterministic layer: cue patterns (content/guard_rules.yml) matched with spaCy's Matcher.

Runs after the intent classifier. When a cue matches, it overrides the intent (urgent help, a question
about the person's own file, a request for individual advice) and records which rule fired in the parse
result under `guard`, so every refusal is auditable.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.components.base import StatelessComponent
from bot.paths import CONTENT

SPACY_DOC = "text_spacy_doc"
GUARD = "guard"
UNLESS = "unless:"


@dataclass(frozen=True)
class Rule:
    id: str
    intent: str
    patterns: Sequence[str]
    unless: Sequence[str] = ()


def load_rules(path: Path = CONTENT / "guard_rules.yml") -> List[Rule]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for i, entry in enumerate(raw.get("rules") or []):
        missing = [k for k in ("id", "intent", "patterns") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path}: rule {i} misses {', '.join(missing)}")
        rules.append(Rule(entry["id"], entry["intent"], tuple(entry["patterns"]), tuple(entry.get("unless") or ())))
    return rules


def token_pattern(pattern: str) -> List[Dict[str, Any]]:
    """'will i get asylum|status' -> a spaCy Matcher pattern on lower-case tokens."""
    tokens = []
    for word in pattern.lower().split():
        if word == "*":
            tokens.append({})
        elif word == "?":
            tokens.append({"OP": "?"})
        else:
            options = word.split("|")
            tokens.append({"LOWER": {"IN": options}} if len(options) > 1 else {"LOWER": options[0]})
    return tokens


class GuardMatcher:
    def __init__(self, vocab: Vocab, rules: Sequence[Rule]) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self.order = [rule.id for rule in rules]
        self.matcher = Matcher(vocab)
        for rule in rules:
            self.matcher.add(rule.id, [token_pattern(p) for p in rule.patterns])
            if rule.unless:
                self.matcher.add(UNLESS + rule.id, [token_pattern(p) for p in rule.unless])

    def first_rule(self, doc: Doc) -> Optional[Rule]:
        matched = {doc.vocab.strings[match_id] for match_id, _, _ in self.matcher(doc)}
        return next((self.rules[r] for r in self.order if r in matched and UNLESS + r not in matched), None)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class GuardRules(StatelessComponent):
    @staticmethod
    def required_components() -> List[type]:
        return [SpacyNLP]

    @classmethod
    def build(cls) -> "GuardRules":
        return cls(load_rules())

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = rules
        self._matchers: Dict[int, GuardMatcher] = {}

    def _matcher(self, vocab: Vocab) -> GuardMatcher:
        if id(vocab) not in self._matchers:
            self._matchers[id(vocab)] = GuardMatcher(vocab, self._rules)
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
            message.set(
                GUARD,
                {**earlier, "layer": "rule", "rule": rule.id, "original_intent": earlier.get("original_intent") or original},
                add_to_output=True,
            )
            if original == rule.intent:
                continue
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != rule.intent]
            message.set(INTENT, {"name": rule.intent, "confidence": 1.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": rule.intent, "confidence": 1.0}, *ranking], add_to_output=True)
        return messages
