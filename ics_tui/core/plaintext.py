"""Any section as plain text with its citations: for `ics-tui show`, copying, export.

One renderer so that what a member pastes into an email, what a screen reader
reads and what search returns as a hit's text are the same words.
"""

from __future__ import annotations

import textwrap

from ics_tui.core.kinds import kind_of, population
from ics_tui.core.model import Citation, Comparison, Content, Ics, PortabilityOption, Section

__all__ = ["citation_lines", "fields", "population", "section_text"]


def citation_lines(content: Content, citations: tuple[Citation, ...]) -> list[str]:
    return [f"  - {content.cite(c)}" for c in citations]


def fields(content: Content, section: Section) -> list[tuple[str, str]]:
    """The structured fields of a section as (label, value) pairs, in reading order."""
    return kind_of(section).fields(content, section)


def section_text(content: Content, section: Section, width: int = 78) -> str:
    """Render a section as wrapped plain text, ending with its sources."""

    def wrap(text: str, indent: str = "") -> str:
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)

    lines = [section.title, "=" * min(len(section.title), width), ""]
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
    lines.append("Sources:")
    lines += citation_lines(content, section.citations)
    return "\n".join(lines).rstrip() + "\n"
