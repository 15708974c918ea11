"""A private, offline server for the explorer, built on textual-serve.

textual-serve (aiohttp and one websocket per browser tab, each tab its own app process) does the
work. As shipped it has no authentication, no Origin check, no limit on processes, lists its
static folder and links a web font from the internet. This subclass changes that:

- every URL lives under a random key (`/<key>/`); anything else gets 403;
- the `Host` header must name the loopback address it is bound to (so a DNS-rebinding page
  cannot reach it), unless the member deliberately bound it to the network;
- a websocket must come with an `Origin` equal to the page's own origin;
- at most `max_tabs` app processes run at once; a tab over the limit is told why in the page;
- static files are served without directory listings, from textual-serve's own package;
- the page is the project's template (`templates/app_index.html`): fonts, scripts and styles
  all come from this server, and a Content-Security-Policy keeps the browser from loading
  anything else;
- when the app quits (or stops) in a tab, the page says so instead of leaving a dead terminal.

It relies on textual-serve 1.1's `Server` (its `_process_messages` and template setup) and
`AppService`; the `web` extra pins the minor version.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import signal
from pathlib import Path
from typing import Any, Callable

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from ics_tui.web import is_loopback, url_host

log = logging.getLogger("ics-tui.serve")

TEMPLATES = Path(__file__).parent / "templates"

# Websocket close codes the page turns into a message (4000-4999 are free for applications).
CLOSE_QUIT = 1000  # the app quit normally (textual-serve closes with the default code)
CLOSE_SERVER_STOPPED = 1001
CLOSE_BUSY = 4001
CLOSE_APP_STOPPED = 4002

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
STOP_TIMEOUT = 5.0
FORBIDDEN = "403 Forbidden: open the link that `ics-tui serve` printed (it carries the key).\n"


def new_key() -> str:
    """The random part of the URL: 144 bits, URL-safe."""
    return secrets.token_urlsafe(18)


def _clamp(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    return max(low, min(high, number))


class PrivateServer(Server):
    """textual-serve's Server, private by default (see the module's docstring)."""

    def __init__(
        self,
        command: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8765,
        max_tabs: int = 4,
        key: str | None = None,
        title: str = "ICS Explorer",
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.key = key or new_key()
        self.max_tabs = max_tabs
        self.loopback_only = is_loopback(host)
        self._services: set[AppService] = set()
        self._sockets: set[web.WebSocketResponse] = set()
        self._runner: web.AppRunner | None = None

    # -- addresses -------------------------------------------------------------------------

    @property
    def prefix(self) -> str:
        return f"/{self.key}/"

    def url(self, host: str | None = None) -> str:
        """The link to open: the page, with its key."""
        shown = host or ("127.0.0.1" if self.host in ("", "0.0.0.0", "::") else self.host)
        return f"http://{url_host(shown)}:{self.port}{self.prefix}"

    def allowed_hosts(self) -> set[str] | None:
        """The `Host` headers accepted, or None (any) when bound to the network on purpose."""
        if not self.loopback_only:
            return None
        names = {*LOOPBACK_NAMES, url_host(self.host)}
        return {f"{name}:{self.port}" for name in names}

    # -- the guard -------------------------------------------------------------------------

    def refusal(self, request: web.Request) -> str | None:
        """Why `request` is refused, or None when it may go on."""
        parts = request.path.split("/", 2)
        given = parts[1] if len(parts) > 1 else ""
        if not hmac.compare_digest(given.encode(), self.key.encode()):
            return "no key"
        allowed = self.allowed_hosts()
        if allowed is not None and request.host.lower() not in allowed:
            return f"host {request.host!r} is not this server"
        origin = request.headers.get("Origin")
        is_socket = request.path == f"{self.prefix}ws"
        if origin is None:
            return "websocket without Origin" if is_socket else None
        if origin != f"http://{request.host}":
            return f"foreign Origin {origin!r}"
        return None

    @web.middleware
    async def guard(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        why = self.refusal(request)
        if why is not None:
            log.warning("refused a request: %s", why)  # the path is not shown: it may hold the key
            return web.Response(status=403, text=FORBIDDEN)
        return await handler(request)

    async def add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        """Every response: load nothing from elsewhere, no referrer (the URL holds the key),
        no frames."""
        host = request.host
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' ws://{host}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'none'"
        )
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        prefix = self.prefix
        app.add_routes(
            [
                web.get(prefix, self.handle_index, name="index"),
                web.get(prefix + "ws", self.handle_websocket, name="websocket"),
                web.static(
                    prefix + "static",
                    self.statics_path,
                    show_index=False,
                    follow_symlinks=False,
                    name="static",
                ),
            ]
        )
        app.on_response_prepare.append(self.add_headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    # -- the page --------------------------------------------------------------------------

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        return {
            "title": self.title,
            "font_size": _clamp(request.query.get("fontsize"), 16, 8, 48),
            "static_url": f"{self.prefix}static/",
            "app_websocket_url": f"ws://{request.host}{self.prefix}ws",
            "max_tabs": self.max_tabs,
        }

    # -- one tab: one app process ----------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 16)
        await websocket.prepare(request)
        if len(self._services) >= self.max_tabs:
            await websocket.close(code=CLOSE_BUSY, message=b"too many tabs")
            return websocket
        width = _clamp(request.query.get("width"), 80, 20, 500)
        height = _clamp(request.query.get("height"), 24, 8, 200)
        service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,  # type: ignore[arg-type]  # awaited; its bool result unused
            download_manager=self.download_manager,
        )
        self._services.add(service)
        self._sockets.add(websocket)
        try:
            await service.start(width, height)
            process_task = service._task
            reader = asyncio.create_task(self._process_messages(websocket, service))
            waiting = {reader} | ({process_task} if process_task else set())
            done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            if reader not in done:
                # The app's process ended: after a normal quit textual-serve has already closed
                # the socket (code 1000); anything else is an app that stopped on its own.
                if not websocket.closed:
                    await websocket.close(code=CLOSE_APP_STOPPED, message=b"app stopped")
                reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # noqa: BLE001 - one tab's failure must not stop the server
            log.error("a tab failed: %s: %s", type(error).__name__, error)
        finally:
            await self._stop_service(service)
            self._services.discard(service)
            self._sockets.discard(websocket)
            if not websocket.closed:
                await websocket.close()
        return websocket

    async def _stop_service(self, service: AppService) -> None:
        """Ask the app to quit; kill it if it has not after a few seconds."""
        process = service._process
        try:
            await asyncio.wait_for(service.stop(), STOP_TIMEOUT)
        except (asyncio.TimeoutError, Exception):  # noqa: BLE001
            pass
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()

    @property
    def tabs(self) -> int:
        """How many app processes run now."""
        return len(self._services)

    # -- running ---------------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:  # textual-serve prints a banner
        pass

    async def on_shutdown(self, app: web.Application) -> None:
        for websocket in list(self._sockets):
            await websocket.close(code=CLOSE_SERVER_STOPPED, message=b"server stopped")
        await asyncio.gather(
            *(self._stop_service(s) for s in list(self._services)), return_exceptions=True
        )

    async def start(self) -> None:
        """Bind and listen (raises OSError when the port is taken); `self.port` is then real."""
        app = await self._make_app()
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host or None, self.port)
        try:
            await site.start()
        except BaseException:
            await self._runner.cleanup()
            raise
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def serve_until_stopped(self, on_ready: Callable[["PrivateServer"], None]) -> None:
        """Serve until SIGINT or SIGTERM; every app process is stopped on the way out."""
        await self.start()
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stopping.set)
            except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
                pass
        try:
            on_ready(self)
            await stopping.wait()
        finally:
            await self.stop()
