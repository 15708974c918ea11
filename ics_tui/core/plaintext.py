"""Any section as plain text with its citations: for `ics-tui show`, copying, export.

One renderer so that what a member pastes into an email, what a screen reader
reads and what search returns as a hit's text are the same words.
"""

from __future__ import annotations

import textwrap

from ics_tui.core.model import (
    Citation,
    Comparison,
    Content,
    Event,
    Ics,
    PortabilityOption,
    Principle,
    Section,
    Term,
    Tier,
)


def population(low: int, high: int | None) -> str:
    """'250,000-500,000 people' or '1,000,000+ people (no upper bound given)'."""
    if high is None:
        return f"{low:,}+ people (no upper bound given)"
    if high == low:
        return f"about {low:,} people"
    return f"{low:,}-{high:,} people"


PROJECT_NOTE = "Project note (ours, not from either document)"


def project_notes(section: Section) -> list[str]:
    """What the project adds of its own to a record, to be shown apart from sourced text.

    The record's `editor_note`, and a map position where a record has one (`lat`/`lon`):
    neither document gives positions, so any such field is the project's approximation.
    """
    notes = [p.strip() for p in section.editor_note.split("\n\n") if p.strip()]
    lat, lon = getattr(section, "lat", None), getattr(section, "lon", None)
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        notes.append(f"Map position about {abs(lat):.2f}°{'N' if lat >= 0 else 'S'}, "
                     f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'}: an approximate centre of the "
                     "area's main towns, for drawing the map; neither document gives positions.")
    return notes


def citation_lines(content: Content, citations: tuple[Citation, ...]) -> list[str]:
    return [f"  - {content.cite(c)}" for c in citations]


def fields(content: Content, section: Section) -> list[tuple[str, str]]:
    """The structured fields of a section as (label, value) pairs, in reading order."""
    out: list[tuple[str, str]] = []
    if isinstance(section, Ics):
        if section.number is not None:
            wave = content.wave(section.wave)
            out.append(("On the BMA map", f"number {section.number}"))
            if wave:
                out.append(("Wave", f"{wave.title} (announced {wave.announced})"))
        else:
            out.append(("On the BMA map", "not listed"))
        if section.devolution_area:
            out.append(("Devolution area", "yes"))
        if section.notes:
            out.append(("Note", section.notes))
    elif isinstance(section, Tier):
        out.append(("Population", population(section.population_min, section.population_max)))
        if section.aliases:
            out.append(("Also called", ", ".join(section.aliases)))
    elif isinstance(section, Principle):
        out.append(("Principle", f"{section.number} of 5"))
    elif isinstance(section, Term):
        out.append(("Stands for", section.expansion))
    elif isinstance(section, Event):
        out.append(("Date", section.date))
    elif isinstance(section, PortabilityOption):
        out.append(("When it suits", section.suits))
        out.append(("What to check", section.check))
    return out


def section_text(content: Content, section: Section, width: int = 78) -> str:
    """Render a section as wrapped plain text, ending with its sources."""
    wrap = lambda text, indent="": textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)  # noqa: E731
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
    notes = project_notes(section)
    if notes:
        lines.append(f"{PROJECT_NOTE}:")
        for note in notes:
            lines += [wrap(note, "  "), ""]
    lines.append("Sources:")
    lines += citation_lines(content, section.citations)
    return "\n".join(lines).rstrip() + "\n"
