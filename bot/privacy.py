"""Personal data never reaches the tracker store, and a user can delete their conversation.

`install()` wraps `Agent.handle_message`, the one entry every channel's messages pass through:
- the text is redacted (bot.redaction) before the processor parses, logs or stores it, and the
  user gets a short reminder not to share such details;
- after a turn in which `action_delete_conversation` ran, the conversation is removed from the
  tracker store.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered

from bot.paths import CONTENT
from bot.redaction import redact

logger = logging.getLogger(__name__)
DELETE_ACTION = "action_delete_conversation"


@lru_cache(maxsize=1)
def _ui() -> Dict[str, Dict[str, Any]]:
    return yaml.safe_load((CONTENT / "ui.yml").read_text(encoding="utf-8"))


def reminder(language: Optional[Text]) -> Text:
    ui = _ui()
    return (ui.get(language or "") or ui["en"])["privacy_reminder"]


def _innermost(store: TrackerStore) -> TrackerStore:
    while hasattr(store, "_tracker_store"):  # AwaitableTrackerStore, FailSafeTrackerStore
        store = store._tracker_store
    return store


async def delete_conversation(store: TrackerStore, sender_id: Text) -> bool:
    """Removes every stored event of a conversation. True when the store supports it."""
    store = _innermost(store)
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        return True
    if isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
        return True
    if isinstance(store, RedisTrackerStore):
        store.red.delete(store.key_prefix + sender_id)
        return True
    logger.error("Cannot delete conversations from a %s.", type(store).__name__)
    return False


def _ran_in_last_turn(events: List[Any], action_name: Text) -> bool:
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == action_name:
            return True
    return False


def install() -> None:
    if getattr(Agent.handle_message, "_privacy_installed", False):
        return
    original = Agent.handle_message

    async def handle_message(self: Agent, message: UserMessage) -> Optional[List[Dict[Text, Any]]]:
        redaction = redact(message.text or "")
        if redaction.found:
            message.text = redaction.text
            message.metadata = {**(message.metadata or {}), "redacted": sorted(redaction.kinds)}
        responses = await original(self, message)
        if not self.is_ready():
            return responses
        tracker = await self.tracker_store.retrieve(message.sender_id)
        if redaction.found and tracker is not None:
            await message.output_channel.send_text_message(
                message.sender_id, reminder(tracker.get_slot("language"))
            )
        if tracker is not None and _ran_in_last_turn(list(tracker.events), DELETE_ACTION):
            async with self.lock_store.lock(message.sender_id):
                await delete_conversation(self.tracker_store, message.sender_id)
        return responses

    handle_message._privacy_installed = True  # type: ignore[attr-defined]
    Agent.handle_message = handle_message  # type: ignore[assignment]
