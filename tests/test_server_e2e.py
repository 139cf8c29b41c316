"""The real action server and Rasa server (bot.server) on free ports, talked to over REST and Socket.IO."""
from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio

from bot.run import stop
from tests.conftest import start_test_servers

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    url, db, processes = start_test_servers(folder)
    try:
        yield {"url": url, "db": db, "logs": folder}
    finally:
        stop(processes)


def rest(server, sender: str, message: str):
    reply = requests.post(
        f"{server['url']}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def stored_events(db: Path, sender: str):
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def test_rest_conversation(server):
    sender = uuid.uuid4().hex
    first = rest(server, sender, "Hello")
    assert "automated assistant" in first[0]["text"]
    assert first[0]["buttons"], "the greeting offers topics as buttons"
    answer = rest(server, sender, "/ask_work")
    assert any("Basis:" in m.get("text", "") for m in answer)


def test_socketio_conversation_with_session_persistence(server):
    session_id = uuid.uuid4().hex
    received = []
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", lambda data: received.append(data))
    confirmed = []
    client.on("session_confirm", lambda data: confirmed.append(data))
    client.connect(server["url"], socketio_path="/socket.io", transports=["websocket"])
    try:
        client.emit("session_request", {"session_id": session_id})
        deadline = time.monotonic() + 10
        while not confirmed and time.monotonic() < deadline:
            time.sleep(0.1)
        assert confirmed, "the server confirms the session"
        client.emit("user_uttered", {"message": "Hallo, ik wil weten hoe de asielprocedure werkt", "session_id": session_id})
        deadline = time.monotonic() + 60
        while not received and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        client.disconnect()
    assert received, "a bot message arrives over Socket.IO"
    assert stored_events(server["db"], session_id), "the conversation is stored under the page's session id"


def test_identifiers_are_never_stored(server):
    sender = uuid.uuid4().hex
    raw = ["1234567890", "123 456 782", "+31 6 12345678", "ali.k@example.org", "NL91ABNA0417164300", "NW92BD8C1", "3 July 1990"]
    replies = rest(server, sender, "Hello, my V-number is 1234567890 and my BSN is 123 456 782")
    replies += rest(server, sender, "call me on +31 6 12345678 or mail ali.k@example.org")
    replies += rest(server, sender, "IBAN NL91ABNA0417164300, passport NW92BD8C1, born on 3 July 1990")
    assert any("do not share personal details" in m.get("text", "") for m in replies)
    events = "\n".join(stored_events(server["db"], sender))
    assert "[number]" in events, "the redacted message is stored"
    for value in raw:
        assert value not in events
    assert not any(value.encode() in server["db"].read_bytes() for value in raw)
    for log in server["logs"].glob("*.log"):
        assert not any(value in log.read_text(errors="replace") for value in raw)
    for message in replies:
        assert not any(value in message.get("text", "") for value in raw), "personal data is never repeated back"


def test_delete_conversation_removes_it_from_the_store(server):
    sender = uuid.uuid4().hex
    rest(server, sender, "Hello")
    assert stored_events(server["db"], sender)
    reply = rest(server, sender, "/delete_conversation")
    assert "deleted" in reply[0]["text"]
    assert stored_events(server["db"], sender) == []
    again = rest(server, sender, "Hello")
    assert "automated assistant" in again[0]["text"], "a new conversation starts from scratch"


@pytest.mark.parametrize(
    "body, headers",
    [
        (b"{not json", {"Content-Type": "application/json"}),
        (b"", {"Content-Type": "application/json"}),
        (b'{"sender": "x"}', {"Content-Type": "application/json"}),
        (b'{"message": 42, "sender": "x"}', {"Content-Type": "application/json"}),
        (b'["a", "list"]', {"Content-Type": "application/json"}),
    ],
)
def test_malformed_requests_get_a_clear_client_error(server, body, headers):
    reply = requests.post(f"{server['url']}/webhooks/rest/webhook", data=body, headers=headers, timeout=30)
    assert 400 <= reply.status_code < 500, (reply.status_code, reply.text)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "a" * 20000, "😀🙏🏽", "مرحبا، كيف يمكنني العمل؟", "سلام، چطور می‌توانم کار کنم؟", "\x00\x07\x1b[31m", "\u202eevil"],
)
def test_odd_text_gets_an_answer(server, text):
    replies = rest(server, uuid.uuid4().hex, text)
    assert replies and all(m.get("text") for m in replies)


def test_http_api_is_off_without_a_token(server):
    assert requests.get(f"{server['url']}/status", timeout=10).status_code == 404


def test_web_page_and_its_assets_are_served_locally(server):
    page = requests.get(f"{server['url']}/chat/", timeout=10)
    assert page.status_code == 200 and 'role="log"' in page.text
    for asset in ("/chat/static/chat.js", "/chat/static/chat.css", "/chat/vendor/socket.io.min.js"):
        assert requests.get(server["url"] + asset, timeout=10).status_code == 200
    assert "https://" not in page.text, "nothing is fetched from the internet"


def test_socketio_refuses_other_web_sites(server):
    handshake = f"{server['url']}/socket.io/?EIO=4&transport=polling"
    evil = requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=10)
    assert evil.status_code == 400
    own = requests.get(handshake, headers={"Origin": server["url"]}, timeout=10)
    assert own.status_code == 200 and '"sid"' in own.text
