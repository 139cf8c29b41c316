"""WhatsApp and SMS through Twilio, with Twilio's own request validation.

Buttons become numbered options in the text; a reply that is just a number is taken as that button.
The last options sent are kept per sender in this process (with several servers, keep them in the
shared store instead).
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Text

import aiohttp
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.channels.messaging import MessagingInput, bad_request, forbidden, post


def numbered(text: str, buttons: List[Dict[str, Any]]) -> str:
    options = "\n".join(f"{i}. {b['title']}" for i, b in enumerate(buttons, start=1))
    return f"{text}\n\n{options}" if options else text


def chosen_payload(reply: str, options: List[str]) -> str:
    """'2' after numbered options is the second option's payload; anything else stays as typed."""
    number = reply.strip().rstrip(".")
    if number.isdigit() and 1 <= int(number) <= len(options):
        return options[int(number) - 1]
    return reply


class TwilioInput(MessagingInput):
    @classmethod
    def name(cls) -> Text:
        return "twilio"

    def __init__(self, account_sid: str, auth_token: str, number: str, api_url: str, webhook_url: str = "") -> None:
        self.account_sid, self.auth_token, self.number = account_sid, auth_token, number
        self.api_url = api_url.rstrip("/")
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token)
        self.options: Dict[str, List[str]] = {}

    async def deliver(self, recipient: Text, text: Text, buttons: List[Dict[Text, Any]]) -> None:
        self.options[recipient] = [b["payload"] for b in buttons]
        await post(
            f"{self.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
            data={"From": self.number, "To": recipient, "Body": numbered(text, buttons)},
            auth=aiohttp.BasicAuth(self.account_sid, self.auth_token),
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = self.webhook_blueprint()

        @blueprint.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            form = {key: values[0] for key, values in request.form.items()}
            url = self.webhook_url or request.url
            if not self.validator.validate(url, form, request.headers.get("X-Twilio-Signature", "")):
                return forbidden()
            sender, text = form.get("From"), form.get("Body")
            if not sender or text is None:
                return bad_request("'From' and 'Body' are required")
            await self.converse(on_new_message, sender, chosen_payload(text, self.options.get(sender, [])))
            return response.text("<Response></Response>", content_type="text/xml")

        return blueprint
