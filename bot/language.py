"""Which language a message is in, and whether it asks for a language by name."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Sequence, Tuple

import yaml
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from bot.paths import CONTENT

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class LanguageConfig:
    default: str
    supported: Sequence[str]
    names: Dict[str, str]  # lower-case language name -> code
    min_confidence: float
    min_characters: int
    also_recognise: Sequence[str]
    ignore_names: FrozenSet[str] = frozenset()
    unsupported_confidence: float = 0.8
    unsupported_notice: str = ""
    other_names: FrozenSet[str] = frozenset()  # names of languages we do not answer in
    request_verbs: FrozenSet[str] = frozenset()  # "answer", "speak": with a word for "you", a request
    request_addressed: FrozenSet[str] = frozenset()
    request_not_with: FrozenSet[str] = frozenset()  # words that make it about something else (an interpreter)
    own: FrozenSet[str] = frozenset()  # "my": a language name after it is the writer's own ("my English is bad")
    joiners: FrozenSet[str] = frozenset()  # "and": between two such names ("my Dutch and English")


@lru_cache(maxsize=4)
def load_language_config(path: Path = CONTENT / "languages.yml") -> LanguageConfig:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages = data["languages"]
    names = {
        name.lower(): code for code, spec in languages.items() for name in spec.get("names", [])
    }
    detection = data.get("detection", {})
    request = data.get("language_request", {})
    if data["default"] not in languages:
        raise ValueError(f"{path}: default language {data['default']!r} is not in 'languages'")
    return LanguageConfig(
        default=data["default"],
        supported=tuple(languages),
        names=names,
        min_confidence=float(detection.get("min_confidence", 0.5)),
        min_characters=int(detection.get("min_characters", 10)),
        also_recognise=tuple(detection.get("also_recognise", [])),
        ignore_names=frozenset(n.lower() for n in detection.get("ignore_names", [])),
        unsupported_confidence=float(detection.get("unsupported_confidence", 0.8)),
        unsupported_notice=data.get("unsupported_notice", ""),
        other_names=frozenset(n.lower() for n in data.get("other_language_names", [])),
        request_verbs=frozenset(w.lower() for w in request.get("verbs", [])),
        request_addressed=frozenset(w.lower() for w in request.get("addressed", [])),
        request_not_with=frozenset(w.lower() for w in request.get("not_with", [])),
        own=frozenset(w.lower() for w in request.get("own", [])),
        joiners=frozenset(w.lower() for w in request.get("joiners", [])),
    )


class LanguageIdentifier:
    """Wraps lingua: returns a supported language code only when the text is clear enough."""

    def __init__(self, config: LanguageConfig) -> None:
        self.config = config
        codes = list(dict.fromkeys([*config.supported, *config.also_recognise]))
        languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
        self._detector = LanguageDetectorBuilder.from_languages(*languages).build()

    def _best(self, text: str) -> Optional[Tuple[str, float]]:
        text = " ".join(w for w in text.split() if w.lower().strip(".,!?;:()\"'") not in self.config.ignore_names)
        if sum(ch.isalpha() for ch in text) < self.config.min_characters:
            return None
        values = self._detector.compute_language_confidence_values(text)
        if not values:
            return None
        return values[0].language.iso_code_639_1.name.lower(), values[0].value

    def detect(self, text: str) -> Optional[str]:
        """The code of the language `text` is written in, if supported and clear; else None."""
        best = self._best(text)
        if best is None or best[1] < self.config.min_confidence:
            return None
        return best[0] if best[0] in self.config.supported else None

    def unsupported(self, text: str) -> Optional[str]:
        """The code of a language we do not answer in, when the text is clearly written in it."""
        best = self._best(text)
        if best and best[0] not in self.config.supported and best[1] >= self.config.unsupported_confidence:
            return best[0]
        return None

    def named(self, text: str) -> Optional[str]:
        """The supported language the text asks for by name ("English please" -> en), if exactly one. A name
        after "my" is the writer's own language skill, not a request ("Arabic please, my English is bad")."""
        found, own = set(), False
        for word in _WORD.findall(text.lower()):
            if word in self.config.own:
                own = True  # and so are the names right after it: "my Dutch and English are weak"
            elif word in self.config.names:
                if not own:
                    found.add(self.config.names[word])
            elif word not in self.config.joiners:
                own = False
        return found.pop() if len(found) == 1 else None

    def named_other(self, text: str) -> Optional[str]:
        """The name of a language we do not answer in that the text names ("Arabic please" -> arabic)."""
        return next((w for w in _WORD.findall(text.lower()) if w in self.config.other_names), None)

    def asks_to_speak(self, text: str) -> bool:
        """Whether the text asks the assistant to speak or write ("could you answer me ..."), and nothing else."""
        words = set(_WORD.findall(text.lower()))
        c = self.config
        return bool(words & c.request_verbs and words & c.request_addressed and not words & c.request_not_with)


@lru_cache(maxsize=1)
def default_identifier() -> LanguageIdentifier:
    return LanguageIdentifier(load_language_config())
