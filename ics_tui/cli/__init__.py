"""`ics-tui`: start the explorer, or run one of the plain-text commands.

Each command lives in its own module under `ics_tui.cli` with `register(subparsers)`;
heavy imports (Textual, the search index) happen inside the command that needs them,
so `ics-tui validate` or `ics-tui show` never pays for the UI.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence


# The modules that add subcommands, in the order `--help` lists them.
COMMAND_MODULES = ("content", "search", "bookmarks", "drawn_map", "serve")


class VersionAction(argparse.Action):
    """`--version`, reading the installed version only when asked."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import ics_tui

        print(f"ics-tui {ics_tui.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ics-tui",
        description="ICS Explorer: what the BMA briefing (Feb 2019) and the Health and Social Care "
        "Committee report (Jun 2018) say about integrated care systems. With no command, opens the explorer.",
    )
    parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    parser.add_argument("--content", metavar="DIR", help="load this content folder instead of the shipped one (also $ICS_TUI_CONTENT)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"ics_tui.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from ics_tui.cli.common import guarded

    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        if not _has_terminal():
            print("ics-tui: the explorer needs a terminal. Without one, use a command: "
                  "ics-tui show ID, ics-tui search WORDS, ics-tui sections (ics-tui --help lists them).",
                  file=sys.stderr)
            return 2
        from ics_tui.cli.run_app import run_app

        return guarded(run_app, args)
    return guarded(handler, args)


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
