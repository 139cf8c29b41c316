"""The steps of a procedure track for a kind of applicant (content/procedures.yml), with dates when given.

action_start_procedure takes track, kind and date from the message that asked; procedure_form asks, with
buttons, for what is still missing; action_procedure_steps answers.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language, latest_entity
from bot.dates import classify_registration_date
from bot.procedures import ProcedureModel, load_model
from bot.paths import CONTENT

DEFAULT_TRACK, DEFAULT_KIND = "regular", "adult"
INVALID_DATE = "invalid"


@lru_cache(maxsize=1)
def model() -> ProcedureModel:
    return load_model(CONTENT / "procedures.yml")


def lang_of(tracker: Tracker) -> str:
    lang = language(tracker)
    return lang if lang in model().languages else model().languages[0]


def text(key: str, lang: str, **values: Any) -> str:
    return model().text(key, lang).format(**values)


def track_buttons(lang: str, kind: Optional[str], skip: Optional[str] = None) -> List[Dict[str, str]]:
    extra = f', "applicant_kind": "{kind}"' if kind else ""
    return [
        {"title": model().track_title(t, lang), "payload": f'/inform{{"track": "{t}"{extra}}}'}
        for t in model().tracks
        if t != skip
    ]


def kind_buttons(lang: str, track: Optional[str], skip: Optional[str] = None) -> List[Dict[str, str]]:
    extra = f', "track": "{track}"' if track else ""
    return [
        {"title": model().kind_title(k, lang), "payload": f'/inform{{"applicant_kind": "{k}"{extra}}}'}
        for k in model().kinds
        if k != skip
    ]


class ActionStartProcedure(Action):
    """Takes track, kind and date from the message; a question naming neither means the regular track."""

    def name(self) -> Text:
        return "action_start_procedure"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        track = latest_entity(tracker, "track")
        kind = latest_entity(tracker, "applicant_kind")
        day = latest_entity(tracker, "date")
        if intent == "inform":  # an answer: keep what the conversation already said
            track = track or tracker.get_slot("track")
            kind = kind or tracker.get_slot("applicant_kind")
            day = day or tracker.get_slot("registration_date")
        if not track and not kind:
            track, kind = DEFAULT_TRACK, DEFAULT_KIND
        return [SlotSet("track", track), SlotSet("applicant_kind", kind), SlotSet("registration_date", day)]


class ActionAskTrack(Action):
    def name(self) -> Text:
        return "action_ask_track"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        dispatcher.utter_message(
            text=text("ask_track", lang), buttons=track_buttons(lang, tracker.get_slot("applicant_kind"))
        )
        return []


class ActionAskApplicantKind(Action):
    def name(self) -> Text:
        return "action_ask_applicant_kind"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        dispatcher.utter_message(
            text=text("ask_applicant_kind", lang), buttons=kind_buttons(lang, tracker.get_slot("track"))
        )
        return []


class ValidateProcedureForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_procedure_form"

    def validate_track(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value in model().tracks:
            return {"track": value}
        dispatcher.utter_message(text=text("unknown_track", lang_of(tracker)))
        return {"track": None}

    def validate_applicant_kind(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value in model().kinds:
            return {"applicant_kind": value}
        dispatcher.utter_message(text=text("unknown_applicant_kind", lang_of(tracker)))
        return {"applicant_kind": None}


class ActionProcedureSteps(Action):
    def name(self) -> Text:
        return "action_procedure_steps"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        lang = lang_of(tracker)
        track = tracker.get_slot("track") or DEFAULT_TRACK
        kind = tracker.get_slot("applicant_kind") or DEFAULT_KIND
        registered_on, problem = self.registration_date(tracker.get_slot("registration_date"))
        if problem:
            dispatcher.utter_message(text=text(f"date_{problem}", lang))
        dispatcher.utter_message(
            text=model().render(track, kind, lang, registered_on),
            buttons=track_buttons(lang, kind, skip=track) + kind_buttons(lang, track, skip=kind),
        )
        return [SlotSet("registration_date", None)] if problem else []

    @staticmethod
    def registration_date(value: Optional[str]) -> tuple:
        """(date to count from, or None; the problem with the given date, or None)."""
        if not value:
            return None, None
        if value == INVALID_DATE:
            return None, "unreadable"
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None, "unreadable"
        verdict = classify_registration_date(day, dt.date.today())
        return (day, None) if verdict == "ok" else (None, verdict)
