"""Telegram, with the webhook set once at start-up and every update checked against its secret token.

Rasa's TelegramInput sets the webhook on every message and checks nothing; ours sets it when the server
starts and answers 403 to an update without the right X-Telegram-Bot-Api-Secret-Token.
"""
from __future__ import annotations

import hmac
import json
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.messaging import MessagingInput, bad_request, forbidden, post


def inline_keyboard(buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    # Telegram limits callback_data to 64 bytes
    return {"inline_keyboard": [[{"text": b["title"], "callback_data": b["payload"][:64]}] for b in buttons]}


def sender_and_text(update: Dict[str, Any]) -> Optional[Tuple[str, str]]:
    if "callback_query" in update:
        query = update["callback_query"]
        return str(query["from"]["id"]), query.get("data", "")
    message = update.get("message") or update.get("edited_message")
    if message and "text" in message:
        return str(message["chat"]["id"]), message["text"]
    return None


class TelegramInput(MessagingInput):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    def __init__(self, token: str, webhook_url: str, secret_token: str, api_url: str) -> None:
        self.token, self.webhook_url, self.secret_token = token, webhook_url, secret_token
        self.api = f"{api_url.rstrip('/')}/bot{token}"

    async def set_webhook(self) -> None:
        await post(f"{self.api}/setWebhook", json={"url": self.webhook_url, "secret_token": self.secret_token})

    async def deliver(self, recipient: Text, text: Text, buttons: List[Dict[Text, Any]]) -> None:
        body: Dict[str, Any] = {"chat_id": recipient, "text": text}
        if buttons:
            body["reply_markup"] = inline_keyboard(buttons)
        await post(f"{self.api}/sendMessage", json=body)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = self.webhook_blueprint()

        @blueprint.listener("after_server_start")
        async def register_webhook(_app: Any, _loop: Any) -> None:
            await self.set_webhook()

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
                return forbidden()
            try:
                found = sender_and_text(json.loads(request.body))
            except (ValueError, KeyError, TypeError, AttributeError):
                return bad_request("not a Telegram update")
            if found:
                await self.converse(on_new_message, *found)
            return response.json({"ok": True})

        return blueprint
