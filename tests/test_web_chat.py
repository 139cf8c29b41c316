"""The web chat in a real browser (headless Debian Chromium driven by Playwright), against the real servers."""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

import pytest

from bot.paths import ROOT
from bot.run import stop
from tests.conftest import start_test_servers

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "results" / "screenshots"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.server


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium is not installed at {CHROMIUM}: the browser tests cannot run (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    print(f"\n!!! {message} !!!")
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory):
    _require_browser()
    url, db, processes = start_test_servers(tmp_path_factory.mktemp("web"))
    try:
        yield {"url": url, "db": db}
    finally:
        stop(processes)


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.foreign_requests = []
    page.on("request", lambda r: None if r.url.startswith(server["url"]) else page.foreign_requests.append(r.url))
    page.goto(server["url"] + "/chat/")
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chat-{uuid.uuid4().hex[:6]}.png"), full_page=True)
    context.close()


def stored_events(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def eventually(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def settled_count(page, quiet: float = 1.5) -> int:
    """The number of messages once no new one has arrived for `quiet` seconds (answers come in parts)."""
    count = page.locator(".msg").count()
    while True:
        page.wait_for_timeout(int(quiet * 1000))
        now = page.locator(".msg").count()
        if now == count:
            return count
        count = now


def bot_messages(page):
    return page.locator(".msg.bot")


def send_by_keyboard(page, text: str) -> None:
    page.locator("#message").focus()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_conversation_by_keyboard_with_buttons_reload_and_delete(page, server):
    assert page.locator("#disclaimer").is_visible()
    page.keyboard.press("Tab")  # from the top of the page: the language picker first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("Hello")
    page.keyboard.press("Enter")
    bot_messages(page).first.wait_for()
    page.locator(".msg.bot button").first.wait_for()
    assert "automated assistant" in bot_messages(page).first.inner_text()
    assert page.evaluate("document.activeElement.id") == "message", "focus stays in the input"

    first_button = page.locator(".msg.bot button").first
    first_button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("[...document.querySelectorAll('.msg.bot')].some(e => e.innerText.includes('Basis:'))")

    session = page.evaluate("localStorage.getItem('asielinfo-session')")
    before = stored_events(server["db"], session)
    assert before > 0
    count = settled_count(page)
    page.reload()
    restored = page.locator(".msg").count()
    assert restored >= count > 0, "the history is shown again after a reload"
    assert restored == page.evaluate("JSON.parse(sessionStorage.getItem('asielinfo-history')).length")
    shown = bot_messages(page).count()
    send_by_keyboard(page, "can I work during the procedure?")
    page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {shown}")
    assert page.evaluate("localStorage.getItem('asielinfo-session')") == session
    assert eventually(lambda: stored_events(server["db"], session) > before), "the same conversation goes on"

    # Deleted before the answer to the last question has arrived: that answer is not shown when it does.
    send_by_keyboard(page, "and can I go to school?")
    page.once("dialog", lambda dialog: dialog.accept())
    page.evaluate("document.getElementById('delete').click()")  # at once, not after a locator's checks
    assert eventually(lambda: stored_events(server["db"], session) == 0)
    page.locator(".msg.bot").first.wait_for()
    assert settled_count(page) == 1, "only the confirmation is left"
    assert page.evaluate("JSON.parse(sessionStorage.getItem('asielinfo-history')).length") == 1
    assert "deleted" in page.locator(".msg.bot").first.inner_text()
    assert page.evaluate("localStorage.getItem('asielinfo-session')") != session, "a new conversation starts"
    assert page.foreign_requests == [], "nothing is fetched from other sites"


def test_language_picker_relabels_and_answers_in_dutch(page):
    page.select_option("#language", "nl")
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.locator("#send").inner_text() == "Verstuur"
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 1")
    assert "Nederlands" in bot_messages(page).last.inner_text()


def test_accessibility_basics_at_360px(page):
    assert page.locator("[aria-live]").count() == 1, "one live region only"
    assert page.locator("#log").get_attribute("role") == "log"
    send_by_keyboard(page, "مرحبا، هل يمكنني العمل؟")
    user = page.locator(".msg.user").last
    assert user.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no horizontal scrolling"
    for button in page.locator("button").all():
        box = button.bounding_box()
        assert box is None or box["height"] >= 44
