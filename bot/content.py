"""The topic answers: loaded from content/topics/*.yml, checked, and rendered as chat messages.

Legal editors change the YAML; nothing here holds legal text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from bot.language import load_language_config
from bot.paths import CONTENT

LANGUAGE_FIELDS = ("title", "summary", "answer", "next", "basis")
DETAIL_FIELDS = ("title", "answer", "basis")


class ContentError(ValueError):
    """Content that cannot be served; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Answer:
    title: str
    answer: str
    basis: Tuple[str, ...]
    summary: str = ""
    next: str = ""


@dataclass(frozen=True)
class Topic:
    intent: str
    last_checked: dt.date
    related: Tuple[str, ...]
    answers: Dict[str, Answer]
    details: Dict[str, Dict[str, Answer]] = field(default_factory=dict)  # detail id -> lang -> answer


@dataclass(frozen=True)
class Message:
    text: str
    buttons: List[Dict[str, str]]


_LIST_ITEM = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Paragraphs are separated by blank lines; lines wrapped inside a paragraph are joined (list items are kept)."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", str(text).strip()):
        lines: List[str] = []
        for line in block.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _answer(raw: object, fields: Sequence[str], where: str) -> Answer:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping with {', '.join(fields)}")
    missing = [f for f in fields if not raw.get(f)]
    if missing:
        raise ContentError(f"{where}: missing {', '.join(missing)}")
    basis = raw["basis"]
    if isinstance(basis, str):
        basis = [basis]
    return Answer(
        title=str(raw["title"]).strip(),
        answer=reflow(raw["answer"]),
        basis=tuple(str(b).strip() for b in basis),
        summary=reflow(raw.get("summary", "")),
        next=reflow(raw.get("next", "")),
    )


def load_topic(path: Path, languages: Sequence[str]) -> Topic:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(raw, dict) or raw.get("intent") != path.stem:
        raise ContentError(f"{path}: 'intent' must be {path.stem!r}")
    checked = raw.get("last_checked")
    if not isinstance(checked, dt.date):
        raise ContentError(f"{path}: 'last_checked' must be a date like 2026-11-22")
    answers = {lang: _answer(raw.get(lang), LANGUAGE_FIELDS, f"{path} ({lang})") for lang in languages}
    details: Dict[str, Dict[str, Answer]] = {}
    for i, detail in enumerate(raw.get("details") or []):
        detail_id = detail.get("id") if isinstance(detail, dict) else None
        if not detail_id:
            raise ContentError(f"{path}: details[{i}] has no id")
        details[detail_id] = {
            lang: _answer(detail.get(lang), DETAIL_FIELDS, f"{path} detail {detail_id!r} ({lang})")
            for lang in languages
        }
    return Topic(
        intent=raw["intent"],
        last_checked=checked,
        related=tuple(raw.get("related") or ()),
        answers=answers,
        details=details,
    )


class Content:
    def __init__(self, topics: Dict[str, Topic], ui: Dict[str, dict], default_language: str):
        self.topics = topics
        self.ui = ui
        self.default_language = default_language
        for topic in topics.values():
            unknown = [r for r in topic.related if r not in topics]
            if unknown:
                raise ContentError(f"topic {topic.intent}: related topics without content: {unknown}")

    @classmethod
    def load(cls, folder: Path = CONTENT) -> "Content":
        languages = load_language_config(folder / "languages.yml")
        ui = yaml.safe_load((folder / "ui.yml").read_text(encoding="utf-8"))
        for lang in languages.supported:
            if lang not in ui:
                raise ContentError(f"{folder / 'ui.yml'}: no labels for language {lang!r}")
        paths = sorted((folder / "topics").glob("*.yml"))
        topics = {p.stem: load_topic(p, languages.supported) for p in paths}
        return cls(topics, ui, languages.default)

    def language(self, lang: Optional[str]) -> str:
        return lang if lang in self.ui else self.default_language

    def format_date(self, day: dt.date, lang: str) -> str:
        months = self.ui[self.language(lang)]["months"]
        return f"{day.day} {months[day.month - 1]} {day.year}"

    def title(self, intent: str, lang: Optional[str]) -> str:
        return self.topics[intent].answers[self.language(lang)].title

    def button(self, intent: str, lang: Optional[str]) -> Dict[str, str]:
        return {"title": self.title(intent, lang), "payload": f"/{intent}"}

    def sources_line(self, basis: Sequence[str], checked: dt.date, lang: str) -> str:
        labels = self.ui[lang]
        return (
            f"{labels['basis']}: {'; '.join(basis)}. "
            f"{labels['last_checked']}: {self.format_date(checked, lang)}."
        )

    def render(self, intent: str, lang: Optional[str], detail: Optional[str] = None) -> Message:
        """The answer to a topic (or one of its details) with its basis, date and related buttons."""
        lang = self.language(lang)
        topic = self.topics[intent]
        main = topic.answers[lang]
        if detail in topic.details:
            part = topic.details[detail][lang]
            text = "\n\n".join([part.title, part.answer, self.sources_line(part.basis, topic.last_checked, lang)])
        else:
            parts = [main.title, main.answer, main.next]
            text = "\n\n".join(p for p in parts if p)
            text += "\n\n" + self.sources_line(main.basis, topic.last_checked, lang)
        buttons = [
            {"title": d[lang].title, "payload": f'/{intent}{{"detail": "{detail_id}"}}'}
            for detail_id, d in topic.details.items()
            if detail_id != detail
        ]
        buttons += [self.button(r, lang) for r in topic.related]
        return Message(text=text, buttons=buttons)


@lru_cache(maxsize=1)
def default_content() -> Content:
    return Content.load()
