"""Finds personal identifiers in a message and replaces them before anything is stored or logged."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import FrozenSet, List, Tuple

_SEP = r"[ .\-]?"
_MONTHS = (
    r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|m(?:aa)?rt|march|mar|apr(?:il)?|mei|may|jun[ie]?|jul[iy]?|"
    r"aug(?:ustus|ust)?|sep(?:t|tember)?|o[ck]t(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
_BIRTH_CUE = (
    r"(?:born|birth(?:day|date)?|date of birth|dob|geboren|geboortedatum|geb\.?|verjaardag|geboortedag)"
)

# (kind, pattern) in the order they are applied; earlier ones win.
PATTERNS: List[Tuple[str, re.Pattern]] = [
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{2,4}){2,5}\b", re.IGNORECASE)),
    (
        "date_of_birth",
        re.compile(rf"(?P<cue>\b{_BIRTH_CUE}\b(?:\s+\w+){{0,3}}?\s*:?\s*)(?P<value>{_DATE})", re.IGNORECASE),
    ),
    ("phone", re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}(?:[ \-]?\(?\d+\)?){3,}")),
    ("phone", re.compile(r"(?<!\w)0\d{1,3}(?:[ \-]?\d){7,8}(?!\d)")),
    ("id_number", re.compile(rf"(?<!\w)\d{{2,4}}(?:{_SEP}\d{{2,4}}){{1,4}}(?!\w)")),
    ("document_number", re.compile(r"\b(?=[A-Z0-9]{6,12}\b)(?=(?:[A-Z]*\d){3})(?=\d*[A-Z])[A-Z0-9]+\b", re.IGNORECASE)),
]
# "id_number" must contain this many digits in all, so that years, times and prices pass.
MIN_ID_DIGITS = 7
PLACEHOLDER = {
    "email": "[e-mail]",
    "iban": "[IBAN]",
    "date_of_birth": "[date of birth]",
    "phone": "[phone number]",
    "id_number": "[number]",
    "document_number": "[document number]",
}


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: FrozenSet[str]

    @property
    def found(self) -> bool:
        return bool(self.kinds)


def redact(text: str) -> Redaction:
    kinds = set()

    for kind, pattern in PATTERNS:

        def replace(match: re.Match, kind: str = kind) -> str:
            if kind == "id_number" and sum(c.isdigit() for c in match.group(0)) < MIN_ID_DIGITS:
                return match.group(0)
            if kind == "id_number" and re.fullmatch(_DATE, match.group(0)):
                return match.group(0)  # a date is not an identifier unless it is a date of birth
            kinds.add(kind)
            if kind == "date_of_birth":
                return match.group("cue") + PLACEHOLDER[kind]
            return PLACEHOLDER[kind]

        text = pattern.sub(replace, text)
    return Redaction(text=text, kinds=frozenset(kinds))
