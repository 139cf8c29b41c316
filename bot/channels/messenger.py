"""Facebook Messenger, with a real signature check.

Rasa's FacebookInput takes the hash function from the caller's header and compares with `==`; ours
accepts only `sha256=<hex>` (X-Hub-Signature-256), compares in constant time, and answers 403 otherwise.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.messaging import MessagingInput, bad_request, forbidden, post

MAX_QUICK_REPLIES = 13
MAX_TITLE = 20
MAX_TEXT = 2000


def signature_valid(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):])


def quick_replies(buttons: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    return [
        {"content_type": "text", "title": b["title"][: MAX_TITLE - 1] + "…" if len(b["title"]) > MAX_TITLE else b["title"],
         "payload": b["payload"]}
        for b in buttons[:MAX_QUICK_REPLIES]
    ]


def split_text(text: str, limit: int = MAX_TEXT) -> List[str]:
    parts: List[str] = []
    for paragraph in text.split("\n\n"):
        if parts and len(parts[-1]) + 2 + len(paragraph) <= limit:
            parts[-1] += "\n\n" + paragraph
        else:
            parts += [paragraph[i:i + limit] for i in range(0, len(paragraph), limit)] or [""]
    return parts


class MessengerInput(MessagingInput):
    @classmethod
    def name(cls) -> Text:
        return "messenger"

    def __init__(self, verify_token: str, app_secret: str, page_token: str, api_url: str) -> None:
        self.verify_token, self.app_secret, self.page_token = verify_token, app_secret, page_token
        self.api_url = api_url.rstrip("/")

    async def deliver(self, recipient: Text, text: Text, buttons: List[Dict[Text, Any]]) -> None:
        parts = split_text(text)
        for i, part in enumerate(parts):
            message: Dict[str, Any] = {"text": part}
            if buttons and i == len(parts) - 1:
                message["quick_replies"] = quick_replies(buttons)
            await post(
                f"{self.api_url}/me/messages",
                params={"access_token": self.page_token},
                json={"recipient": {"id": recipient}, "messaging_type": "RESPONSE", "message": message},
            )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = self.webhook_blueprint()

        @blueprint.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if request.args.get("hub.verify_token") == self.verify_token and request.args.get("hub.challenge"):
                return response.text(request.args.get("hub.challenge"))
            return forbidden()

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not signature_valid(self.app_secret, request.body, request.headers.get("X-Hub-Signature-256")):
                return forbidden()
            try:
                entries = json.loads(request.body)["entry"]
                events = [e for entry in entries for e in entry.get("messaging", [])]
            except (ValueError, KeyError, TypeError, AttributeError):
                return bad_request("not a Messenger webhook event")
            for event in events:
                sender = (event.get("sender") or {}).get("id")
                message = event.get("message") or {}
                text = (message.get("quick_reply") or {}).get("payload") or message.get("text") \
                    or (event.get("postback") or {}).get("payload")
                if sender and text and not message.get("is_echo"):
                    await self.converse(on_new_message, sender, text)
            return response.text("EVENT_RECEIVED")

        return blueprint
