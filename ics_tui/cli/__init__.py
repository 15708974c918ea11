"""`ics-tui`: start the explorer, or run one of the plain-text commands.

Each command lives in its own module under `ics_tui.cli` with `register(subparsers)`;
heavy imports (Textual, the search index) happen inside the command that needs them,
so `ics-tui validate` or `ics-tui show` never pays for the UI.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Sequence, cast

if TYPE_CHECKING:
    import argparse


# The modules that add subcommands, in the order `--help` lists them.
COMMAND_MODULES = ("content", "search", "bookmarks", "drawn_map", "serve")
# Which module adds each command, so `ics-tui show X` imports only `content`. A command
# missing here still works (every module is loaded then); a test keeps this in step.
COMMANDS = {
    "validate": "content",
    "sections": "content",
    "show": "content",
    "search": "search",
    "bookmarks": "bookmarks",
    "locate": "bookmarks",
    "map": "drawn_map",
    "serve": "serve",
}

# Commands that read, print and exit: they run without the cyclic collector (about -5% CPU).
# Never a long-running one (the explorer turns it back on; a server would need it).
ONE_SHOT = frozenset({"validate", "sections", "show", "search"})


def build_parser(only: str | None = None) -> "argparse.ArgumentParser":
    """The parser; with `only`, the parser with just that module's commands (for speed)."""
    import argparse
    import importlib

    class VersionAction(argparse.Action):
        """`--version`, reading the installed version only when asked."""

        def __init__(self, option_strings, dest, **kwargs) -> None:
            super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

        def __call__(self, parser, namespace, values, option_string=None) -> None:
            import ics_tui

            print(f"ics-tui {ics_tui.__version__}")
            parser.exit()

    parser = argparse.ArgumentParser(
        prog="ics-tui",
        description="ICS Explorer: what the BMA briefing (Feb 2019) and the Health and Social Care "
        "Committee report (Jun 2018) say about integrated care systems. With no command, opens the explorer.",
    )
    parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    parser.add_argument(
        "--content",
        metavar="DIR",
        help="load this content folder instead of the shipped one (also $ICS_TUI_CONTENT)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(f"ics_tui.cli.{name}").register(subparsers)
    return parser


class ExplorerArgs:
    """The arguments of a plain `ics-tui` (no command, no option), made without argparse."""

    command = None
    content = None


def main(argv: Sequence[str] | None = None) -> int:
    import gc

    collecting = gc.isenabled()
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    finally:
        if collecting:  # as it was: main() called in a longer-lived process (tests) leaves it on
            gc.enable()


def _main(arguments: list[str]) -> int:
    import gc

    from ics_tui.cli.common import forgiving_output, guarded

    forgiving_output()
    if not arguments:  # the explorer: no parser and no command modules to import (issue 17)
        # No collections while the modules and the content load: they live as long as the app,
        # and `run_app` freezes them and turns the collector back on before the first screen.
        gc.disable()
        args = cast("argparse.Namespace", ExplorerArgs())  # read like a Namespace
    else:
        if arguments[0] in ONE_SHOT:
            gc.disable()  # a call that prints and exits: its few cycles go when the process does
        args = _parser_for(arguments).parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        if not _has_terminal():
            print(
                "ics-tui: the explorer needs a terminal. Without one, use a command: "
                "ics-tui show ID, ics-tui search WORDS, ics-tui sections (ics-tui --help lists them).",
                file=sys.stderr,
            )
            return 2
        from ics_tui.cli.run_app import run_app

        return guarded(run_app, args)
    return guarded(handler, args)


def _parser_for(arguments: list[str]) -> "argparse.ArgumentParser":
    """Only the named command's module when the command comes first (`ics-tui show X`)."""
    module = COMMANDS.get(arguments[0])
    return build_parser(module if module in COMMAND_MODULES else None)


def _has_terminal() -> bool:
    """True when the explorer can draw and read keys: stdin and stdout are a terminal, or a
    Textual driver of its own (the browser's, under `ics-tui serve`) is set."""
    import os

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
