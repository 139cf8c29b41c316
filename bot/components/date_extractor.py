"""Adds a `date` entity (ISO date, or "invalid" when the text holds a date that cannot be read).

Fills the `registration_date` slot used by action_procedure_steps ("I registered on 3 July 2026").
"""
from __future__ import annotations

import datetime as dt
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.base import StatelessComponent
from bot.dates import looks_like_date, parse_date

INVALID = "invalid"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DateExtractor(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or any(e.get("entity") == "date" for e in message.get(ENTITIES, [])):
                continue
            day = parse_date(text, dt.date.today())
            value = day.isoformat() if day else INVALID if looks_like_date(text) else None
            if value:
                entity = {"entity": "date", "value": value, "start": 0, "end": len(text),
                          "confidence": 1.0, "extractor": self.__class__.__name__}
                message.set(ENTITIES, message.get(ENTITIES, []) + [entity], add_to_output=True)
        return messages
