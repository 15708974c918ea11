"""`serve`: the explorer in a web browser, private to this machine unless asked otherwise.

Needs the `web` extra (`pip install 'ics-tui[web]'`, which brings textual-serve and aiohttp).
Each browser tab runs its own copy of the app, with its own panes; bookmarks and notes are the
member's usual ones (the store is safe for several processes at once).
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys

from ics_tui.cli.common import CommandError, load

DEFAULT_PORT = 8765
DEFAULT_MAX_TABS = 4
INSTALL_HINT = (
    "the browser version needs the web extra, which is not installed. Install it into the same "
    "Python as ics-tui: pip install 'ics-tui[web]' (from a source folder: pip install '.[web]')"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="open the explorer in a web browser (needs the web extra)",
        description="Serve the explorer to a web browser. Private by default: it listens on "
        "127.0.0.1 (this machine only), and the link it prints carries a random key that the "
        "page and its connection need. Each browser tab runs its own explorer. Ctrl+C stops it.",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"the port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="H",
        help="the address to listen on (default 127.0.0.1, this machine only)",
    )
    serve.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host that other machines can reach (to share on purpose)",
    )
    serve.add_argument("--open", action="store_true", help="open the link in your web browser")
    serve.add_argument(
        "--max-tabs",
        type=_positive,
        default=DEFAULT_MAX_TABS,
        metavar="N",
        help=f"at most N tabs (app processes) at once (default {DEFAULT_MAX_TABS})",
    )
    serve.set_defaults(handler=run_serve)


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("a port is a number from 0 to 65535")
    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def web_extra_missing() -> bool:
    try:
        import aiohttp  # noqa: F401
        import aiohttp_jinja2  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        return True
    return False


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs once per tab: this Python, this package."""
    argv = [sys.executable, "-m", "ics_tui"]
    if getattr(args, "content", None):
        argv += ["--content", str(args.content)]
    return shlex.join(argv)


def remote_warning(host: str, port: int) -> str:
    everywhere = host in ("", "0.0.0.0", "::")
    reach = (
        "every network this machine is on (office or home network, Wi-Fi, VPN)"
        if everywhere
        else f"the network that reaches {host}"
    )
    return (
        f"WARNING: listening on {host or 'every address'}:{port}, so anyone on {reach} can reach "
        "this server. Whoever has the link can read and type into the explorer, including your "
        "bookmarks and notes, and the link travels unencrypted (plain http). Send it only to the "
        "colleague you mean, and press Ctrl+C when you are done."
    )


def run_serve(args: argparse.Namespace) -> int:
    from ics_tui.web import is_loopback

    if not is_loopback(args.host) and not args.allow_remote:
        raise CommandError(
            f"--host {args.host} lets other machines reach the explorer, your bookmarks and notes "
            'included. If you mean to share it, add --allow-remote (see the README, "In a web '
            'browser"); to use it yourself, leave out --host.'
        )
    if web_extra_missing():
        raise CommandError(INSTALL_HINT)
    load(args)  # a content folder with problems is reported here, not in every tab
    import asyncio

    from ics_tui.web.server import PrivateServer

    server = PrivateServer(
        app_command(args), host=args.host, port=args.port, max_tabs=args.max_tabs
    )
    try:
        asyncio.run(server.serve_until_stopped(lambda ready: announce(ready, args)))
    except OSError as error:
        raise CommandError(
            f"cannot listen on {args.host}:{args.port}: {error.strerror or error}. "
            "Choose another port with --port N (--port 0 picks a free one)."
        ) from None
    print("ics-tui serve: stopped.", flush=True)
    return 0


def announce(server, args: argparse.Namespace) -> None:
    """Print the link (the only way in) and, for a network address, who can now reach it."""
    from ics_tui.web import is_loopback

    url = server.url()
    if is_loopback(args.host):
        print(
            f"ICS Explorer is at this link (it carries the key, keep it to yourself):\n"
            f"  {url}\n"
            f"Only this machine can reach it. Each browser tab runs its own explorer, "
            f"{server.max_tabs} at most. Press Ctrl+C to stop.",
            flush=True,
        )
    else:
        everywhere = args.host in ("", "0.0.0.0", "::")
        url = server.url(socket.gethostname() if everywhere else None)
        hint = " (or this machine's address in place of its name)" if everywhere else ""
        print(
            f"ICS Explorer is at this link{hint}:\n  {url}\n"
            f"{remote_warning(args.host, server.port)}",
            flush=True,
        )
    if args.open:
        import webbrowser

        if not webbrowser.open(url):
            print("ics-tui serve: could not open a browser; open the link above.", flush=True)
