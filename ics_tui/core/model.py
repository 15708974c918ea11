"""The content model: what ICS Explorer knows, as plain frozen dataclasses.

Everything a member can open, search or bookmark is a `Section`. Structured kinds
(an ICS, a tier, a principle, ...) are sections with extra fields, so views,
search and bookmarks can treat them alike and still show their structure.
This module imports nothing from Textual: the CLI and tests use it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, TypeVar


@dataclass(frozen=True)
class Reference:
    """One entry of a document's reference or footnote list."""

    number: str
    text: str
    missing: bool = False


@dataclass(frozen=True)
class Document:
    """A source document: the briefing or the report chapter."""

    id: str
    short: str
    title: str
    publisher: str
    date: str
    reference: str = ""
    scope: str = ""
    note: str = ""
    references: tuple[Reference, ...] = ()
    note_word: str = "fn"  # how a citation names its notes: "ref 7" (briefing), "fn 61" (report)

    def find_reference(self, number: str) -> Reference | None:
        for ref in self.references:
            if ref.number == number:
                return ref
        return None


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: document, heading, paragraphs, footnotes.

    For the report, `paras` are its printed paragraph numbers. For the
    briefing, which has none, they count the prose paragraphs under the heading.
    `notes` are footnote or reference marks as printed ("7", "a", "82").
    """

    doc: str
    heading: str
    paras: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()

    def label(self, documents: dict[str, Document] | None = None) -> str:
        """A one-line human label: `BMA briefing (2019-02), "Heading", para 2, ref 7`."""
        doc = documents.get(self.doc) if documents else None
        parts = [f"{doc.short} ({month_year(doc.date)})" if doc else self.doc, f'"{self.heading}"']
        if self.paras:
            word = "para" if len(self.paras) == 1 else "paras"
            parts.append(f"{word} {_ranges(self.paras)}")
        if self.notes:
            word = doc.note_word if doc else "fn"
            parts.append(", ".join(f"{word} {n}" for n in self.notes))
        return ", ".join(parts)


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def month_year(date: str) -> str:
    """'2019-02' or '2018-06-11' as 'Feb 2019' / 'Jun 2018'; anything else unchanged."""
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


_LONG_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def long_date(date: str) -> str:
    """'2019-02' as 'February 2019', '2018-06-11' as '11 June 2018'; anything else unchanged."""
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = f"{_LONG_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 3 and parts[2].isdigit():
            return f"{int(parts[2])} {month}"
        return month
    return date


def _ranges(numbers: tuple[int, ...]) -> str:
    """Render (53, 54, 55, 57) as '53-55, 57'."""
    out: list[str] = []
    ordered = sorted(set(numbers))
    start = prev = ordered[0]
    following: list[int | None] = [*ordered[1:], None]
    for n in following:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


@dataclass(frozen=True)
class Group:
    """A heading of the navigation sidebar, as a member thinks of the material."""

    id: str
    title: str
    see_also: tuple[str, ...] = ()  # sections the group's page shows after its own
    with_groups: tuple[str, ...] = ()  # other groups the group's page shows within it


@dataclass(frozen=True, kw_only=True)
class Section:
    """Anything a member can open, search or bookmark."""

    id: str
    kind: str = "section"
    group: str
    title: str
    body: str
    citations: tuple[Citation, ...]
    items: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    source_file: str = ""
    # The project's own knowledge, never under a source citation: a gloss, an expansion the
    # copies never use, an approximate position. Shown everywhere as the project's note.
    editor_note: str = ""
    # Numbers or dates the record states that no cited paragraph prints (worked out or
    # estimated by the project); `editor_note` must say how.
    derived: tuple[str, ...] = ()

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class Fact:
    """One cited statement about an ICS."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Wave:
    """A wave of ICS announcements."""

    number: int
    title: str
    announced: str
    body: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, kw_only=True)
class Ics(Section):
    """An integrated care system, with every fact the documents give about it."""

    number: int | None = None
    wave: int | None = None
    devolution_area: bool = False
    notes: str = ""
    facts: tuple[Fact, ...] = ()
    lat: float | None = None  # where the map draws it: approximate, the project's own addition
    lon: float | None = None


@dataclass(frozen=True)
class ComparisonRow:
    aspect: str
    left: str
    right: str
    note: str = ""
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Comparison(Section):
    """Two things compared aspect by aspect (ICS versus ICP, STP versus ICS)."""

    left: str
    right: str
    rows: tuple[ComparisonRow, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Tier(Section):
    """A structural level of an ICS: region, system, place or neighbourhood."""

    level: int
    aliases: tuple[str, ...] = ()
    population_min: int
    population_max: int | None = None


@dataclass(frozen=True, kw_only=True)
class Principle(Section):
    """One of the BMA's five principles for any model of integration."""

    number: int


@dataclass(frozen=True, kw_only=True)
class Action(Section):
    """Something members can do now."""


@dataclass(frozen=True, kw_only=True)
class PortabilityOption(Section):
    """A staff-portability arrangement from the briefing's appendix."""

    suits: str
    check: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Term(Section):
    """A glossary entry: an acronym or term and what it stands for."""

    term: str
    expansion: str


@dataclass(frozen=True, kw_only=True)
class Event(Section):
    """A dated event on the timeline. `date` is YYYY, YYYY-MM or YYYY-MM-DD."""

    date: str


S = TypeVar("S", bound=Section)


@dataclass(frozen=True)
class Content:
    """Everything loaded from one content folder, in file and document order."""

    documents: dict[str, Document]
    groups: tuple[Group, ...]
    sections: dict[str, Section]
    waves: tuple[Wave, ...] = ()
    source_dir: Path | None = None
    _by_group: dict[str, tuple[Section, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_group: dict[str, list[Section]] = {}
        for section in self.sections.values():
            by_group.setdefault(section.group, []).append(section)
        self._by_group.update({k: tuple(v) for k, v in by_group.items()})

    def get(self, section_id: str) -> Section | None:
        return self.sections.get(section_id)

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections.values())

    def __len__(self) -> int:
        return len(self.sections)

    def in_group(self, group_id: str) -> tuple[Section, ...]:
        return self._by_group.get(group_id, ())

    def of_kind(self, cls: type[S]) -> list[S]:
        return [s for s in self.sections.values() if type(s) is cls]

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def group_title(self, group_id: str) -> str:
        for group in self.groups:
            if group.id == group_id:
                return group.title
        return group_id

    def wave(self, number: int | None) -> Wave | None:
        for wave in self.waves:
            if wave.number == number:
                return wave
        return None

    @property
    def icss(self) -> list[Ics]:
        return self.of_kind(Ics)

    @property
    def mapped_icss(self) -> list[Ics]:
        """The 14 numbered ICSs of the briefing's map, in map order."""
        return sorted((i for i in self.icss if i.number is not None), key=lambda i: i.number or 0)

    @property
    def tiers(self) -> list[Tier]:
        return sorted(self.of_kind(Tier), key=lambda t: t.level)

    @property
    def principles(self) -> list[Principle]:
        return sorted(self.of_kind(Principle), key=lambda p: p.number)

    @property
    def comparisons(self) -> list[Comparison]:
        return self.of_kind(Comparison)

    @property
    def terms(self) -> list[Term]:
        return self.of_kind(Term)

    @property
    def events(self) -> list[Event]:
        return sorted(self.of_kind(Event), key=lambda e: e.date)

    def cite(self, citation: Citation) -> str:
        return citation.label(self.documents)
