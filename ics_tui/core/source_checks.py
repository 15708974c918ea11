"""Check a content pack against the plain-text copies of its source documents.

`ics-tui validate DIR --sources SEEDS` runs these after the loader has accepted the pack.
They guard against the kinds of error the December 2026 fidelity review found:

- every footnote or reference mark a citation names sits inside one of the cited
  paragraphs (or under the cited heading, when no paragraph is given);
- a timeline entry's date can be read from a cited paragraph or footnote, or the record
  lists the date under `derived` (the project's own estimate, explained in `editor_note`);
- every number a record states (populations, money, percentages, counts, years, days)
  is printed in a cited paragraph or footnote, or the record lists it under `derived`.

The source copies are not part of the package (the briefing is the BMA's copyright; the
project ships facts, never the documents' sentences), so these checks run only where the
copies are: `--sources DIR`, `ICS_TUI_SOURCES`, or the test suite's `../shared/seeds`.
The checks that need no source text are in `ics_tui.core.checks`.
Standard library only; no Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ics_tui.core.model import Citation, Comparison, Content, Event, Ics, Section, Tier

# --- reading a source copy --------------------------------------------------------------


@dataclass
class Paragraph:
    number: int
    text: str
    line: int


@dataclass
class Source:
    """One source copy: its headings with their paragraphs, and its footnote texts."""

    path: Path
    numbered: bool
    headings: dict[str, list[Paragraph]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    # The copy's imprint ("Published: 11 June 2018", "© British Medical Association, 2019"):
    # it dates the document, so any citation of the document may rely on it.
    imprint: str = ""
    # Footnote numbers the pack's reference list knows but the copy's list lacks (the report's
    # 33-42): their marks are still printed in the text, so they are found and checked too.
    known: set[str] = field(default_factory=set)

    def is_mark(self, number: str) -> bool:
        return number in self.notes or number in self.known

    def paragraphs(self, citation: Citation) -> list[Paragraph] | None:
        """The cited paragraphs (all under the heading when none is named); None if absent."""
        under = self.headings.get(citation.heading)
        if under is None:
            return None
        if not citation.paras:
            return under
        return [p for p in under if p.number in citation.paras]


_NUMBERED = re.compile(r"^(\d{1,3})\.(?=\S)")
_FOOTNOTE = re.compile(r"^(\d{1,3}) (\S.*)$")
_REFERENCE = re.compile(r"^- (\d{1,3}) (.*)$")
_LETTER_NOTE = re.compile(r"^\^([a-z]) (.*)$")
_FIGURE = re.compile(r"^Figure \d+:")
# A report footnote mark: two digits glued to the word or stop before them ("well.47",
# "published,48", "27 March 2018.50"); `marks_in` keeps only numbers the footnote list has.
_MARK = r"(?:(?<=[A-Za-z)”’\"?!;:,])|(?<=[^\d]\.)|(?<=(?:19|20)\d\d\.))(\d{2})(?!\d)"
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _is_heading(line: str) -> bool:
    if "\t" in line or "Available at" in line or line[0] in "-–^*[©" or re.match(r"^\d+\.", line):
        return False
    if re.sub(r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^[a-z])$", "", line).rstrip()[-1:] in (".", ":", ";", ",", ""):
        return False
    return len(line.split()) <= 12


def parse_source(path: Path) -> Source:
    """Split a copy into headings, paragraphs and footnotes.

    The report prints paragraph numbers ("53."); text that follows a numbered paragraph
    before the next heading (quotations, lettered lists) belongs to it. The briefing has
    none, so its paragraphs are counted from 1 under each heading; list lines and the bold
    tier lines ("– **Place (Pop. 250-500k)**") belong to the paragraph they introduce or
    end. Figure headings hold their own lines and hand prose back to the heading before.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = sum(1 for line in lines if _NUMBERED.match(line.strip())) >= 10
    source = Source(path, numbered)
    heading: str | None = None
    prose_heading: str | None = None
    pending = ""  # a briefing tier line waiting for its paragraph
    in_notes = False
    last_note: str | None = None
    for index, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("Published:", "©")):
            source.imprint += line + "\n"
            continue
        if numbered:
            if in_notes:
                found = _FOOTNOTE.match(line)
                if found:
                    last_note = found.group(1)
                    source.notes[last_note] = found.group(2)
                continue
            para = _NUMBERED.match(line)
            if para:
                heading = heading or ""
                source.headings.setdefault(heading, []).append(
                    Paragraph(int(para.group(1)), line[para.end() :], index)
                )
                continue
            if _FOOTNOTE.match(line) and any(source.headings.values()):
                in_notes = True
                found = _FOOTNOTE.match(line)
                assert found is not None
                source.notes[found.group(1)] = found.group(2)
                continue
            if _is_heading(line):
                heading = re.sub(r"^\d+(?=[A-Z])", "", line)
                source.headings.setdefault(heading, [])
                continue
            under = source.headings.get(heading or "")
            if under:
                under[-1].text += "\n" + line
            continue
        # the briefing
        letter = _LETTER_NOTE.match(line)
        if letter:
            source.notes[letter.group(1)] = letter.group(2)
            continue
        if heading == "References":
            ref = _REFERENCE.match(line)
            if ref:
                source.notes[ref.group(1)] = ref.group(2)
                source.headings["References"].append(Paragraph(int(ref.group(1)), line, index))
            continue
        if _FIGURE.match(line):
            heading = line
            source.headings.setdefault(heading, [])
            continue
        if _is_heading(line):
            heading = prose_heading = line
            source.headings.setdefault(heading, [])
            continue
        if heading is None:
            continue
        if heading.startswith("Figure ") and not _figure_line(line):
            heading = prose_heading
        assert heading is not None
        under = source.headings[heading]
        if heading.startswith("Figure "):
            under.append(Paragraph(len(under) + 1, line, index))
        elif line.startswith("– **"):
            pending = line + "\n"
        elif line.startswith("- ") and under:
            under[-1].text += "\n" + line
        else:
            under.append(Paragraph(len(under) + 1, pending + line, index))
            pending = ""
    return source


def _figure_line(line: str) -> bool:
    return (
        "\t" in line
        or line.startswith("–")
        or bool(re.match(r"^\d+\. ", line))
        or (line.endswith(":") and len(line.split()) <= 3)
    )


def find_sources(folder: Path, content: Content) -> tuple[dict[str, Source], list[str]]:
    """Match each document of the pack to the copy in `folder` whose opening names it."""
    found: dict[str, Source] = {}
    missing: list[str] = []
    texts = {p: p.read_text(encoding="utf-8")[:800].lower() for p in sorted(folder.glob("*.txt"))}
    for doc in content.documents.values():
        title_words = set(re.findall(r"[a-z]+", doc.title.lower()))
        best, score = None, 0.0
        for path, opening in texts.items():
            words = set(re.findall(r"[a-z]+", opening))
            share = len(title_words & words) / max(1, len(title_words))
            if share > score:
                best, score = path, share
        if best is not None and score >= 0.9:
            found[doc.id] = parse_source(best)
            found[doc.id].known = {r.number for r in doc.references}
        else:
            missing.append(doc.id)
    return found, missing


# --- marks, numbers and dates ------------------------------------------------------------


def marks_in(source: Source, text: str) -> set[str]:
    """The footnote or reference marks printed in a paragraph."""
    if source.numbered:
        found = re.findall(_MARK, text)
        return {n for n in found if source.is_mark(n)}
    marks = {run.translate(_SUPERSCRIPT) for run in re.findall(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", text)}
    return marks | set(re.findall(r"\^([a-z])\b", text))


def _strip_marks(source: Source, text: str) -> str:
    if not source.numbered:
        return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^[a-z]\b", " ", text)
    return re.sub(_MARK, lambda m: " " if source.is_mark(m.group(1)) else m.group(1), text)


_SCALE = {"k": 1000, "thousand": 1000, "m": 10**6, "million": 10**6, "bn": 10**9, "billion": 10**9}
_SUFFIX = r"(?:bn|billion|million|thousand|m|k)\b"
_RANGE = re.compile(rf"(\d+(?:\.\d+)?)\s?[-–]\s?(\d+(?:\.\d+)?)\s?({_SUFFIX})")
_NUMBER = re.compile(rf"(?<![\w.,])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s?({_SUFFIX}))?")
# Numbers that point into a document rather than state a fact: "para 97", "fn 81", "Figure 2".
_POINTER = re.compile(
    r"\b(?:paras?|paragraphs?|footnotes?|fns?|refs?|references?|figures?|chapters?|principles?|"
    r"numbers?|no|appendix|wave|marks?|pages?|recommendations?|q|lines?|items?|level)\.?\s+"
    r"\d+[a-z]?(?:\(\w\))?(?:\s*(?:,|and|or|to|-|–)\s*\d+[a-z]?(?:\(\w\))?)*",
    re.IGNORECASE,
)
_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})


def numbers_in(text: str, pointers: bool = False) -> set[Decimal]:
    """Every number a text states, as a value: '£4.5bn' and '£4.5 billion' are both 4.5e9."""
    if not pointers:
        text = _POINTER.sub(" ", text)
    text = _RANGE.sub(lambda m: f"{m.group(1)}{m.group(3)} – {m.group(2)}{m.group(3)}", text)
    out: set[Decimal] = set()
    for found in _NUMBER.finditer(text):
        try:
            value = Decimal(found.group(1).replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            continue
        if found.group(2):
            out.add(value * _SCALE[found.group(2).lower()])
        if not found.group(2) or pointers:  # a source may say "2.7 million" where we write 2.7m
            out.add(value)
    return out


def _source_numbers(source: Source, text: str) -> set[Decimal]:
    text = _strip_marks(source, text)
    values = numbers_in(text, pointers=True)
    words = re.findall(r"[a-z]+", text.lower())
    for word, after in zip(words, words[1:] + [""]):
        if word in _WORDS:
            values.add(Decimal(_WORDS[word]))
            if after in _SCALE:
                values.add(Decimal(_WORDS[word] * _SCALE[after]))
    return values


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def date_in(date: str, text: str) -> bool:
    """Whether `text` prints the date: its year, and its month and day where the date has them."""
    parts = date.split("-")
    lower = text.lower()
    if not re.search(rf"(?<!\d){parts[0]}(?!\d)", lower):
        return False
    if len(parts) >= 2:
        month = _MONTHS[int(parts[1]) - 1]
        if not re.search(rf"\b(?:{month}|{month[:3]})\b", lower):
            return False
    if len(parts) == 3:
        day = str(int(parts[2]))
        month = _MONTHS[int(parts[1]) - 1]
        if not re.search(rf"\b{day}(?:st|nd|rd|th)? (?:{month}|{month[:3]})\b", lower):
            return False
    return True


# --- the checks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem with one record, located by the loader's file and the record's id."""

    section_id: str
    message: str


def _texts_of(source: Source, citation: Citation) -> list[str]:
    paras = source.paragraphs(citation) or []
    texts = [p.text for p in paras]
    texts += [source.notes[n] for n in citation.notes if n in source.notes]
    return texts + [source.imprint]


def check_citation(sources: dict[str, Source], owner: str, citation: Citation) -> list[Finding]:
    source = sources.get(citation.doc)
    if source is None:
        return []
    label = f'"{citation.heading}"'
    if citation.heading not in source.headings:
        return [
            Finding(
                owner, f'cites heading {label} of "{citation.doc}", which its copy does not have'
            )
        ]
    under = {p.number for p in source.headings[citation.heading]}
    out = [
        Finding(owner, f"cites para {n} under {label}, which is not there (it has {_span(under)})")
        for n in citation.paras
        if n not in under
    ]
    if citation.heading == "References":
        return out
    paras = source.paragraphs(citation) or []
    marks = set().union(*(marks_in(source, p.text) for p in paras)) if paras else set()
    for note in citation.notes:
        if note in marks:
            continue
        if not _any_mark(source, note):
            continue  # the copy prints this mark nowhere (a gap documents.toml reports)
        places = _where(source, note)
        out.append(
            Finding(
                owner,
                f"cites note {note} with {label} {_paras(citation)}, but the mark "
                f"is in {places or 'no paragraph of the copy'}",
            )
        )
    return out


def _any_mark(source: Source, note: str) -> bool:
    return any(note in marks_in(source, p.text) for ps in source.headings.values() for p in ps)


def _where(source: Source, note: str) -> str:
    places = [
        f'"{h}" para {p.number}'
        for h, ps in source.headings.items()
        for p in ps
        if note in marks_in(source, p.text)
    ]
    return "; ".join(places)


def _paras(citation: Citation) -> str:
    return f"paras {list(citation.paras)}" if citation.paras else "(whole heading)"


def _span(numbers: set[int]) -> str:
    return f"{min(numbers)}-{max(numbers)}" if numbers else "none"


def _all_citations(section: Section) -> list[tuple[str, Citation]]:
    out = [("", c) for c in section.citations]
    if isinstance(section, Ics):
        for index, fact in enumerate(section.facts, start=1):
            out += [(f"fact {index}: ", c) for c in fact.citations]
    if isinstance(section, Comparison):
        for row in section.rows:
            out += [(f'row "{row.aspect}": ', c) for c in row.citations]
    return out


def _record_texts(section: Section) -> list[tuple[str, str, tuple[Citation, ...]]]:
    """(where, text, the citations that must hold its numbers) for each part of a record."""
    own = section.citations
    parts: list[tuple[str, str, tuple[Citation, ...]]] = [
        ("title", section.title, own),
        ("body", section.body, own),
    ]
    parts += [(f"item {i}", item, own) for i, item in enumerate(section.items, start=1)]
    if isinstance(section, Ics):
        parts.append(("notes", section.notes, own))
        for index, fact in enumerate(section.facts, start=1):
            parts.append((f"fact {index}", fact.text, fact.citations + own))
    if isinstance(section, Comparison):
        for row in section.rows:
            cites = row.citations + own
            parts += [
                (f'row "{row.aspect}"', f"{row.aspect} {row.left} {row.right} {row.note}", cites)
            ]
    if isinstance(section, Tier):
        values = f"{section.population_min} {section.population_max or ''}"
        parts.append(("population", values, own))
    for name in ("suits", "check", "expansion"):
        value = getattr(section, name, "")
        if value:
            parts.append((name, value, own))
    parts += [
        (f"reason {i}", r, own) for i, r in enumerate(getattr(section, "reasons", ()), start=1)
    ]
    return parts


def check_section(sources: dict[str, Source], section: Section) -> list[Finding]:
    out: list[Finding] = []
    for where, citation in _all_citations(section):
        out += [
            Finding(f.section_id, where + f.message)
            for f in check_citation(sources, section.id, citation)
        ]
    derived_numbers = (
        set().union(*(numbers_in(d, pointers=True) for d in section.derived))
        if section.derived
        else set()
    )
    for where, text, cites in _record_texts(section):
        if not text or not any(c.doc in sources for c in cites):
            continue
        held: set[Decimal] = set()
        for c in cites:
            if c.doc in sources:
                for t in _texts_of(sources[c.doc], c):
                    held |= _source_numbers(sources[c.doc], t)
        for value in sorted(numbers_in(text) - held - derived_numbers):
            out.append(
                Finding(
                    section.id,
                    f"{where} states {_show(value)}, which no cited paragraph "
                    "or footnote prints (cite where it is, or list it under "
                    "`derived` and say how in `editor_note`)",
                )
            )
    if isinstance(section, Event) and section.date not in section.derived:
        texts = [
            t for c in section.citations if c.doc in sources for t in _texts_of(sources[c.doc], c)
        ]
        if any(c.doc in sources for c in section.citations) and not any(
            date_in(section.date, t) for t in texts
        ):
            out.append(
                Finding(
                    section.id,
                    f'date "{section.date}" is printed in no cited paragraph or '
                    "footnote (cite where it is, or list the date under "
                    "`derived` as the project's estimate)",
                )
            )
    return out


def _show(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def check_content(content: Content, sources: dict[str, Source]) -> list[Finding]:
    """Every source-backed finding for a loaded pack, record by record."""
    out: list[Finding] = []
    for section in content:
        out += check_section(sources, section)
    for wave in content.waves:
        owner = f"wave {wave.number}"
        for citation in wave.citations:
            out += check_citation(sources, owner, citation)
        cited = [c for c in wave.citations if c.doc in sources]
        if not cited:
            continue
        texts = [t for c in cited for t in _texts_of(sources[c.doc], c)]
        held = set().union(
            *(
                _source_numbers(sources[c.doc], t)
                for c in cited
                for t in _texts_of(sources[c.doc], c)
            )
        )
        for value in sorted(numbers_in(f"{wave.title} {wave.body}") - held):
            out.append(
                Finding(
                    owner, f"states {_show(value)}, which no cited paragraph or footnote prints"
                )
            )
        if not any(date_in(wave.announced, t) for t in texts):
            out.append(
                Finding(
                    owner, f'"announced" date "{wave.announced}" is printed in no cited paragraph'
                )
            )
    for doc in content.documents.values():
        source = sources.get(doc.id)
        if source is None:
            continue
        for ref in doc.references:
            printed = source.notes.get(ref.number)
            if printed is None:
                if not ref.missing:
                    out.append(
                        Finding(
                            f"document {doc.id}",
                            f"reference {ref.number} is not in the copy's "
                            "list; mark it `missing = true`",
                        )
                    )
                continue
            extra = numbers_in(ref.text) - _source_numbers(source, printed)
            for value in sorted(extra):
                out.append(
                    Finding(
                        f"document {doc.id}",
                        f"reference {ref.number} states {_show(value)}, "
                        "which the copy's footnote does not print",
                    )
                )
    return out
