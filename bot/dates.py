"""Dates as people type them, in Dutch or English: "3 juli 2026", "03-07-2026", "2026-07-03", "July 3rd"."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

PACT_APPLIES = dt.date(2026, 6, 12)

MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|e|ste|de)?"
PATTERNS = [
    ("ymd", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("dmy", re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b")),
    ("d_month_y", re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("month_d_y", re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}){_ORD}(?:,?\s+(\d{{4}}))?\b", re.I)),
]
RELATIVE = {"today": 0, "vandaag": 0, "yesterday": -1, "gisteren": -1, "eergisteren": -2}
# Something that looks like a date, even when it is not a valid one ("31-02-2026", "35 juli").
DATE_LIKE = re.compile(rf"\b\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}\b|\b\d{{1,2}}{_ORD}\s+({_MONTH})\b|\b({_MONTH})\s+\d{{1,2}}\b", re.I)


def _make(year: Optional[int], month: int, day: int, today: dt.date) -> Optional[dt.date]:
    try:
        if year is None:  # no year: the most recent such date not after today
            candidate = dt.date(today.year, month, day)
            return candidate if candidate <= today else dt.date(today.year - 1, month, day)
        if year < 100:
            year += 2000
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, today: dt.date) -> Optional[dt.date]:
    """The first date in the text, or None when there is none or it does not exist."""
    for kind, pattern in PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "ymd":
            y, m, d = match.groups()
            return _make(int(y), int(m), int(d), today)
        if kind == "dmy":
            d, m, y = match.groups()
            return _make(int(y), int(m), int(d), today)
        if kind == "d_month_y":
            d, month, y = match.groups()
            return _make(int(y) if y else None, MONTHS[month.lower()], int(d), today)
        month, d, y = match.groups()
        return _make(int(y) if y else None, MONTHS[month.lower()], int(d), today)
    for word in re.findall(r"\w+", text.lower()):
        if word in RELATIVE:
            return today + dt.timedelta(days=RELATIVE[word])
    return None


def looks_like_date(text: str) -> bool:
    return bool(DATE_LIKE.search(text))


def classify_registration_date(day: dt.date, today: dt.date) -> str:
    """'future', 'before_pact' (before 12 June 2026: transition rules) or 'ok'."""
    if day > today:
        return "future"
    if day < PACT_APPLIES:
        return "before_pact"
    return "ok"
