"""`ics-tui serve` without a browser: the page, the key, the Origin check, a key over the socket.

The server is started as a member starts it (`ics-tui serve`, here with `--port 0`) and read
with aiohttp's client; screens sent over the websocket are rebuilt with pyte.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from serve_driver import Screen, Served, env_has_web_extra, read_until, stdin

pytestmark = pytest.mark.skipif(not env_has_web_extra(), reason="the web extra is not installed")

EVIL = "http://evil.example"
MAX_TABS = 2


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(tmp_path_factory.mktemp("serve"), "--max-tabs", str(MAX_TABS))
    yield server
    status = server.stop()
    assert status == 0, "".join(server.output)
    assert "stopped" in "".join(server.output)


class References(HTMLParser):
    """Every URL a page refers to: attributes, `url(...)` in styles, and URLs in scripts."""

    ATTRIBUTES = {"href", "src", "action", "data-session-websocket-url", "data-pingurl", "poster"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if value and (name in self.ATTRIBUTES or name.endswith("url")):
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"url\(\s*[\"']?([^\"')]+)", data)
        self.urls += re.findall(r"\b(?:https?|wss?):(?://)?[^\s\"'<>)]+", data)


async def get(url: str, **headers: str):
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            return response.status, dict(response.headers), await response.read()


def test_link_is_private_by_default(served):
    scheme, host, path, *_ = urlsplit(served.url)
    assert host.startswith("127.0.0.1:")
    key = path.strip("/")
    assert len(key) >= 20 and re.fullmatch(r"[A-Za-z0-9_-]+", key)
    assert "Only this machine can reach it" in "".join(served.output)


async def test_page_refers_only_to_the_servers_own_urls(served):
    status, headers, body = await get(served.url)
    assert status == 200
    page = body.decode()
    parser = References()
    parser.feed(page)
    assert len(parser.urls) >= 5, parser.urls  # stylesheet, script, fonts, websocket
    own = urlsplit(served.url).netloc
    for ref in parser.urls:
        parts = urlsplit(ref)
        assert not ref.startswith("//"), ref
        assert parts.netloc in ("", own), f"the page refers to another server: {ref}"
        if parts.scheme in ("", "http"):
            status, _, _ = await get(urljoin(served.url, ref))
            assert status == 200, f"{ref} is not served"
    assert "googleapis" not in page and "https:" not in page
    # The browser is told to load nothing from elsewhere, and not to leak the key.
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self' ws://" + own in policy
    assert headers["Referrer-Policy"] == "no-referrer"
    # Quitting, the tab limit and a stopped app each have their own message in the page.
    from ics_tui.web.server import CLOSE_APP_STOPPED, CLOSE_BUSY, CLOSE_QUIT

    assert f'{CLOSE_QUIT}: "You quit ICS Explorer in this tab.' in page
    assert f'{CLOSE_BUSY}: "Too many tabs' in page and f"at most {MAX_TABS} tabs" in page
    assert f'{CLOSE_APP_STOPPED}: "ICS Explorer stopped unexpectedly' in page


async def test_requests_without_the_key_or_from_elsewhere_are_refused(served):
    root = served.origin
    key = urlsplit(served.url).path.strip("/")
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")
    for url in (
        root + "/",
        root + "/static/js/textual.js",
        root + "/ws",
        f"{root}/{wrong}/",
        f"{root}/{wrong}/static/js/textual.js",
        f"{root}/{key[:-1]}/",
    ):
        status, _, body = await get(url)
        assert status == 403, url
        assert b"open the link" in body
    # No directory listings, even with the key.
    for folder in ("static/", "static/js/", "static/fonts"):
        status, _, body = await get(served.url + folder)
        assert status in (403, 404), folder
        assert b"textual.js" not in body and b"Roboto" not in body
    # A page on another name for this address (DNS rebinding) is refused.
    status, _, _ = await get(served.url, Host="evil.example:" + root.rsplit(":", 1)[1])
    assert status == 403
    # A request that says it comes from another site is refused.
    status, _, _ = await get(served.url, Origin=EVIL)
    assert status == 403


async def test_websocket_needs_the_key_and_the_servers_own_origin(served):
    import aiohttp

    key_path = urlsplit(served.url).path
    bad = [
        (served.origin + "/ws", served.origin),  # no key
        (served.ws_url.replace(key_path, "/x" + key_path), served.origin),  # key not first
        (served.ws_url, EVIL),  # foreign Origin
        (served.ws_url, "null"),
        (served.ws_url, None),  # no Origin at all
    ]
    async with aiohttp.ClientSession() as session:
        for url, origin in bad:
            url = url.replace("http://", "ws://")
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url, origin=origin)
            assert refused.value.status == 403, (url, origin)
    assert served.app_processes() == [], "a refused websocket started the app"


async def test_a_key_sent_over_the_websocket_changes_the_screen_and_quitting_says_so(served):
    import aiohttp

    screen = Screen(80, 24)
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(
            served.ws_url + "?width=80&height=24", origin=served.origin
        ) as websocket:
            first = await read_until(
                websocket,
                screen,
                lambda s: "Dorset" in s and "ICS map" in s,
                what="the ICS map list",
            )
            assert "ICS versus ICP" not in first
            assert len(served.app_processes()) == 1
            await websocket.send_str(stdin("2"))
            await read_until(
                websocket, screen, lambda s: "ICS versus ICP" in s, what="the comparison after 2"
            )
            await websocket.send_str(stdin("q"))
            message = await websocket.receive(timeout=20)
            while message.type == aiohttp.WSMsgType.BINARY:
                message = await websocket.receive(timeout=20)
            assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            assert websocket.close_code == 1000  # the page shows "You quit ICS Explorer ..."
    await wait_for(lambda: served.app_processes() == [], "the app process to end")


async def test_tabs_over_the_limit_are_told_why(served):
    import aiohttp

    from ics_tui.web.server import CLOSE_BUSY

    async with aiohttp.ClientSession() as session:
        sockets = [
            await session.ws_connect(served.ws_url, origin=served.origin) for _ in range(MAX_TABS)
        ]
        for websocket in sockets:
            await read_until(
                websocket,
                Screen(),
                first_screen,
                what="first screen",
            )
        extra = await session.ws_connect(served.ws_url, origin=served.origin)
        message = await extra.receive(timeout=20)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert extra.close_code == CLOSE_BUSY
        assert len(served.app_processes()) == MAX_TABS
        for websocket in sockets:  # a closed tab stops its app and frees its place
            await websocket.close()
    await wait_for(lambda: served.app_processes() == [], "the app processes to end")


def first_screen(text: str) -> bool:
    """The app's first screen in a tab, on whichever view the last tab left (it is remembered)."""
    return "ICS Explorer" in text and "Help" in text


async def wait_for(condition, what: str, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def run_cli(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = f"{prelude}\nfrom ics_tui.cli import main\nraise SystemExit(main({list(args)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_without_the_web_extra_serve_says_how_to_install_it():
    done = run_cli("serve", prelude="import sys; sys.modules['textual_serve'] = None")
    assert done.returncode != 0
    assert "pip install 'ics-tui[web]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_network_host_needs_allow_remote():
    done = run_cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert done.returncode == 2
    assert "--allow-remote" in done.stderr and "bookmarks" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_warning_for_a_network_host_names_who_can_reach_it():
    from ics_tui.cli.serve import remote_warning

    text = remote_warning("0.0.0.0", 8765)
    assert "every network this machine is on" in text
    assert "bookmarks and notes" in text and "unencrypted" in text
    assert "the network that reaches 192.168.1.5" in remote_warning("192.168.1.5", 8765)


async def test_shared_on_purpose_it_warns_and_still_needs_the_key(tmp_path: Path):
    """Bound to every address with --allow-remote (only loopback traffic is sent here)."""
    server = Served(tmp_path, "--host", "0.0.0.0", "--allow-remote")
    try:
        printed = "".join(server.output)
        assert "WARNING: listening on 0.0.0.0:" in printed
        assert "every network this machine is on" in printed
        parts = urlsplit(server.url)
        local = f"http://127.0.0.1:{parts.port}{parts.path}"
        assert (await get(local))[0] == 200
        assert (await get(f"http://127.0.0.1:{parts.port}/"))[0] == 403
        assert (await get(local, Origin=EVIL))[0] == 403
    finally:
        assert server.stop() == 0


def test_a_taken_port_is_reported_without_a_traceback(tmp_path: Path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("serve", "--port", str(port))
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr


async def test_tabs_keep_their_own_panes_and_share_bookmarks(served):
    """Two tabs at once: each shows its own view; bookmarks made in both are both kept."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        one = await session.ws_connect(served.ws_url, origin=served.origin)
        two = await session.ws_connect(served.ws_url, origin=served.origin)
        screens = Screen(), Screen()
        for websocket, screen in zip((one, two), screens):
            await read_until(websocket, screen, first_screen, what="first screen")
        await one.send_str(stdin("1"))
        await read_until(one, screens[0], lambda s: "Dorset" in s, what="the map in tab one")
        await two.send_str(stdin("3"))
        await read_until(
            two,
            screens[1],
            lambda s: "tiers" in s.lower() and "Dorset" not in s,
            what="the tiers in tab two",
        )
        assert "Dorset" in screens[0].text()  # tab one did not follow tab two
        for websocket, screen in zip((one, two), screens):
            await websocket.send_str(stdin("b"))
            await read_until(
                websocket, screen, lambda s: "Bookmarked" in s, what="the bookmark notice"
            )
        for websocket in (one, two):
            await websocket.send_str(stdin("q"))
            while (await websocket.receive(timeout=20)).type == aiohttp.WSMsgType.BINARY:
                pass
    await wait_for(lambda: served.app_processes() == [], "the app processes to end")
    env = {**served.env}
    done = subprocess.run(
        [sys.executable, "-m", "ics_tui", "bookmarks"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 bookmarks"), done.stdout


async def test_ctrl_c_stops_every_tab_and_tells_the_page(tmp_path: Path):
    import signal

    import aiohttp

    from ics_tui.web.server import CLOSE_SERVER_STOPPED

    server = Served(tmp_path)
    try:
        async with aiohttp.ClientSession() as session:
            websocket = await session.ws_connect(server.ws_url, origin=server.origin)
            await read_until(websocket, Screen(), lambda s: "ICS map" in s, what="first screen")
            apps = server.app_processes()
            assert len(apps) == 1
            server.process.send_signal(signal.SIGINT)
            while (await websocket.receive(timeout=20)).type == aiohttp.WSMsgType.BINARY:
                pass
            assert websocket.close_code == CLOSE_SERVER_STOPPED
        await wait_for(lambda: server.process.poll() is not None, "the server to exit")
        assert server.process.returncode == 0
        assert not Path(f"/proc/{apps[0]}").exists(), "the tab's app outlived the server"
    finally:
        server.stop()


def test_open_opens_the_printed_link_with_its_key(monkeypatch, capsys):
    import argparse
    import webbrowser

    from ics_tui.cli.serve import announce

    class Server:
        max_tabs, port = 4, 8765

        def url(self, host=None):
            return "http://127.0.0.1:8765/the-key/"

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    announce(Server(), argparse.Namespace(host="127.0.0.1", open=True))
    assert opened == ["http://127.0.0.1:8765/the-key/"]
    assert "  http://127.0.0.1:8765/the-key/\n" in capsys.readouterr().out


def test_each_tab_runs_this_python_on_the_same_content(tmp_path: Path):
    import argparse
    import shlex

    from ics_tui.cli.serve import app_command

    folder = tmp_path / "my pack"
    argv = shlex.split(app_command(argparse.Namespace(content=str(folder))))
    assert argv == [sys.executable, "-m", "ics_tui", "--content", str(folder)]
    assert shlex.split(app_command(argparse.Namespace(content=None))) == argv[:3]
