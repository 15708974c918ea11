"""Bookmarks written out for a committee paper or an email: Markdown, HTML or JSON.

Used by `ics-tui bookmarks export` and by the explorer's export command, so both give the
same words. Paragraphs are never hard-wrapped (the reader's window wraps them), and every
document cited is listed in full at the end.
"""

from __future__ import annotations

import html
import json
import os
import stat
from pathlib import Path
from typing import Any

from ics_tui.core.model import Citation, Content, Section, long_date
from ics_tui.core.plaintext import all_citations, references_block, section_text
from ics_tui.data.atomic import atomic_write_text
from ics_tui.data.bookmarks import Bookmark, utc_now

FORMATS = {"markdown": ".md", "html": ".html", "json": ".json"}
MISSING = "(missing from this content)"


class ExportError(Exception):
    """An export that was refused or failed, in words for the member."""


class ExportExists(ExportError):
    """The file is there already (the app offers a free name; the command line, --force)."""


def count_label(n: int) -> str:
    return f"{n} bookmark" + ("" if n == 1 else "s")


def added_day(bookmark: Bookmark) -> str:
    when = bookmark.added_at
    return f"{when.day} {when:%B %Y}" if when else (bookmark.added or "an unknown date")


def cited(sections: list[Section]) -> list[Citation]:
    """Every citation the exported text uses: the sections', their facts' and their rows'."""
    out: list[Citation] = []
    for section in sections:
        out += all_citations(section)
    return out


def body_text(content: Content, section: Section) -> str:
    """The section's text without its title line (the export gives its own heading), unwrapped."""
    lines = section_text(content, section, width=0, underline=False).splitlines()
    return "\n".join(lines[1:]).strip("\n")


def _present(content: Content, bookmarks: list[Bookmark]) -> list[tuple[Bookmark, Section | None]]:
    return [(b, content.get(b.section_id)) for b in bookmarks]


def export_markdown(content: Content, bookmarks: list[Bookmark]) -> str:
    pairs = _present(content, bookmarks)
    out = [
        "# My ICS Explorer bookmarks",
        "",
        f"{count_label(len(bookmarks))}, newest first, exported {long_date(utc_now()[:10])}. "
        "The text summarises the documents listed under References at the end.",
    ]
    if not bookmarks:
        out += ["", "There are no bookmarks yet."]
    for number, (bookmark, section) in enumerate(pairs, 1):
        out += ["", f"## {number}. {bookmark.display_title}", ""]
        if section is None:
            out += [
                f"Section `{bookmark.section_id}` {MISSING}: it may have been renamed or removed, "
                "or it belongs to another content pack.",
                "",
            ]
        elif bookmark.title != section.title:
            out += [f"Section: {section.title}", ""]
        if bookmark.note:
            out += (
                ["My note:", ""]
                + [f"> {line}".rstrip() for line in bookmark.note.splitlines()]
                + [""]
            )
        out.append(f"Bookmarked {added_day(bookmark)}.")
        if section is not None:
            out += ["", body_text(content, section)]
    refs = references_block(content, cited([s for _, s in pairs if s is not None]))
    if refs:
        out += ["", "## References", ""] + refs
    return "\n".join(out).rstrip() + "\n"


def _html_blocks(text: str) -> list[str]:
    """Plain section text as HTML: blank-line blocks become paragraphs, `- ` lines list items."""
    out: list[str] = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if not any(line.lstrip().startswith("- ") for line in lines):
            out.append("<p>" + "<br>\n".join(html.escape(line.strip()) for line in lines) + "</p>")
            continue
        items: list[str] = []
        lead: list[str] = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("- "):
                items.append(html.escape(stripped[2:]))
            elif items:  # a citation or continuation under the item above
                items[-1] += f"<br><small>{html.escape(stripped)}</small>"
            else:
                lead.append(html.escape(stripped))
        if lead:
            out.append("<p>" + "<br>\n".join(lead) + "</p>")
        out.append("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>")
    return out


def export_html(content: Content, bookmarks: list[Bookmark]) -> str:
    """A standalone page a rep can open in a browser and paste into a committee paper."""
    pairs = _present(content, bookmarks)
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        '<head><meta charset="utf-8"><title>My ICS Explorer bookmarks</title></head>',
        "<body>",
        "<h1>My ICS Explorer bookmarks</h1>",
        f"<p>{count_label(len(bookmarks))}, newest first, exported {long_date(utc_now()[:10])}. "
        "The text summarises the documents listed under References at the end.</p>",
    ]
    if not bookmarks:
        out.append("<p>There are no bookmarks yet.</p>")
    for number, (bookmark, section) in enumerate(pairs, 1):
        out.append(f"<h2>{number}. {esc(bookmark.display_title)}</h2>")
        if section is None:
            out.append(f"<p>Section <code>{esc(bookmark.section_id)}</code> {MISSING}.</p>")
        elif bookmark.title != section.title:
            out.append(f"<p>Section: {esc(section.title)}</p>")
        if bookmark.note:
            note = "<br>\n".join(esc(line) for line in bookmark.note.splitlines())
            out.append(f"<p>My note:</p>\n<blockquote>{note}</blockquote>")
        out.append(f"<p>Bookmarked {esc(added_day(bookmark))}.</p>")
        if section is not None:
            out += _html_blocks(body_text(content, section))
    refs = references_block(content, cited([s for _, s in pairs if s is not None]))
    if refs:
        out.append("<h2>References</h2>")
        out += _html_blocks("\n".join(refs))
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


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
    for bookmark, section in _present(content, bookmarks):
        item: dict[str, Any] = bookmark.to_json()
        item["missing"] = section is None
        if section is not None:
            item["section_title"] = section.title
            item["kind"] = section.kind
            item["text"] = section_text(content, section, width=0, underline=False)
            item["citations"] = [citation_json(content, c) for c in section.citations]
        items.append(item)
    sections = [s for s in (content.get(b.section_id) for b in bookmarks) if s is not None]
    used = {c.doc for c in cited(sections)}
    documents = {
        doc_id: {
            "short": doc.short,
            "title": doc.title,
            "publisher": doc.publisher,
            "date": doc.date,
            "reference": doc.reference,
        }
        for doc_id, doc in content.documents.items()
        if doc_id in used
    }
    data = {"exported": utc_now(), "count": len(items), "bookmarks": items, "documents": documents}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(content: Content, bookmarks: list[Bookmark], fmt: str) -> str:
    renderers = {"markdown": export_markdown, "html": export_html, "json": export_json}
    return renderers[fmt](content, bookmarks)


def write_export(target: Path, text: str, *, force: bool = False) -> None:
    """Write an export; an existing regular file is never replaced unless `force`.

    A device or a pipe (`/dev/stdout`, a FIFO) is written into directly: replacing it with a
    file, as the atomic write's rename would, could break the member's system. A folder is
    refused.
    """
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise ExportError(f"cannot use {target}: {error.strerror or error}") from None
    try:
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise ExportError(
                f"{target} is a folder; give a file name, e.g. {target / 'bookmarks.md'}"
            )
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(target, "w", encoding="utf-8") as stream:
                stream.write(text)
            return
        if info is not None and not force:
            raise ExportExists(f"{target} already exists; choose another name")
        if not target.parent.is_dir():
            raise ExportError(f"{target.parent} is not a folder that exists")
        atomic_write_text(target, text)
    except OSError as error:
        raise ExportError(f"could not write {target}: {error.strerror or error}") from None


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2.suffix`, `stem-3.suffix`... : a name not yet taken."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def default_export_path(fmt: str, today: str | None = None) -> Path:
    """Where the explorer saves an export: the Documents folder (else home), a name not taken."""
    folder = Path.home()
    try:
        import platformdirs

        documents = Path(platformdirs.user_documents_dir())
        if documents.is_dir():
            folder = documents
    except Exception:  # noqa: BLE001 - no documents folder on this system: home will do
        pass
    day = today or utc_now()[:10]
    return free_name(folder, f"ics-bookmarks-{day}", FORMATS[fmt])
