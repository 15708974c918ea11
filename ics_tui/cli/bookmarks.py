"""`bookmarks`, `bookmarks export` and `locate`: the member's bookmarks and files, as plain text."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from ics_tui.cli.common import CommandError, load
from ics_tui.core.model import Citation, Content, Section
from ics_tui.core.plaintext import section_text
from ics_tui.data import locations
from ics_tui.data.bookmarks import FILE_NAME, Bookmark, BookmarkStore, utc_now

MISSING = "(missing from this content)"


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
    export.add_argument("--format", choices=("markdown", "json"), default="markdown", help="markdown (default) or json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the terminal (`-` for the terminal)")
    export.set_defaults(handler=run_export)

    locate = subparsers.add_parser("locate", help="print where content, bookmarks, state and config live")
    locate.set_defaults(handler=run_locate)


def open_store() -> BookmarkStore:
    """The member's store, with anything they must be told printed to stderr."""
    store = BookmarkStore.open()
    for notice in store.take_notices():
        print(f"ics-tui: {notice}", file=sys.stderr)
    return store


def added_label(bookmark: Bookmark) -> str:
    when = bookmark.added_at
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else (bookmark.added or "unknown date")


def added_day(bookmark: Bookmark) -> str:
    when = bookmark.added_at
    return when.strftime("%d %B %Y").lstrip("0") if when else (bookmark.added or "an unknown date")


def _count(n: int) -> str:
    return f"{n} bookmark" + ("" if n == 1 else "s")


# --- bookmarks ------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    content = load(args)
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


def cited(content: Content, sections: list[Section]) -> list[Citation]:
    """Every citation the exported text uses: the sections', their facts' and their rows'."""
    out: list[Citation] = []
    for section in sections:
        out += section.citations
        for fact in getattr(section, "facts", ()):
            out += fact.citations
        for row in getattr(section, "rows", ()):
            out += row.citations
    return out


def documents_block(content: Content, sections: list[Section]) -> list[str]:
    """The cited documents in full, with the text of each footnote or reference cited."""
    citations = cited(content, sections)
    lines: list[str] = []
    for doc_id, doc in content.documents.items():
        used = [c for c in citations if c.doc == doc_id]
        if not used:
            continue
        parts = [doc.publisher, doc.title, doc.date] + ([doc.reference] if doc.reference else [])
        lines.append(f"- {doc.short}: " + ". ".join(p.rstrip(".") for p in parts) + ".")
        notes: list[str] = []
        for c in used:
            notes += [n for n in c.notes if n not in notes]
        word = doc.note_word
        for number in sorted(notes, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0, n)):
            ref = doc.find_reference(number)
            if ref is not None:
                lines.append(f"  - {word} {number}: {ref.text}" + (" (missing from the copy)" if ref.missing else ""))
    return lines


def body_text(content: Content, section: Section) -> str:
    """The section's plain text without its title lines (the export gives its own heading)."""
    lines = section_text(content, section).splitlines()
    return "\n".join(lines[3:] if len(lines) > 2 and set(lines[1]) == {"="} else lines).strip("\n")


def export_markdown(content: Content, bookmarks: list[Bookmark]) -> str:
    present = [content.get(b.section_id) for b in bookmarks]
    sections = [s for s in present if s is not None]
    out = [
        "# My ICS Explorer bookmarks",
        "",
        f"{_count(len(bookmarks))}, newest first, exported {utc_now()[:10]}. "
        "The text summarises the documents listed under Sources at the end.",
    ]
    if not bookmarks:
        out += ["", "There are no bookmarks yet."]
    for number, (bookmark, section) in enumerate(zip(bookmarks, present), 1):
        out += ["", f"## {number}. {bookmark.display_title}", ""]
        if section is None:
            out += [f"Section `{bookmark.section_id}` {MISSING}: it may have been renamed or removed, "
                    "or it belongs to another content pack.", ""]
        elif bookmark.title != section.title:
            out += [f"Section: {section.title}", ""]
        if bookmark.note:
            out += ["My note:", ""] + [f"> {line}".rstrip() for line in bookmark.note.splitlines()] + [""]
        out.append(f"Bookmarked {added_day(bookmark)}.")
        if section is not None:
            out += ["", body_text(content, section)]
    docs = documents_block(content, sections)
    if docs:
        out += ["", "## Sources", ""] + docs
    return "\n".join(out).rstrip() + "\n"


def citation_json(content: Content, citation: Citation) -> dict[str, Any]:
    return {
        "doc": citation.doc,
        "heading": citation.heading,
        "paras": list(citation.paras),
        "notes": list(citation.notes),
        "label": content.cite(citation),
    }


def export_json(content: Content, bookmarks: list[Bookmark]) -> str:
    items = []
    for bookmark in bookmarks:
        section = content.get(bookmark.section_id)
        item: dict[str, Any] = bookmark.to_json()
        item["missing"] = section is None
        if section is not None:
            item["section_title"] = section.title
            item["kind"] = section.kind
            item["text"] = section_text(content, section)
            item["citations"] = [citation_json(content, c) for c in section.citations]
        items.append(item)
    sections = [s for s in (content.get(b.section_id) for b in bookmarks) if s is not None]
    used = {c.doc for c in cited(content, sections)}
    documents = {
        doc_id: {
            "short": doc.short, "title": doc.title, "publisher": doc.publisher, "date": doc.date,
            "reference": doc.reference,
        }
        for doc_id, doc in content.documents.items()
        if doc_id in used
    }
    data = {"exported": utc_now(), "count": len(items), "bookmarks": items, "documents": documents}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def run_export(args: argparse.Namespace) -> int:
    content = load(args)
    store = open_store()
    bookmarks = store.all()
    text = export_json(content, bookmarks) if args.format == "json" else export_markdown(content, bookmarks)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    from ics_tui.data.atomic import atomic_write_text

    target = Path(args.output).expanduser()
    if target.is_dir():
        raise CommandError(f"{target} is a folder; give a file name, e.g. {target / 'bookmarks.md'}")
    try:
        atomic_write_text(target, text)
    except OSError as error:
        raise CommandError(f"could not write {target}: {error.strerror or error}") from None
    print(f"Wrote {_count(len(bookmarks))} to {target}", file=sys.stderr)
    return 0


# --- locate ---------------------------------------------------------------------------------


def _origin(env: str, explicit: str | None = None) -> str:
    if explicit:
        return "from --content"
    return f"from ${env}" if os.environ.get(env) else "default"


def _state(path: Path, folder: bool) -> str:
    if folder:
        return "exists" if path.is_dir() else ("not a folder!" if path.exists() else "not created yet")
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
            file = folder / FILE_NAME
            rows.append(("bookmarks", file, _state(file, False)))
    width = max(len(r[0]) for r in rows)
    for name, path, note in rows:
        print(f"{name:<{width}}  {path}  ({note})")
    return 0
