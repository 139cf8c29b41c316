"""Shared fixtures: the trained model (trained once per run), the action server, and an in-process agent."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def model_path() -> Path:
    from bot.train import train

    return train()


@pytest.fixture(scope="session")
def action_server(tmp_path_factory) -> Iterator[str]:
    from bot.run import wait_until_up, free_port

    port = free_port()
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT, stdout=open(log, "wb"), stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        wait_until_up(f"http://localhost:{port}/health", process)
        yield f"http://localhost:{port}/webhook"
    finally:
        process.terminate()
        process.wait(timeout=15)


def start_test_servers(folder: Path) -> Tuple[str, Path, list]:
    """The real action server and Rasa server on free ports, with their own SQLite tracker store in `folder`."""
    from bot.run import free_port, start_servers

    db = folder / "tracker.db"
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n")
    port = free_port()
    processes = start_servers(port, free_port(), log_dir=folder, server_args=["--endpoints", str(endpoints)])
    return f"http://localhost:{port}", db, processes


class Conversation:
    """Talks to the real trained model in-process, with the real action server behind it."""

    def __init__(self, agent, loop: asyncio.AbstractEventLoop, sender: str) -> None:
        self.agent, self.loop, self.sender = agent, loop, sender

    def say(self, text: str) -> List[Dict]:
        return self.loop.run_until_complete(self.agent.handle_text(text, sender_id=self.sender)) or []

    def texts(self, text: str) -> List[str]:
        return [m.get("text", "") for m in self.say(text)]

    def tracker(self):
        return self.loop.run_until_complete(self.agent.tracker_store.retrieve(self.sender))

    def parse(self, text: str) -> Dict:
        return self.loop.run_until_complete(self.agent.parse_message(text))


@pytest.fixture(scope="session")
def event_loop_for_agent() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def agent(model_path, action_server, event_loop_for_agent):
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    from bot import privacy

    privacy.install()
    asyncio.set_event_loop(event_loop_for_agent)
    return Agent.load(str(model_path), action_endpoint=EndpointConfig(url=action_server))


@pytest.fixture
def conversation(agent, event_loop_for_agent, request) -> Conversation:
    sender = f"test-{request.node.name}-{os.urandom(4).hex()}"
    return Conversation(agent, event_loop_for_agent, sender)
