"""The procedure model (content/procedures.yml): tracks, their steps, time limits and bases.

Loaded and validated as a whole (a malformed model raises ModelError naming the file, the step and the
problem; nothing is half-loaded), then used by action_procedure_steps to list the steps of a track for a
kind of applicant, with indicative dates for the legal maximum limits that run from registration.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml
from dateutil.relativedelta import relativedelta

from bot.paths import CONTENT

STATUSES = ("verified", "partly_verified", "unverified")
STARTS = ("registration", "lodging")
PERIODS = ("days", "weeks", "months")
LODGING_DAYS = 21  # APR art. 28(1): lodging within 21 days of registration
STEP_TEXTS = ("title", "what", "who", "you_do", "limit", "basis")


class ModelError(ValueError):
    """The procedure model cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    what: str
    who: str
    you_do: str
    limit: str
    basis: str
    status: str
    legal_aid: Optional[bool]
    due: Optional[dt.date]
    due_from: Optional[str] = None


def _due(rule: Optional[Mapping[str, Any]], registered_on: Optional[dt.date]) -> Optional[dt.date]:
    if not rule or registered_on is None:
        return None
    start = registered_on if rule["from"] == "registration" else registered_on + dt.timedelta(days=LODGING_DAYS)
    return start + relativedelta(**{rule_key: rule[rule_key] for rule_key in PERIODS if rule_key in rule})


class ProcedureModel:
    def __init__(self, raw: Dict[str, Any], source: str) -> None:
        self._raw = raw
        self.source = source
        self.languages: Tuple[str, ...] = tuple(raw["languages"])
        self.tracks: Tuple[str, ...] = tuple(raw["tracks"])
        self.kinds: Tuple[str, ...] = tuple(raw["kinds"])
        self.last_checked: dt.date = raw["last_checked"]

    def text(self, key: str, lang: str) -> str:
        return self._raw["texts"][lang][key]

    def track_title(self, track: str, lang: str) -> str:
        return self._raw["tracks"][track]["title"][lang]

    def kind_title(self, kind: str, lang: str) -> str:
        return self._raw["kinds"][kind][lang]

    def steps(self, track: str, kind: str, lang: str, registered_on: Optional[dt.date] = None) -> List[Step]:
        if track not in self.tracks or kind not in self.kinds or lang not in self.languages:
            raise KeyError(f"unknown track, kind or language: {track!r}, {kind!r}, {lang!r}")
        result = []
        for raw in self._raw["tracks"][track]["steps"]:
            if kind not in raw.get("kinds", self.kinds):
                continue
            due_rule = raw.get("due")
            result.append(
                Step(
                    id=raw["id"],
                    **{name: raw[name][lang] if name in raw else "" for name in STEP_TEXTS},
                    status=raw["status"],
                    legal_aid=raw.get("legal_aid"),
                    due=_due(due_rule, registered_on),
                    due_from=due_rule["from"] if due_rule else None,
                )
            )
        return result

    def format_date(self, day: dt.date, lang: str) -> str:
        return f"{day.day} {self.text('months', lang).split()[day.month - 1]} {day.year}"

    def render(self, track: str, kind: str, lang: str, registered_on: Optional[dt.date] = None) -> str:
        """The chat text: the track's steps for this kind of applicant, in plain language."""
        label = self._raw["texts"][lang]
        lines = [
            f"{self.track_title(track, lang)} · {self.kind_title(kind, lang)}",
            self._raw["tracks"][track]["intro"][lang].strip(),
        ]
        if registered_on:
            lines.append(label["dates_intro"].format(date=self.format_date(registered_on, lang)))
        for number, step in enumerate(self.steps(track, kind, lang, registered_on), start=1):
            parts = [f"{number}. {step.title} ({step.who}). {step.what}"]
            if step.you_do:
                parts.append(f"{label['you_do']}: {step.you_do}")
            if step.limit:
                limit = f"{label['limit']}: {step.limit}"
                if step.due:
                    key = "due_from_lodging" if step.due_from == "lodging" else "due"
                    limit += " " + label[key].format(date=self.format_date(step.due, lang))
                parts.append(limit)
            if step.legal_aid is not None:
                parts.append(label["legal_aid_yes"] if step.legal_aid else label["legal_aid_no"])
            parts.append(f"{label['basis']}: {step.basis}")
            lines.append("\n".join(parts))
        lines.append(label["disclaimer"])
        lines.append(f"{label['last_checked']}: {self.format_date(self.last_checked, lang)}.")
        return "\n\n".join(lines)


def _check(raw: Any, path: Path) -> None:
    def fail(where: str, problem: str) -> None:
        raise ModelError(f"{path}: {where}: {problem}")

    if not isinstance(raw, dict):
        fail("top level", "expected a mapping")
    for key in ("languages", "last_checked", "texts", "kinds", "tracks"):
        if key not in raw:
            fail("top level", f"missing {key!r}")
    languages = raw["languages"]
    if not isinstance(raw["last_checked"], dt.date):
        fail("last_checked", "must be a date like 2026-11-22")
    for lang in languages:
        if lang not in raw["texts"]:
            fail("texts", f"missing language {lang!r}")
    required_texts = set().union(*(set(raw["texts"][lang]) for lang in languages))
    for lang in languages:
        missing = required_texts - set(raw["texts"][lang])
        if missing:
            fail(f"texts ({lang})", f"missing {', '.join(sorted(missing))}")
    for kind, titles in (raw["kinds"] or {}).items():
        for lang in languages:
            if not (titles or {}).get(lang):
                fail(f"kind {kind!r}", f"missing title ({lang})")
    if not raw["tracks"]:
        fail("tracks", "no tracks")
    for track, spec in raw["tracks"].items():
        where = f"track {track!r}"
        for field in ("title", "intro"):
            for lang in languages:
                if not (spec.get(field) or {}).get(lang):
                    fail(where, f"missing {field!r} ({lang})")
        seen = set()
        for i, step in enumerate(spec.get("steps") or []):
            step_id = step.get("id")
            if not step_id:
                fail(f"{where}, step {i + 1}", "missing 'id'")
            where_step = f"{where}, step {step_id!r}"
            if step_id in seen:
                fail(where_step, "duplicate step id")
            seen.add(step_id)
            for field in ("title", "what", "who", "basis"):
                for lang in languages:
                    if not (step.get(field) or {}).get(lang):
                        fail(where_step, f"missing {field!r} ({lang})")
            for field in ("you_do", "limit"):
                if field in step and any(not step[field].get(lang) for lang in languages):
                    fail(where_step, f"{field!r} must be given in every language")
            if step.get("status") not in STATUSES:
                fail(where_step, f"status must be one of {', '.join(STATUSES)}")
            unknown_kinds = set(step.get("kinds", [])) - set(raw["kinds"])
            if unknown_kinds:
                fail(where_step, f"unknown kinds {sorted(unknown_kinds)}")
            due = step.get("due")
            if due is not None:
                if due.get("from") not in STARTS:
                    fail(where_step, f"'due.from' must be one of {', '.join(STARTS)}")
                periods = {k: due[k] for k in PERIODS if k in due}
                if not periods or any(not isinstance(v, int) or v <= 0 for v in periods.values()):
                    fail(where_step, "'due' needs a positive whole number of days, weeks or months")
                if step["status"] == "unverified":
                    fail(where_step, "an unverified time limit must not be computed into a date")
                if "limit" not in step:
                    fail(where_step, "a computed date needs a 'limit' text")


def load_model(path: Path = CONTENT / "procedures.yml") -> ProcedureModel:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise ModelError(f"{path}: not valid YAML: {error}") from error
    _check(raw, Path(path))
    return ProcedureModel(raw, str(path))
