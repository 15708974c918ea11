"""Synthetic content packs N times the size of a real one, built in memory (never written).

Copy 0 is the real pack, unchanged, so real queries keep their real answers. Copies 1..N-1
repeat every section under a new id with its proper nouns (capitalised words that never
appear in lower case in the pack, such as "Dorset" or "Webster") replaced by made-up names,
different in every copy. So common words grow as often as the content does, and the
vocabulary grows too, as it would with more real documents.

    from benchmarks.synthetic import scaled
    big = scaled(content, 10)        # a Content with 10x the sections
"""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Callable

from ics_tui.core.model import Comparison, Content, Ics, PortabilityOption, Section, Term, Tier

_CAPITAL = re.compile(r"\b[A-Z][a-z]{2,}\b")
_WORD = re.compile(r"\b[a-z]+\b")
_SYLLABLES = (
    "bar",
    "ton",
    "wick",
    "ley",
    "ford",
    "ham",
    "mere",
    "dal",
    "stow",
    "brook",
    "ing",
    "can",
    "ric",
    "wor",
    "mel",
    "pen",
    "ash",
    "gar",
    "lin",
    "ross",
    "ven",
    "tor",
    "by",
    "sel",
    "mor",
    "kel",
    "fen",
    "hurst",
    "dun",
    "ock",
    "wen",
    "pol",
    "tre",
    "and",
    "ver",
    "cal",
    "rud",
    "bly",
)


def proper_nouns(content: Content) -> list[str]:
    """Capitalised words of the pack that never appear in lower case."""
    texts = [t for s in content for t in _texts(s)]
    lower = {w for t in texts for w in _WORD.findall(t)}
    names = {w for t in texts for w in _CAPITAL.findall(t) if w.lower() not in lower}
    return sorted(names)


def _texts(section: Section) -> list[str]:
    out = [section.title, section.body, *section.items]
    if isinstance(section, Ics):
        out += [f.text for f in section.facts] + [section.notes]
    if isinstance(section, Comparison):
        out += [x for r in section.rows for x in (r.aspect, r.left, r.right, r.note)]
    if isinstance(section, PortabilityOption):
        out += [section.suits, section.check, *section.reasons]
    if isinstance(section, Term):
        out += [section.term, section.expansion]
    if isinstance(section, Tier):
        out += list(section.aliases)
    return out


def _renamer(names: list[str], copy: int) -> Callable[[str], str]:
    rng = random.Random(copy * 7919 + 17)
    table = {}
    for name in names:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        table[name] = word.capitalize()
    return lambda text: _CAPITAL.sub(lambda m: table.get(m.group(), m.group()), text)


def _copy(section: Section, copy: int, rename: Callable[[str], str]) -> Section:
    changes: dict[str, object] = dict(
        id=f"{section.id}-x{copy}",
        title=rename(section.title),
        body=rename(section.body),
        items=tuple(rename(i) for i in section.items),
        see_also=(),
    )
    if isinstance(section, Ics):
        changes["facts"] = tuple(dataclasses.replace(f, text=rename(f.text)) for f in section.facts)
        changes["notes"] = rename(section.notes)
    if isinstance(section, Comparison):
        changes["rows"] = tuple(
            dataclasses.replace(
                r,
                aspect=rename(r.aspect),
                left=rename(r.left),
                right=rename(r.right),
                note=rename(r.note),
            )
            for r in section.rows
        )
    if isinstance(section, PortabilityOption):
        changes.update(
            suits=rename(section.suits),
            check=rename(section.check),
            reasons=tuple(rename(r) for r in section.reasons),
        )
    if isinstance(section, Term):
        changes.update(term=rename(section.term), expansion=rename(section.expansion))
    if isinstance(section, Tier):
        changes["aliases"] = tuple(rename(a) for a in section.aliases)
    return dataclasses.replace(section, **changes)


def scaled(content: Content, factor: int) -> Content:
    """`content` repeated `factor` times (copy 0 is the original)."""
    if factor <= 1:
        return content
    names = proper_nouns(content)
    sections = dict(content.sections)
    for copy in range(1, factor):
        rename = _renamer(names, copy)
        for section in content:
            new = _copy(section, copy, rename)
            sections[new.id] = new
    return Content(
        documents=content.documents,
        groups=content.groups,
        sections=sections,
        waves=content.waves,
        source_dir=None,
    )


def size(content: Content) -> int:
    """Characters of searchable text, to compare packs."""
    return sum(len(t) for s in content for t in _texts(s))
