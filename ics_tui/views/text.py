"""Turn content strings into Textual `Content` without ever parsing them as markup.

Content packs are untrusted: `[bold]` or `[@click=app.quit]` in a body must show
as typed. Everything here builds `Content` from plain text and adds styles by
offset. Glossary terms are underlined and matches of the current search are
shown reversed (`mark_matches`, on the built text), so neither depends on colour alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from textual.content import Content
from textual.style import Style

from ics_tui.core.model import Citation, Section
from ics_tui.core.model import Content as Model
from ics_tui.core.plaintext import PROJECT_NOTE, project_notes

GLOSSARY_STYLE = "underline"
MATCH_STYLE = "reverse bold"
CURRENT_MATCH_STYLE = "reverse bold underline"  # the match n/N jumped to: underlined as well
CITE_STYLE = "italic $text-muted"
HEADING_STYLE = "bold $text-primary"  # >= 6.7:1 in the shipped dark and light themes
NOTE_STYLE = "italic"


def shorten(words: str, width: int) -> str:
    """`words`, cut to `width` characters with "…" where cut (a glimpse; the whole is elsewhere)."""
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


class Glossary:
    """Finds glossary terms in running text so views can mark them."""

    def __init__(self, model: Model) -> None:
        terms = sorted({t.term for t in model.terms if len(t.term) >= 2}, key=len, reverse=True)
        self.expansions = {t.term: t.expansion for t in model.terms}
        self._ids = {t.term.lower(): t.id for t in model.terms}
        acronyms = [re.escape(t) for t in terms if t.upper() == t]
        words = [re.escape(t) for t in terms if t.upper() != t]
        parts = []
        if acronyms:
            parts.append(r"(?<![\w&])(?:" + "|".join(acronyms) + r")s?(?![\w&])")
        if words:
            parts.append(r"(?i:\b(?:" + "|".join(words) + r")\b)")
        self.pattern = re.compile("|".join(parts)) if parts else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.pattern is None:
            return []
        return [m.span() for m in self.pattern.finditer(text)]

    def term_id(self, word: str) -> str | None:
        """The glossary entry a matched word stands for ("ICSs" -> the ICS entry)."""
        key = word.lower()
        return self._ids.get(key) or self._ids.get(key.removesuffix("s"))


@lru_cache(maxsize=None)
def term_link(target: str) -> Style:
    """Underlined, and a click opens the glossary entry `target` in the pane clicked (the
    action and its argument sit in the style, never in parsed markup)."""
    return Style(underline=True) + Style.from_meta({"@click": ("screen.open_term", (target,))})


def styled(text: str, glossary: Glossary | None = None) -> Content:
    """Plain text with glossary terms underlined, each a link to its entry (search matches are marked later, by `mark_matches`)."""
    content = Content(text)
    if glossary is not None:
        for start, end in glossary.spans(text):
            target = glossary.term_id(text[start:end])
            style = GLOSSARY_STYLE if target is None else term_link(target)
            content = content.stylize(style, start, end)
    return content


def mark_matches(
    content: Content, spans: Iterable[tuple[int, int]], current: tuple[int, int] | None = None
) -> Content:
    """Reverse the matched spans of already-built content (offsets into `content.plain`);
    the `current` one (where n/N went) is underlined too."""
    for start, end in spans:
        style = CURRENT_MATCH_STYLE if (start, end) == current else MATCH_STYLE
        content = content.stylize(style, start, end)
    return content


def hanging(prefix: str, body: Content, width: int, indent: int | None = None) -> Content:
    """`prefix` then `body`, its wrapped lines indented under the body's first character
    (`indent` columns), so bullets and "↳ source" lines never run back to column 0.
    With no width known yet (0), the text is left for the widget to wrap."""
    indent = len(prefix) if indent is None else indent
    whole = Content.assemble(prefix, body)
    if width - indent < 12:
        return whole
    first = whole.wrap(width)[0]
    start = len(first.plain)
    plain = whole.plain
    while start < len(plain) and plain[start] == " ":
        start += 1
    if start >= len(plain):
        return whole
    rest = whole[start:].wrap(width - indent)
    return Content("\n").join(
        [first.rstrip(), *(Content.assemble(" " * indent, line.rstrip()) for line in rest)]
    )


def hang_bullets(content: Content, width: int, prefixes: tuple[str, ...] = ("• ",)) -> Content:
    """`content` with every line that starts with one of `prefixes` hung under its own text
    at `width` (other lines are left for the widget to wrap)."""
    if width <= 0 or not any(p in content.plain for p in prefixes):
        return content
    lines = content.split("\n", allow_blank=True)
    hung = []
    for line in lines:
        prefix = next((p for p in prefixes if line.plain.startswith(p)), None)
        hung.append(line if prefix is None else hanging(prefix, line[len(prefix) :], width))
    return Content("\n").join(hung)


def heading(text: str) -> Content:
    return Content(text).stylize(HEADING_STYLE)


def citation_line(model: Model, citations: Iterable[Citation], prefix: str = "Source: ") -> Content:
    labels = "; ".join(model.cite(c) for c in citations)
    return Content(prefix + labels).stylize(CITE_STYLE)


def join_lines(parts: Iterable[Content]) -> Content:
    return Content("\n").join(list(parts))


def join_blocks(parts: Iterable[Content]) -> Content:
    """Blocks separated by a blank line, as paragraphs are."""
    return Content("\n\n").join(list(parts))


def project_note(section: Section, glossary: Glossary | None = None) -> Content | None:
    """The project's own note on a record, labelled and set apart from the sourced text.

    The label says whose it is, so the difference never depends on colour or italics alone.
    """
    notes = project_notes(section)
    if not notes:
        return None
    label = Content("✎ " + PROJECT_NOTE + ": ").stylize("bold")
    lines = [Content.assemble(label, styled(notes[0], glossary))] + [
        styled(n, glossary) for n in notes[1:]
    ]
    return join_lines(lines).stylize(NOTE_STYLE)
