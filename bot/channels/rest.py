"""The REST channel, with the request checks that Rasa's stock channel leaves out.

Rasa's RestInput answers a body that is not a JSON object with a 500, and passes a missing or non-text
message on to the dialogue. Ours answers 400 with a short reason and passes nothing on.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

MAX_MESSAGE_LENGTH = 5000  # characters; longer messages are cut, not refused


def problem(body: Any) -> Optional[str]:
    """Why a request body cannot be a message, or None when it can."""
    if not isinstance(body, dict):
        return "the body must be a JSON object with 'sender' and 'message'"
    if not isinstance(body.get("message"), str):
        return "'message' must be text"
    if not isinstance(body.get("sender", "default"), str) or not body.get("sender", "default").strip():
        return "'sender' must be non-empty text"
    return None


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def check_body(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST":
                return None
            try:
                body = request.json
            except Exception:  # Sanic raises on malformed JSON
                body = None
            reason = problem(body)
            if reason:
                return response.json({"error": reason}, status=400)
            if len(body["message"]) > MAX_MESSAGE_LENGTH:
                body["message"] = body["message"][:MAX_MESSAGE_LENGTH]
            return None

        return blueprint
