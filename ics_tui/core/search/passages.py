"""What search reads of a section: its passages, each in one field of the BM25F ranking.

A passage is a run of a section's searchable text (one paragraph, item, fact, row or
citation label). This is the only kind-aware part of search: what each kind adds beside
the common title, fields, paragraphs and items comes from its declaration in
`core/kinds.py`.
"""

from __future__ import annotations

from typing import Callable, Iterator, NamedTuple, Sequence

from ics_tui.core.model import Citation, Comparison, Content, Event, Ics, PortabilityOption, Section, Term, Tier
from ics_tui.core.plaintext import fields as plain_fields

# The fields of the ranking, in the order of `FieldNorms`.
TITLE, NAMES, BODY, CITE = 0, 1, 2, 3

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class RawPassage(NamedTuple):
    """A passage as found: its field, its text and its own citation (if it has one)."""

    field: int
    text: str
    citation: Citation | None


class Passage(NamedTuple):
    """A passage ready for phrases and snippets: the text with spaces collapsed, and the
    stems of its words in order."""

    field: int
    text: str
    stems: tuple[str, ...]
    citation: Citation | None


def passage_texts(content: Content, section: Section,
                  label: Callable[[Citation], str]) -> Iterator[RawPassage]:
    """Every searchable text of a section, title first and citation labels last."""
    yield RawPassage(TITLE, section.title, None)
    if isinstance(section, Term):
        yield RawPassage(NAMES, section.term, None)
        yield RawPassage(NAMES, section.expansion, None)
    elif isinstance(section, Tier):
        for alias in section.aliases:
            yield RawPassage(NAMES, alias, None)
        yield RawPassage(BODY, in_words(section.population_min, section.population_max), None)
    elif isinstance(section, Comparison):
        yield RawPassage(NAMES, f"{section.left} versus {section.right}", None)
    for name, value in plain_fields(content, section):
        if isinstance(section, Term) and name == "Stands for":
            continue  # already a name
        yield RawPassage(BODY, f"{name}: {value}", None)
    if isinstance(section, Event):
        parts = section.date.split("-")
        if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
            yield RawPassage(BODY, f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}", None)
    for paragraph in section.paragraphs():
        yield RawPassage(BODY, paragraph, None)
    for item in section.items:
        yield RawPassage(BODY, item, None)
    if isinstance(section, PortabilityOption):
        for reason in section.reasons:
            yield RawPassage(BODY, reason, None)
    if isinstance(section, Comparison):
        for row in section.rows:
            text = f"{row.aspect}. {section.left}: {row.left} {section.right}: {row.right}"
            if row.note:
                text += f" Note: {row.note}"
            yield RawPassage(BODY, text, row.citations[0] if row.citations else None)
    if isinstance(section, Ics):
        for fact in section.facts:
            yield RawPassage(BODY, fact.text, fact.citations[0] if fact.citations else None)
    seen: set[Citation] = set()
    cited = list(section.citations)
    if isinstance(section, Ics):
        cited += [c for fact in section.facts for c in fact.citations]
    if isinstance(section, Comparison):
        cited += [c for row in section.rows for c in row.citations]
    for citation in cited:
        if citation not in seen:
            seen.add(citation)
            yield RawPassage(CITE, label(citation), citation)


def in_words(low: int, high: int | None) -> str:
    """A population as people say it: '5 million to 10 million people', '50 thousand people'."""

    def say(n: int) -> str:
        if n >= 1_000_000 and n % 100_000 == 0:
            return f"{n / 1_000_000:g} million"
        if n >= 1000 and n % 1000 == 0:
            return f"{n // 1000} thousand"
        return str(n)

    return f"{say(low)} to {say(high)} people" if high is not None else f"over {say(low)} people"


def has_sequence(stems: Sequence[str], sets: Sequence[frozenset[str]]) -> bool:
    """Whether `stems` holds consecutive words matching each of `sets` in turn."""
    k, n = len(sets), len(stems)
    first = sets[0]
    if n < k or first.isdisjoint(stems):
        return False
    for s in first:
        i = -1
        while True:
            try:
                i = stems.index(s, i + 1)
            except ValueError:
                break
            if i + k > n:
                break
            if all(stems[i + j] in sets[j] for j in range(1, k)):
                return True
    return False
