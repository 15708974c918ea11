"""Every kind of section, declared once.

A kind is the TOML table that holds it (`[[ics]]`), its dataclass in `model.py`, the
keys it adds to the common ones, its default sidebar group, the label `validate`
counts it under, its structured fields (for `show`, copy and search), what search reads
of it beside its title and text, every citation it carries, and how the loader makes
it (with its own cross-field checks). The loader, plain text, search, the start-up
cache and `validate` all read this table, so a new kind is its dataclass, one `Kind`
row here and its view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Protocol, Sequence

from ics_tui.core.model import (
    Action,
    Citation,
    Comparison,
    ComparisonRow,
    Content,
    Event,
    Fact,
    Ics,
    PortabilityOption,
    Principle,
    Section,
    Term,
    Tier,
    long_date,
)

# A key of a TOML table: (kind of value, required). Kinds of value: "str", "text"
# (non-empty str), "int", "bool", "strs" (list of str), "ints" (list of int), or the name
# of a nested table ("cite", "fact", "row", "ref").
Field = tuple[str, bool]

COMMON: dict[str, Field] = {
    "id": ("text", True),
    "title": ("text", True),
    "body": ("text", True),
    "group": ("text", False),
    "items": ("strs", False),
    "see_also": ("strs", False),
    "editor_note": ("str", False),
    "derived": ("strs", False),
    "cite": ("cite", True),
}

DATE_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Making(Protocol):
    """What the loader gives a kind to make one section from a checked TOML table."""

    data: dict[str, Any]  # the table's checked values
    common: dict[str, Any]  # the Section fields every kind shares, ready to pass on
    owner: str  # '[[ics]] "ics/dorset"', to start a problem's message
    wave_numbers: set[int]

    def problem(self, key: str | None, message: str) -> None: ...

    def citations(self, tables: list[dict[str, Any]]) -> tuple[Citation, ...]: ...


def _none(section: Section) -> Iterable[str]:
    return ()


def _no_fields(content: Content, section: Section) -> list[tuple[str, str]]:
    return []


@dataclass(frozen=True)
class Kind:
    name: str  # the TOML table: [[name]]
    cls: type[Section]
    label: str  # plural, as `validate` counts them
    make: Callable[[Making], Section]
    schema: dict[str, Field]  # every key of its table (COMMON and its own)
    default_group: str | None = None
    fields: Callable[[Content, Section], list[tuple[str, str]]] = _no_fields
    # search: names (a field ranked with the title), body text read before the fields,
    # after them (`dated`), and passages (text, its own citation) read after the items
    names: Callable[[Section], Iterable[str]] = _none
    lead: Callable[[Section], Iterable[str]] = _none
    dated: Callable[[Section], Iterable[tuple[str, Citation | None]]] = lambda s: ()
    extra: Callable[[Section], Iterable[tuple[str, Citation | None]]] = lambda s: ()
    hidden_fields: frozenset[str] = frozenset()  # field labels search already reads as names
    nested: Callable[[Section], Iterable[tuple[Citation, ...]]] = (
        lambda s: ()
    )  # facts', rows' citations
    parts: tuple[type, ...] = ()  # record classes held inside (for the start-up cache)
    counts: tuple[tuple[str, Callable[[Section], int]], ...] = ()  # (label, how many) for validate
    unique: str | None = None  # an int key no two of this kind may share


def population(low: int, high: int | None) -> str:
    """'250,000-500,000 people' or '1,000,000+ people (no upper bound given)'."""
    if high is None:
        return f"{low:,}+ people (no upper bound given)"
    if high == low:
        return f"about {low:,} people"
    return f"{low:,}-{high:,} people"


def in_words(low: int, high: int | None) -> str:
    """A population as people say it: '5 million to 10 million people', '50 thousand people'."""

    def say(n: int) -> str:
        if n >= 1_000_000 and n % 100_000 == 0:
            return f"{n / 1_000_000:g} million"
        if n >= 1000 and n % 1000 == 0:
            return f"{n // 1000} thousand"
        return str(n)

    return f"{say(low)} to {say(high)} people" if high is not None else f"over {say(low)} people"


def month_words(date: str) -> str | None:
    """'2018-05' as 'May 2018' (None for a year alone)."""
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return None


# --- the kinds, each in one place ------------------------------------------------------


def _make_section(m: Making) -> Section:
    return Section(**m.common)


def _make_ics(m: Making) -> Section:
    d = m.data
    number, wave = d.get("number"), d.get("wave")
    if (number is None) != (wave is None):
        m.problem(
            "number" if number is not None else "wave",
            f'{m.owner}: give "number" and "wave" together (a mapped ICS has both) or neither',
        )
    if wave is not None and wave not in m.wave_numbers:
        m.problem("wave", f"{m.owner}: wave {wave} is not defined by any [[wave]]")
    facts = tuple(Fact(f["text"], m.citations(f["cite"])) for f in d.get("fact", []))
    lat, lon = _ics_position(m)
    return Ics(
        **m.common,
        number=number,
        wave=wave,
        devolution_area=d.get("devolution_area", False),
        notes=d.get("notes", ""),
        facts=facts,
        lat=lat,
        lon=lon,
    )


def _ics_position(m: Making) -> tuple[float | None, float | None]:
    """An ICS's map position (`lat`, `lon`): both or neither, and on England's land."""
    d = m.data
    lat, lon = d.get("lat"), d.get("lon")
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        m.problem(
            "lat" if lat is not None else "lon",
            f'{m.owner}: give "lat" and "lon" together (the map position) or neither',
        )
        return None, None
    if d.get("number") is None:
        m.problem(
            "lat",
            f'{m.owner}: only an ICS with a map "number" is drawn on the map, '
            'so "lat"/"lon" need a "number"',
        )
        return None, None
    from ics_tui.core.geo import in_england

    if not in_england(lat, lon):
        m.problem(
            "lat",
            f"{m.owner}: lat {lat}, lon {lon} is not in England "
            "(lat about 50 to 55.8, lon about -5.7 to 1.8; west is negative)",
        )
        return None, None
    return lat, lon


def _ics_fields(content: Content, section: Section) -> list[tuple[str, str]]:
    assert isinstance(section, Ics)
    out: list[tuple[str, str]] = []
    if section.number is not None:
        wave = content.wave(section.wave)
        out.append(("On the BMA map", f"number {section.number}"))
        if wave:
            out.append(("Wave", f"{wave.title} (announced {long_date(wave.announced)})"))
    else:
        out.append(("On the BMA map", "not listed"))
    if section.devolution_area:
        out.append(("Devolution area", "yes"))
    if section.notes:
        out.append(("Note", section.notes))
    return out


def _ics_facts(section: Section) -> Iterable[tuple[str, Citation | None]]:
    assert isinstance(section, Ics)
    return ((f.text, f.citations[0] if f.citations else None) for f in section.facts)


def _make_comparison(m: Making) -> Section:
    d = m.data
    rows = tuple(
        ComparisonRow(
            r["aspect"], r["left"], r["right"], r.get("note", ""), m.citations(r.get("cite", []))
        )
        for r in d["row"]
    )
    if not rows:
        m.problem(None, f"{m.owner}: a comparison needs at least one [[comparison.row]]")
    return Comparison(**m.common, left=d["left"], right=d["right"], rows=rows)


def _comparison_names(section: Section) -> Iterable[str]:
    assert isinstance(section, Comparison)
    return (f"{section.left} versus {section.right}",)


def _comparison_rows(section: Section) -> Iterable[tuple[str, Citation | None]]:
    assert isinstance(section, Comparison)
    for row in section.rows:
        text = f"{row.aspect}. {section.left}: {row.left} {section.right}: {row.right}"
        if row.note:
            text += f" Note: {row.note}"
        yield text, row.citations[0] if row.citations else None


def _make_tier(m: Making) -> Section:
    d = m.data
    low, high = d["population_min"], d.get("population_max")
    if low <= 0 or (high is not None and high < low):
        m.problem(
            "population_max" if high is not None else "population_min",
            f"{m.owner}: population range {low}-{high} is not a range of people "
            "(min above 0, max at least min)",
        )
    return Tier(
        **m.common,
        level=d["level"],
        aliases=tuple(d.get("aliases", [])),
        population_min=low,
        population_max=high,
    )


def _tier_fields(content: Content, section: Section) -> list[tuple[str, str]]:
    assert isinstance(section, Tier)
    out = [("Population", population(section.population_min, section.population_max))]
    if section.aliases:
        out.append(("Also called", ", ".join(section.aliases)))
    return out


def _tier_aliases(section: Section) -> Iterable[str]:
    assert isinstance(section, Tier)
    return section.aliases


def _tier_lead(section: Section) -> Iterable[str]:
    assert isinstance(section, Tier)
    return (in_words(section.population_min, section.population_max),)


def _make_principle(m: Making) -> Section:
    return Principle(**m.common, number=m.data["number"])


def _principle_fields(content: Content, section: Section) -> list[tuple[str, str]]:
    assert isinstance(section, Principle)
    return [("Principle", f"{section.number} of 5")]


def _make_action(m: Making) -> Section:
    return Action(**m.common)


def _make_portability(m: Making) -> Section:
    d = m.data
    return PortabilityOption(
        **m.common, suits=d["suits"], check=d["check"], reasons=tuple(d.get("reasons", []))
    )


def _portability_fields(content: Content, section: Section) -> list[tuple[str, str]]:
    assert isinstance(section, PortabilityOption)
    return [("When it suits", section.suits), ("What to check", section.check)]


def _portability_reasons(section: Section) -> Iterable[tuple[str, Citation | None]]:
    assert isinstance(section, PortabilityOption)
    return ((r, None) for r in section.reasons)


def _make_term(m: Making) -> Section:
    return Term(**m.common, term=m.data["term"], expansion=m.data["expansion"])


def _term_fields(content: Content, section: Section) -> list[tuple[str, str]]:
    assert isinstance(section, Term)
    return [("Stands for", section.expansion)]


def _term_names(section: Section) -> Iterable[str]:
    assert isinstance(section, Term)
    return (section.term, section.expansion)


def _make_event(m: Making) -> Section:
    date = m.data["date"]
    if not DATE_PATTERN.match(date):
        m.problem(
            "date", f'{m.owner}: "date" must be written YYYY, YYYY-MM or YYYY-MM-DD, not "{date}"'
        )
    return Event(**m.common, date=date)


def _event_fields(content: Content, section: Section) -> list[tuple[str, str]]:
    assert isinstance(section, Event)
    return [("Date", long_date(section.date))]


def _event_month(section: Section) -> Iterable[tuple[str, Citation | None]]:
    assert isinstance(section, Event)
    month = month_words(section.date)
    return ((month, None),) if month else ()


def _facts_citations(section: Section) -> Iterable[tuple[Citation, ...]]:
    assert isinstance(section, Ics)
    return (f.citations for f in section.facts)


def _rows_citations(section: Section) -> Iterable[tuple[Citation, ...]]:
    assert isinstance(section, Comparison)
    return (r.citations for r in section.rows)


KINDS: tuple[Kind, ...] = (
    Kind("section", Section, "sections", _make_section, {**COMMON, "group": ("text", True)}),
    Kind(
        "ics",
        Ics,
        "ICSs",
        _make_ics,
        {
            **COMMON,
            "number": ("int", False),
            "wave": ("int", False),
            "devolution_area": ("bool", False),
            "notes": ("str", False),
            "fact": ("fact", False),
            "lat": ("number", False),
            "lon": ("number", False),
        },
        "ics-map",
        fields=_ics_fields,
        extra=_ics_facts,
        nested=_facts_citations,
        parts=(Fact,),
        counts=(("facts", lambda s: len(s.facts) if isinstance(s, Ics) else 0),),
        unique="number",
    ),
    Kind(
        "comparison",
        Comparison,
        "comparisons",
        _make_comparison,
        {
            **COMMON,
            "left": ("text", True),
            "right": ("text", True),
            "row": ("row", True),
        },
        "compare",
        names=_comparison_names,
        extra=_comparison_rows,
        nested=_rows_citations,
        parts=(ComparisonRow,),
        counts=(("comparison rows", lambda s: len(s.rows) if isinstance(s, Comparison) else 0),),
    ),
    Kind(
        "tier",
        Tier,
        "tiers",
        _make_tier,
        {
            **COMMON,
            "level": ("int", True),
            "aliases": ("strs", False),
            "population_min": ("int", True),
            "population_max": ("int", False),
        },
        "tiers",
        fields=_tier_fields,
        names=_tier_aliases,
        lead=_tier_lead,
        unique="level",
    ),
    Kind(
        "principle",
        Principle,
        "principles",
        _make_principle,
        {**COMMON, "number": ("int", True)},
        "advice",
        fields=_principle_fields,
        unique="number",
    ),
    Kind("action", Action, "actions", _make_action, COMMON, "advice"),
    Kind(
        "portability",
        PortabilityOption,
        "portability options",
        _make_portability,
        {
            **COMMON,
            "suits": ("text", True),
            "check": ("text", True),
            "reasons": ("strs", False),
        },
        "portability",
        fields=_portability_fields,
        extra=_portability_reasons,
    ),
    Kind(
        "term",
        Term,
        "glossary terms",
        _make_term,
        {
            **COMMON,
            "term": ("text", True),
            "expansion": ("text", True),
        },
        "glossary",
        fields=_term_fields,
        names=_term_names,
        hidden_fields=frozenset({"Stands for"}),
    ),
    Kind(
        "event",
        Event,
        "timeline events",
        _make_event,
        {**COMMON, "date": ("text", True)},
        "timeline",
        fields=_event_fields,
        dated=_event_month,
    ),
)

BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
_BY_CLASS: dict[type[Section], Kind] = {k.cls: k for k in KINDS}

# Searching a kind by the words a member would use for it (`kind:glossary`).
ALIASES: dict[str, str] = {
    "glossary": "term",
    "terms": "term",
    "acronym": "term",
    "acronyms": "term",
    "icss": "ics",
    "system": "ics",
    "systems": "ics",
    "compare": "comparison",
    "comparisons": "comparison",
    "vs": "comparison",
    "tiers": "tier",
    "level": "tier",
    "levels": "tier",
    "principles": "principle",
    "actions": "action",
    "timeline": "event",
    "events": "event",
    "date": "event",
    "dates": "event",
    "sections": "section",
    "text": "section",
}


def kind_of(section: Section) -> Kind:
    """The declaration of a section's kind (a subclass falls back to its nearest kind)."""
    found = _BY_CLASS.get(type(section))
    if found is None:
        found = next((k for k in reversed(KINDS) if isinstance(section, k.cls)), KINDS[0])
    return found


def named(word: str) -> Kind | None:
    """The kind a member means by `word` ("glossary", "term", "icss"), or None."""
    word = word.lower()
    return BY_NAME.get(word) or BY_NAME.get(ALIASES.get(word, ""))


def every_citation(section: Section) -> list[Citation]:
    """A section's own citations, then its facts' or rows', each once, in order."""
    seen: set[Citation] = set()
    out: list[Citation] = []
    for group in (section.citations, *kind_of(section).nested(section)):
        for citation in group:
            if citation not in seen:
                seen.add(citation)
                out.append(citation)
    return out


def cached_classes() -> tuple[type, ...]:
    """Every section class and the record classes they hold, for the start-up cache."""
    return tuple(dict.fromkeys(c for k in KINDS for c in (k.cls, *k.parts)))


def counts(sections: Sequence[Section]) -> list[tuple[str, int]]:
    """(label, how many) of each kind and its parts, in declaration order, for `validate`."""
    out: list[tuple[str, int]] = []
    for kind in KINDS:
        mine = [s for s in sections if kind_of(s) is kind]
        out.append((kind.label, len(mine)))
        for label, many in kind.counts:
            out.append((label, sum(many(s) for s in mine)))
    return out
