"""What search reads of a section: its passages, each in one field of the BM25F ranking.

A passage is a run of a section's searchable text (one paragraph, item, fact, row or
citation label). This is the only kind-aware part of search: what each kind adds beside
the common title, fields, paragraphs and items comes from its declaration in
`core/kinds.py`.
"""

from __future__ import annotations

from typing import Callable, Iterator, NamedTuple, Sequence

from ics_tui.core.kinds import every_citation, kind_of
from ics_tui.core.model import Citation, Content, Section

# The fields of the ranking, in the order of `FieldNorms`.
TITLE, NAMES, BODY, CITE = 0, 1, 2, 3


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


def passage_texts(
    content: Content, section: Section, label: Callable[[Citation], str]
) -> Iterator[RawPassage]:
    """Every searchable text of a section, title first and citation labels last."""
    kind = kind_of(section)
    yield RawPassage(TITLE, section.title, None)
    for name in kind.names(section):
        yield RawPassage(NAMES, name, None)
    for text in kind.lead(section):
        yield RawPassage(BODY, text, None)
    hidden = kind.hidden_fields
    for name, value in kind.fields(content, section):
        if name not in hidden:  # already a name
            yield RawPassage(BODY, f"{name}: {value}", None)
    for text, citation in kind.dated(section):
        yield RawPassage(BODY, text, citation)
    for paragraph in section.paragraphs():
        yield RawPassage(BODY, paragraph, None)
    for item in section.items:
        yield RawPassage(BODY, item, None)
    for text, citation in kind.extra(section):
        yield RawPassage(BODY, text, citation)
    for citation in every_citation(section):
        yield RawPassage(CITE, label(citation), citation)


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
