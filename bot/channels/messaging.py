"""What the messaging channels share: the dialogue's replies are collected, then sent to the platform's API.

Each platform's channel (telegram.py, twilio.py, messenger.py) checks that a request really comes from the
platform before anything reaches the dialogue, and formats buttons the way its users meet them.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=15)


def forbidden() -> HTTPResponse:
    return response.json({"error": "signature missing or not valid"}, status=403)


def bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=400)


async def post(url: str, **kwargs: Any) -> Optional[int]:
    """POSTs to a platform API; a failure is logged, never raised into the dialogue."""
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(url, **kwargs) as reply:
                if reply.status >= 400:
                    logger.error("%s answered %s: %s", url.split("?")[0], reply.status, (await reply.text())[:200])
                return reply.status
    except (aiohttp.ClientError, TimeoutError) as error:
        logger.error("could not reach %s: %s", url.split("?")[0], error)
        return None


class MessagingInput(InputChannel):
    """A channel whose replies are sent after the turn, by `deliver`, one message at a time."""

    async def converse(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        sender: Text,
        text: Text,
        metadata: Optional[Dict[Text, Any]] = None,
    ) -> None:
        collector = CollectingOutputChannel()
        await on_new_message(
            UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
        )
        for message in collector.messages:
            await self.deliver(sender, message.get("text") or "", message.get("buttons") or [])

    async def deliver(self, recipient: Text, text: Text, buttons: List[Dict[Text, Any]]) -> None:
        raise NotImplementedError

    def webhook_blueprint(self) -> Blueprint:
        """A blueprint with the health route; the channel adds its webhook."""
        blueprint = Blueprint(f"{self.name()}_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        return blueprint
