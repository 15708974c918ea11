"""What every command shares: loading content with readable errors, and no tracebacks."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from ics_tui.core.model import Content

# Imports of the loader, the store and the crash log wait until a command needs them: a
# command pays only for what it uses (`ics-tui show` never imports the bookmark store).


class CommandError(Exception):
    """A failure to report in one line, with an exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def fail(message: str) -> None:
    """One line (or a few) on stderr; control characters from arguments never reach the terminal."""
    from ics_tui.core.sanitize import clean_text

    print(f"ics-tui: {clean_text(message)}", file=sys.stderr)


def forgiving_output() -> None:
    """A character the output's encoding lacks (★ under PYTHONIOENCODING=ascii, cp1252 on
    Windows) is replaced, not an "unexpected error" part-way through the output."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def load(args: argparse.Namespace, *, cached: bool = False) -> "Content":
    """The content the member asked for, or a CommandError listing every problem.

    `cached` reads the validated content from the start-up cache in the state folder when
    no content file changed (as the explorer does); a pack with problems is loaded again in
    full, so the member sees every problem. `validate` never uses the cache.
    """
    from ics_tui.core.loader import ContentError, load_content
    from ics_tui.data import locations

    folder = locations.content_dir(getattr(args, "content", None))
    if cached:
        content = _load_cached(folder)
        if content is not None:
            return content
    try:
        return load_content(folder)
    except ContentError as error:
        lines = [f"content in {folder} has {len(error.problems)} problem(s):"]
        lines += [f"  {p}" for p in error.problems]
        raise CommandError("\n".join(lines)) from None


def _load_cached(folder: "Path") -> "Content | None":
    from ics_tui.core.loader import ContentError
    from ics_tui.data import locations
    from ics_tui.data.content_cache import load_content_cached
    from ics_tui.data.shipped_content import load_shipped

    shipped = load_shipped(folder)  # the shipped content needs no state folder (nor platformdirs)
    if shipped is not None:
        return shipped
    try:
        return load_content_cached(folder, locations.state_dir())
    except ContentError:
        return None
    except Exception:  # noqa: BLE001 - no state folder or an odd cache: the full load still works
        return None


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
        from ics_tui.data.crashlog import log_crash

        where = log_crash()
        fail(
            f"unexpected error: {type(error).__name__}: {error}"
            + (f" (details in {where})" if where else "")
        )
        return 70


def plain_output(asked: bool | None) -> bool:
    """Plain output (no «» marks, no underlines) when asked, and whenever stdout is not a terminal:
    what a script, a file or a screen reader wants."""
    if asked:
        return True
    try:
        return not sys.stdout.isatty()
    except (AttributeError, ValueError):
        return True


def output_width(asked: int | None, plain: bool) -> int:
    """Columns to wrap at: as asked (0 = no wrap), else the terminal's width, else no wrap."""
    if asked is not None:
        if asked < 0:
            raise CommandError("--width must be 0 (no wrap) or a number of columns")
        return asked if asked == 0 else max(asked, 20)
    if plain:
        return 0
    import shutil

    return max(shutil.get_terminal_size((80, 24)).columns - 1, 20)
