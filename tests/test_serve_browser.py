"""A member's first minute with `ics-tui serve` in a real browser (Debian's headless Chromium).

Playwright for Python drives the system's Chromium (`/usr/bin/chromium`; Playwright's own
browser download is never used). The journey: open the printed link, wait for the first paint,
press `2`, then `/` and type `dorset`; the screen must change at each step. Every request the
page makes is recorded and anything not addressed to the server is blocked, as on a machine
with no network: the journey must make no such request, and none may fail.

The screen is read two ways: the terminal text rebuilt with pyte from the websocket frames the
page receives, and screenshots that must differ. Without Chromium or Playwright the test is
skipped, except in CI (`CI` set), where `.ci/run` installs Chromium and a skip would hide that.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from serve_driver import Screen, Served, env_has_web_extra

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STEP_MS = 20_000


def _missing() -> str | None:
    if not env_has_web_extra():
        return "the web extra is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


MISSING = _missing()
if MISSING and os.environ.get("CI"):
    pytest.fail(f"CI must run the browser journey, but {MISSING}", pytrace=False)
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


class Terminal:
    """The app's screen as the page receives it, rebuilt from the websocket's frames."""

    def __init__(self) -> None:
        self.screen: Screen | None = None
        self.urls: list[str] = []

    def attach(self, websocket) -> None:
        from urllib.parse import parse_qs, urlsplit

        self.urls.append(websocket.url)
        query = parse_qs(urlsplit(websocket.url).query)
        self.screen = Screen(int(query["width"][0]), int(query["height"][0]))
        websocket.on("framereceived", self.received)
        websocket.on("framesent", self.sent)

    def received(self, payload) -> None:
        if isinstance(payload, bytes) and self.screen is not None:
            self.screen.feed(payload)

    def sent(self, payload) -> None:
        if isinstance(payload, str) and self.screen is not None:
            message = json.loads(payload)
            if message[0] == "resize":
                self.screen.screen.resize(message[1]["height"], message[1]["width"])

    def text(self) -> str:
        return self.screen.text() if self.screen else ""


def test_browser_journey_offline(tmp_path: Path):
    from playwright.sync_api import sync_playwright

    served = Served(tmp_path / "user")
    own = served.origin + "/"
    requests: list[str] = []
    blocked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    terminal = Terminal()

    def only_the_server(route) -> None:
        if route.request.url.startswith(own):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("internetdisconnected")

    def wait_screen(page, wanted, what: str) -> str:
        page.wait_for_function("() => true")  # let the page's events run
        deadline = page.evaluate("Date.now()") + STEP_MS
        while not wanted(terminal.text()):
            assert page.evaluate("Date.now()") < deadline, f"never saw {what}:\n{terminal.text()}"
            page.wait_for_timeout(50)
        return terminal.text()

    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"),
                executable_path=CHROMIUM,
                headless=True,
                args=FLAGS,
                viewport={"width": 1100, "height": 700},
            )
            try:
                context.route("**/*", only_the_server)
                context.on("request", lambda request: requests.append(request.url))
                context.on(
                    "requestfailed",
                    lambda request: failed.append(f"{request.url}: {request.failure}"),
                )
                page = context.new_page()
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.on("websocket", terminal.attach)

                page.goto(served.url)
                page.wait_for_function(  # the first paint
                    "() => document.body.classList.contains('-first-byte')", timeout=STEP_MS
                )
                first = wait_screen(
                    page, lambda s: "Dorset" in s and "ICS map" in s, "the ICS map list"
                )
                before = page.screenshot(path=str(tmp_path / "1-map.png"))
                page.click("#terminal")

                page.keyboard.press("2")
                wait_screen(page, lambda s: "ICS versus ICP" in s, "the comparison after 2")
                page.keyboard.press("/")
                wait_screen(page, lambda s: "Search both documents" in s, "the search box")
                page.keyboard.type("dorset", delay=30)
                searched = wait_screen(
                    page, lambda s: "dorset" in s and s.count("Dorset") >= 2, "the Dorset hits"
                )
                after = page.screenshot(path=str(tmp_path / "2-search.png"))
                assert searched != first and before != after

                page.keyboard.press("Escape")
                wait_screen(page, lambda s: "Search both documents" not in s, "search closed")
                page.keyboard.press("q")
                page.wait_for_function(
                    "() => document.body.classList.contains('-closed')", timeout=STEP_MS
                )
                page.screenshot(path=str(tmp_path / "3-quit.png"))
                assert page.inner_text("#closed-message").startswith(
                    "You quit ICS Explorer in this tab"
                )
            finally:
                context.close()
    finally:
        served.stop()

    assert blocked == [], f"the page asked for something outside the server: {blocked}"
    assert failed == [], failed
    assert all(url.startswith(own) for url in requests), requests
    assert len(requests) >= 4  # page, script, stylesheet, font(s)
    assert terminal.urls and all(url.startswith(served.ws_url) for url in terminal.urls)
    assert errors == [], f"the page logged errors (a blocked resource shows here): {errors}"
