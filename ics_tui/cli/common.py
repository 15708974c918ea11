"""What every command shares: loading content with readable errors, and no tracebacks."""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from ics_tui.core.loader import ContentError, load_content
from ics_tui.core.model import Content
from ics_tui.data import locations
from ics_tui.data.crashlog import log_crash


class CommandError(Exception):
    """A failure to report in one line, with an exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def fail(message: str) -> None:
    print(f"ics-tui: {message}", file=sys.stderr)


def load(args: argparse.Namespace) -> Content:
    """The content the member asked for, or a CommandError listing every problem."""
    folder = locations.content_dir(getattr(args, "content", None))
    try:
        return load_content(folder)
    except ContentError as error:
        lines = [f"content in {folder} has {len(error.problems)} problem(s):"]
        lines += [f"  {p}" for p in error.problems]
        raise CommandError("\n".join(lines)) from None


def guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; turn every failure into a one-line message and an exit status."""
    try:
        return handler(args)
    except CommandError as error:
        fail(str(error))
        return error.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback reaches a member
        where = log_crash()
        fail(f"unexpected error: {type(error).__name__}: {error}" + (f" (details in {where})" if where else ""))
        return 70
