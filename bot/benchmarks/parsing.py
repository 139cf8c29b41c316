"""Parses messages with the trained model exactly as the server does (redaction first)."""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Dict, Iterable, List

from bot.redaction import redact

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def parse_all(model: Path, texts: Iterable[str]) -> List[Dict]:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

    if not Path(model).is_file():  # Rasa would quietly load the newest model in that directory instead
        raise FileNotFoundError(f"no model at {model}")
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    try:
        return [loop.run_until_complete(agent.parse_message(redact(t).text)) for t in texts]
    finally:
        loop.close()
