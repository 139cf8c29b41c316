"""The messaging channels against local fakes of each platform's API, through the real running servers."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.channels.messenger import quick_replies, signature_valid, split_text
from bot.channels.telegram import inline_keyboard, sender_and_text
from bot.channels.twilio import chosen_payload, numbered
from bot.run import free_port, stop
from tests.conftest import start_test_servers

SECRET, APP_SECRET, TWILIO_TOKEN, API_TOKEN = "tg-secret", "fb-app-secret", "tw-auth-token", "api-token"
TWILIO_PUBLIC_URL = "https://asielinfo.example.org/webhooks/twilio/webhook"
BUTTONS = [{"title": "Work", "payload": "/ask_work"}, {"title": "Housing and reception", "payload": "/ask_reception"}]


# ---- the pure parts ----------------------------------------------------------------------------------

def test_messenger_signature_check():
    body = b'{"object": "page"}'
    good = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert signature_valid(APP_SECRET, body, good)
    assert not signature_valid(APP_SECRET, body, None)
    assert not signature_valid(APP_SECRET, body, "sha256=" + "0" * 64)
    assert not signature_valid(APP_SECRET, body, "sha1=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha1).hexdigest())
    assert not signature_valid(APP_SECRET, body + b" ", good)


def test_messenger_limits():
    many = [{"title": f"A rather long button title {i}", "payload": f"/p{i}"} for i in range(20)]
    replies = quick_replies(many)
    assert len(replies) == 13 and all(len(r["title"]) <= 20 for r in replies)
    parts = split_text(("word " * 300 + "\n\n") * 3)
    assert all(len(p) <= 2000 for p in parts) and len(parts) >= 2


def test_twilio_numbered_options():
    assert numbered("Choose:", BUTTONS) == "Choose:\n\n1. Work\n2. Housing and reception"
    options = [b["payload"] for b in BUTTONS]
    assert chosen_payload(" 2 ", options) == "/ask_reception"
    assert chosen_payload("3", options) == "3" and chosen_payload("2 please", options) == "2 please"


def test_telegram_formats():
    assert inline_keyboard(BUTTONS)["inline_keyboard"][1][0] == {"text": "Housing and reception", "callback_data": "/ask_reception"}
    assert sender_and_text({"message": {"chat": {"id": 5}, "text": "hi"}}) == ("5", "hi")
    assert sender_and_text({"callback_query": {"from": {"id": 7}, "data": "/ask_work"}}) == ("7", "/ask_work")
    assert sender_and_text({"message": {"chat": {"id": 5}, "sticker": {}}}) is None


# ---- through the running server ----------------------------------------------------------------------

class FakePlatforms:
    """Records every call the server makes to Telegram, Twilio or Messenger, and answers OK."""

    def __init__(self) -> None:
        self.calls: List[Dict] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                recorder.calls.append({"path": self.path, "body": body})
                payload = b'{"ok": true, "sid": "SM1"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for(self, predicate, seconds: float = 30) -> List[Dict]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [c for c in self.calls if predicate(c)]
            if found:
                return found
            time.sleep(0.2)
        return []


@pytest.fixture(scope="module")
def platforms():
    fake = FakePlatforms()
    yield fake
    fake.server.shutdown()


@pytest.fixture(scope="module")
def server(model_path, platforms, tmp_path_factory):
    env = {
        "TELEGRAM_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "https://asielinfo.example.org/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": SECRET, "TELEGRAM_API_URL": platforms.url(),
        "TWILIO_ACCOUNT_SID": "AC123", "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "TWILIO_NUMBER": "whatsapp:+14155238886",
        "TWILIO_API_URL": platforms.url(), "TWILIO_WEBHOOK_URL": TWILIO_PUBLIC_URL,
        "MESSENGER_VERIFY_TOKEN": "verify-me", "MESSENGER_APP_SECRET": APP_SECRET,
        "MESSENGER_PAGE_ACCESS_TOKEN": "page-token", "MESSENGER_API_URL": platforms.url(),
        "RASA_AUTH_TOKEN": API_TOKEN,
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        url, db, processes = start_test_servers(tmp_path_factory.mktemp("channels"))
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    try:
        yield {"url": url, "db": db}
    finally:
        stop(processes)


def stored(db, sender: str) -> List[str]:
    with sqlite3.connect(db) as connection:
        return [r[0] or "" for r in connection.execute("SELECT intent_name FROM events WHERE sender_id = ?", (sender,))]


def telegram_update(chat_id: int, text: str) -> Dict:
    return {"update_id": 1, "message": {"message_id": 1, "date": 1767000000, "chat": {"id": chat_id, "type": "private"},
                                        "from": {"id": chat_id, "is_bot": False, "first_name": "A"}, "text": text}}


def test_telegram_round_trip_and_webhook_set_once(server, platforms):
    chat = int(time.time() * 1000) % 10**9
    hook = f"{server['url']}/webhooks/telegram/webhook"
    for text in ("hello", "can I work during the procedure?"):
        reply = requests.post(hook, json=telegram_update(chat, text), headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}, timeout=60)
        assert reply.status_code == 200
    sent = platforms.wait_for(lambda c: c["path"].endswith("/sendMessage") and f'"chat_id": "{chat}"' in c["body"])
    assert sent and any("inline_keyboard" in c["body"] for c in sent)
    query = {"update_id": 2, "callback_query": {"id": "q", "from": {"id": chat}, "data": "/ask_work"}}
    assert requests.post(hook, json=query, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}, timeout=60).status_code == 200
    assert "ask_work" in stored(server["db"], str(chat))
    assert len([c for c in platforms.calls if c["path"].endswith("/setWebhook")]) == 1
    assert SECRET in next(c["body"] for c in platforms.calls if c["path"].endswith("/setWebhook"))


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
def test_telegram_forged_update_is_rejected(server, platforms, headers):
    chat = uuid.uuid4().int % 10**9
    before = len(platforms.calls)
    reply = requests.post(f"{server['url']}/webhooks/telegram/webhook", json=telegram_update(chat, "hello"), headers=headers, timeout=30)
    assert reply.status_code == 403
    assert stored(server["db"], str(chat)) == [] and len(platforms.calls) == before


def twilio_post(server, sender: str, body: str, signature: str = None):
    form = {"From": sender, "To": "whatsapp:+14155238886", "Body": body, "MessageSid": "SM" + uuid.uuid4().hex,
            "AccountSid": "AC123", "NumMedia": "0"}
    if signature is None:
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(TWILIO_PUBLIC_URL, form)
    return requests.post(f"{server['url']}/webhooks/twilio/webhook", data=form, headers={"X-Twilio-Signature": signature}, timeout=60)


def test_twilio_numbered_options_round_trip(server, platforms):
    sender = f"whatsapp:+316{uuid.uuid4().int % 10**8:08d}"
    assert twilio_post(server, sender, "hello").status_code == 200
    sent = platforms.wait_for(lambda c: "Messages.json" in c["path"] and requests.utils.quote(sender, safe="") in c["body"])
    assert sent and "1.+" in sent[-1]["body"] + "".join(c["body"] for c in sent), "buttons are numbered options"
    assert twilio_post(server, sender, "2").status_code == 200
    assert "ask_rights_overview" in stored(server["db"], sender), "'2' is the second option of the greeting"


@pytest.mark.parametrize("signature", ["", "forged-signature"])
def test_twilio_forged_request_is_rejected(server, platforms, signature):
    sender = f"+316{uuid.uuid4().int % 10**8:08d}"
    before = len(platforms.calls)
    assert twilio_post(server, sender, "hello", signature=signature).status_code == 403
    assert stored(server["db"], sender) == [] and len(platforms.calls) == before


def messenger_body(sender: str, text: str) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": "PAGE", "time": 1767000000, "messaging": [
        {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, "timestamp": 1767000000,
         "message": {"mid": "m_" + uuid.uuid4().hex, "text": text}}]}]}).encode()


def test_messenger_round_trip_with_quick_replies(server, platforms):
    sender = str(uuid.uuid4().int % 10**15)
    body = messenger_body(sender, "hello")
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    reply = requests.post(f"{server['url']}/webhooks/messenger/webhook", data=body,
                          headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"}, timeout=60)
    assert reply.status_code == 200
    sent = platforms.wait_for(lambda c: c["path"].startswith("/me/messages") and sender in c["body"])
    assert sent and any("quick_replies" in c["body"] for c in sent)
    verify = requests.get(f"{server['url']}/webhooks/messenger/webhook",
                          params={"hub.verify_token": "verify-me", "hub.challenge": "42", "hub.mode": "subscribe"}, timeout=10)
    assert verify.text == "42"


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "sha1=abc", "md5=abc"])
def test_messenger_forged_or_missing_signature_is_rejected(server, platforms, signature):
    sender = str(uuid.uuid4().int % 10**15)
    before = len(platforms.calls)
    headers = {"Content-Type": "application/json", **({"X-Hub-Signature-256": signature} if signature else {})}
    reply = requests.post(f"{server['url']}/webhooks/messenger/webhook", data=messenger_body(sender, "hello"), headers=headers, timeout=30)
    assert reply.status_code == 403
    assert stored(server["db"], sender) == [] and len(platforms.calls) == before


def test_malformed_but_signed_bodies_get_400(server):
    body = b"not json"
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert requests.post(f"{server['url']}/webhooks/messenger/webhook", data=body,
                         headers={"X-Hub-Signature-256": signature}, timeout=10).status_code == 400
    assert requests.post(f"{server['url']}/webhooks/telegram/webhook", data=b"{", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                         timeout=10).status_code == 400


def test_http_api_is_on_only_behind_its_token(server):
    assert requests.get(f"{server['url']}/status", timeout=10).status_code == 401
    assert requests.get(f"{server['url']}/status", params={"token": "wrong"}, timeout=10).status_code == 401
    assert requests.get(f"{server['url']}/status", params={"token": API_TOKEN}, timeout=10).status_code == 200
