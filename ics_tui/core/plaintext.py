"""Any section as plain text with its citations: for `ics-tui show`, copying, export.

One renderer so that what a member pastes into an email, what a screen reader
reads and what search returns as a hit's text are the same words.
"""

from __future__ import annotations

import textwrap
from typing import Protocol

from ics_tui.core.kinds import kind_of, population
from ics_tui.core.model import (
    Citation,
    Comparison,
    Content,
    Ics,
    PortabilityOption,
    Section,
    _ranges,
    long_date,
)

__all__ = ["citation_lines", "fields", "population", "section_text"]


PROJECT_NOTE = "Project note (ours, not from either document)"


def project_notes(section: Section) -> list[str]:
    """What the project adds of its own to a record, to be shown apart from sourced text.

    The record's `editor_note`, and a map position where a record has one (`lat`/`lon`):
    neither document gives positions, so any such field is the project's approximation.
    """
    notes = [p.strip() for p in section.editor_note.split("\n\n") if p.strip()]
    lat, lon = getattr(section, "lat", None), getattr(section, "lon", None)
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        notes.append(
            f"Map position about {abs(lat):.2f}°{'N' if lat >= 0 else 'S'}, "
            f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'}: an approximate centre of the "
            "area's main towns, for drawing the map; neither document gives positions."
        )
    return notes


def citation_lines(content: Content, citations: tuple[Citation, ...]) -> list[str]:
    return [f"  - {content.cite(c)}" for c in citations]


def fields(content: Content, section: Section) -> list[tuple[str, str]]:
    """The structured fields of a section as (label, value) pairs, in reading order."""
    return kind_of(section).fields(content, section)


class _Wrap(Protocol):
    def __call__(self, text: str, indent: str = "") -> str: ...


def _wrapper(width: int) -> _Wrap:
    """A paragraph filler for `width` columns; width 0 keeps each paragraph on one line."""

    def wrap(text: str, indent: str = "") -> str:
        if width <= 0:
            return indent + " ".join(text.split())
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)

    return wrap


def section_text(
    content: Content,
    section: Section,
    width: int = 78,
    *,
    underline: bool = True,
    references: bool = False,
) -> str:
    """Render a section as plain text, ending with its sources.

    `width` 0 leaves paragraphs unwrapped (for pasting into an email, JSON and screen readers,
    where the reader's own window does the wrapping). `underline` draws `===` under the title;
    `references` adds the cited documents in full (title, publisher, date, notes).
    """
    wrap = _wrapper(width)
    lines = [section.title]
    if underline:
        lines.append("=" * min(len(section.title), width or len(section.title)))
    lines.append("")
    for label, value in fields(content, section):
        lines.append(wrap(f"{label}: {value}"))
    if lines[-1] != "":
        lines.append("")
    for paragraph in section.paragraphs():
        lines += [wrap(paragraph), ""]
    for item in section.items:
        lines.append(wrap(item, "  ").replace("  ", "- ", 1))
    if section.items:
        lines.append("")
    if isinstance(section, PortabilityOption) and section.reasons:
        lines.append("Reasons given for it:")
        lines += [wrap(r, "  ").replace("  ", "- ", 1) for r in section.reasons]
        lines.append("")
    if isinstance(section, Comparison):
        for row in section.rows:
            lines.append(f"{row.aspect}")
            lines.append(wrap(f"{section.left}: {row.left}", "  "))
            lines.append(wrap(f"{section.right}: {row.right}", "  "))
            if row.note:
                lines.append(wrap(f"Note: {row.note}", "  "))
            lines += [f"  {line.strip()}" for line in citation_lines(content, row.citations)]
            lines.append("")
    if isinstance(section, Ics) and section.facts:
        lines.append("What the documents say:")
        for fact in section.facts:
            lines.append(wrap(fact.text, "  ").replace("  ", "- ", 1))
            lines += [f"    ({content.cite(c)})" for c in fact.citations]
        lines.append("")
    notes = project_notes(section)
    if notes:
        lines.append(f"{PROJECT_NOTE}:")
        for note in notes:
            lines += [wrap(note, "  "), ""]
    lines.append("Sources:")
    lines += citation_lines(content, section.citations)
    if references:
        lines += ["", "References:"] + references_block(content, all_citations(section))
    return "\n".join(lines).rstrip() + "\n"


def all_citations(section: Section) -> list[Citation]:
    """Every citation a section's text uses: its own, its facts' and its rows'."""
    out: list[Citation] = list(section.citations)
    for fact in getattr(section, "facts", ()):
        out += fact.citations
    for row in getattr(section, "rows", ()):
        out += row.citations
    return out


def reference_line(content: Content, doc_id: str) -> str:
    """One document in full: publisher, title, date (as a British reader writes it), reference."""
    doc = content.documents[doc_id]
    parts = [doc.publisher, doc.title, long_date(doc.date)] + (
        [doc.reference] if doc.reference else []
    )
    return f"{doc.short}: " + ". ".join(p.rstrip(".") for p in parts) + "."


def references_block(content: Content, citations: list[Citation]) -> list[str]:
    """The cited documents in full, each with the paragraphs and the text of each note cited."""
    lines: list[str] = []
    for doc_id, doc in content.documents.items():
        used = [c for c in citations if c.doc == doc_id]
        if not used:
            continue
        lines.append(f"- {reference_line(content, doc_id)}")
        places: dict[str, set[int]] = {}
        for c in used:
            places.setdefault(c.heading, set()).update(c.paras)
        lines.append(
            "  Cited: "
            + "; ".join(
                f"“{heading}”"
                + (
                    f", {'para' if len(paras) == 1 else 'paras'} {_ranges(tuple(paras))}"
                    if paras
                    else ""
                )
                for heading, paras in places.items()
            )
        )
        notes: list[str] = []
        for c in used:
            notes += [n for n in c.notes if n not in notes]
        word = doc.note_word
        for number in sorted(
            notes, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0, n)
        ):
            ref = doc.find_reference(number)
            if ref is not None:
                missing = " (missing from the copy)" if ref.missing else ""
                lines.append(f"  - {word} {number}: {ref.text}{missing}")
    return lines
