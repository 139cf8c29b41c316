"""Adds a `language` entity to each message, which fills the `language` slot (see domain.yml).

An explicit request ("English please", intent switch_language) wins over identification of the
text's own language; short or unclear messages add nothing, so the slot keeps its value. A message
clearly written in a language we do not answer in, or a request for one ("can you speak Arabic?"), is
not guessed at: it becomes `nlu_fallback` with `unsupported_language` in the parse result, and
action_fallback_topics says which languages we answer in.
"""
from __future__ import annotations

from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.base import StatelessComponent
from bot.language import LanguageIdentifier, default_identifier

SWITCH_INTENT = "switch_language"
FALLBACK_INTENT = "nlu_fallback"
UNSUPPORTED = "unsupported_language"
LANGUAGE_ENTITY = "language"


def detected_language(message: Message) -> Optional[str]:
    """The language this component (or a button payload) gave the message, if any."""
    return next((e.get("value") for e in message.get(ENTITIES) or [] if e.get("entity") == LANGUAGE_ENTITY), None)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LanguageDetector(StatelessComponent):
    @classmethod
    def build(cls) -> "LanguageDetector":
        return cls(default_identifier())

    def __init__(self, identifier: LanguageIdentifier) -> None:
        self._identifier = identifier

    def language_of(self, message: Message) -> Optional[str]:
        text = message.get(TEXT) or ""
        intent = (message.get(INTENT) or {}).get("name")
        if intent == SWITCH_INTENT:
            named = self._identifier.named(text)
            if named:
                return named
        return self._identifier.detect(text)

    def other_language_asked_for(self, message: Message) -> Optional[str]:
        """The name of a language we do not answer in, when the message asks for it ("Arabic please")."""
        text = message.get(TEXT) or ""
        name = None if self._identifier.named(text) else self._identifier.named_other(text)
        if not name:
            return None
        asked = (message.get(INTENT) or {}).get("name") == SWITCH_INTENT or self._identifier.asks_to_speak(text)
        return name if asked else None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if detected_language(message):
                continue  # given explicitly, e.g. by a button payload
            asked = self.other_language_asked_for(message)
            code = None if asked else self.language_of(message)
            foreign = asked or (None if code else self._identifier.unsupported(message.get(TEXT) or ""))
            if foreign:
                message.set(UNSUPPORTED, foreign, add_to_output=True)
                message.set(INTENT, {"name": FALLBACK_INTENT, "confidence": 1.0}, add_to_output=True)
            if code:
                text = message.get(TEXT) or ""
                entity = {
                    "entity": LANGUAGE_ENTITY,
                    "value": code,
                    "start": 0,
                    "end": len(text),
                    "confidence": 1.0,
                    "extractor": self.__class__.__name__,
                }
                message.set(ENTITIES, message.get(ENTITIES, []) + [entity], add_to_output=True)
        return messages
