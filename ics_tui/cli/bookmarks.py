"""`bookmarks`, `bookmarks export` and `locate`: the member's bookmarks and files, as plain text."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ics_tui.cli.common import CommandError, load
from ics_tui.data import locations

if TYPE_CHECKING:
    from ics_tui.data.bookmarks import Bookmark, BookmarkStore


def register(subparsers: argparse._SubParsersAction) -> None:
    bookmarks = subparsers.add_parser(
        "bookmarks",
        help="list your bookmarks, or export them (`bookmarks export`)",
        description="List your bookmarks, newest first, with notes and sources. "
        "`ics-tui bookmarks export` writes them with the full text, ready to paste into an email.",
    )
    bookmarks.set_defaults(handler=run_list)
    actions = bookmarks.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="write your bookmarks with their notes, text and citations",
        description="Write every bookmark with its title, your note, the section's text and its full "
        "citations, ready to paste into an email to a committee. Newest first.",
    )
    export.add_argument(
        "--format",
        choices=("markdown", "html", "json"),
        default="markdown",
        help="markdown (default), html (to paste into a committee paper) or json",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of the terminal (`-` for the terminal); "
        "an existing file is kept unless --force",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(handler=run_export)

    locate = subparsers.add_parser(
        "locate", help="print where content, bookmarks, state and config live"
    )
    locate.set_defaults(handler=run_locate)


def open_store() -> "BookmarkStore":
    """The member's store, with anything they must be told printed to stderr."""
    from ics_tui.data.bookmarks import BookmarkStore

    store = BookmarkStore.open()
    for notice in store.take_notices():
        print(f"ics-tui: {notice}", file=sys.stderr)
    return store


def added_label(bookmark: "Bookmark") -> str:
    when = bookmark.added_at
    if when is None:
        return bookmark.added or "unknown date"
    return f"{when.day} {when:%B %Y}, {when:%H:%M} UTC"  # as a British reader writes it


def _count(n: int) -> str:
    return f"{n} bookmark" + ("" if n == 1 else "s")


# --- bookmarks ------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from ics_tui.data.export import MISSING

    content = load(args, cached=True)
    store = open_store()
    bookmarks = store.all()
    where = store.path if store.persistent else f"{store.path} (kept for this session only)"
    if not bookmarks:
        print(f"No bookmarks yet ({where}). In the explorer, press b on a section to bookmark it.")
        return 0
    print(f"{_count(len(bookmarks))} ({where}), newest first:")
    for bookmark in bookmarks:
        section = content.get(bookmark.section_id)
        print()
        heading = f"{bookmark.display_title}  [{bookmark.section_id}]"
        print(heading if section else f"{heading} {MISSING}")
        if section is not None and bookmark.title != section.title:
            print(f"  Section: {section.title}")
        if bookmark.note:
            lines = bookmark.note.splitlines() or [""]
            print(f"  Note: {lines[0]}")
            for line in lines[1:]:
                print(f"        {line}")
        print(f"  Added: {added_label(bookmark)}")
        if section is not None:
            for citation in section.citations:
                print(f"  Source: {content.cite(citation)}")
    return 0


# --- bookmarks export -----------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    from ics_tui.data.export import ExportError, ExportExists, render, write_export

    content = load(args, cached=True)
    store = open_store()
    bookmarks = store.all()
    text = render(content, bookmarks, args.format)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        write_export(target, text, force=args.force)
    except ExportExists as error:
        raise CommandError(f"{error}, or add --force to replace it") from None
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(f"Wrote {_count(len(bookmarks))} to {target}", file=sys.stderr)
    return 0


# --- locate ---------------------------------------------------------------------------------


def _origin(env: str, explicit: str | None = None) -> str:
    if explicit:
        return "from --content"
    return f"from ${env}" if os.environ.get(env) else "default"


def _state(path: Path, folder: bool) -> str:
    if folder:
        return (
            "exists" if path.is_dir() else ("not a folder!" if path.exists() else "not created yet")
        )
    return "exists" if path.is_file() else ("not a file!" if path.exists() else "not created yet")


def run_locate(args: argparse.Namespace) -> int:
    explicit = getattr(args, "content", None)
    content = locations.content_dir(explicit)
    if not explicit and not os.environ.get(locations.CONTENT_ENV):
        origin = "shipped"
    else:
        origin = _origin(locations.CONTENT_ENV, explicit)
    rows = [("content", content, f"{origin}, {_state(content, True)}")]
    for name, get, env in (
        ("data", locations.data_dir, locations.DATA_ENV),
        ("state", locations.state_dir, locations.STATE_ENV),
        ("config", locations.config_dir, locations.CONFIG_ENV),
    ):
        try:
            folder = get()
        except Exception as error:  # noqa: BLE001 - platformdirs may fail on an odd system
            rows.append((name, Path("?"), f"unknown: {error}"))
            continue
        rows.append((name, folder, f"{_origin(env)}, {_state(folder, True)}"))
        if name == "data":
            from ics_tui.data.bookmarks import FILE_NAME

            file = folder / FILE_NAME
            rows.append(("bookmarks", file, _state(file, False)))
    width = max(len(r[0]) for r in rows)
    for name, path, note in rows:
        print(f"{name:<{width}}  {path}  ({note})")
    return 0
