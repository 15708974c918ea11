"""Snippets: about SNIPPET_CHARS of the passage that matches best, with its marks."""

from __future__ import annotations

from typing import Sequence

from ics_tui.core.model import Citation
from ics_tui.core.search.index import Postings
from ics_tui.core.search.lru import LRU
from ics_tui.core.search.passages import BODY, CITE, NAMES, TITLE, has_sequence
from ics_tui.core.search.query import ParsedQuery, Sequence_
from ics_tui.core.search.text import fold_text, token_spans

SNIPPET_CHARS = 160

Marks = tuple[tuple[int, int], ...]
Snippet = tuple[str, Marks, Citation | None]
Spans = list[tuple[int, int, str]]


class Snippets:
    """Makes and caches the snippet of a doc for what a query matches in it."""

    def __init__(self, postings: Postings) -> None:
        self.postings = postings
        self.cache: LRU[tuple[int, frozenset[str], tuple[Sequence_, ...]], Snippet] = LRU(2048)
        self.spans: LRU[tuple[int, int], Spans] = LRU(4096)  # (doc, passage) -> token spans

    def snippet(self, doc: int, parsed: ParsedQuery) -> Snippet:
        """About SNIPPET_CHARS of the passage that matches best, its marks and citation.

        Cached by what the query matches in this doc, so while a word is typed the snippet
        is made again only when the doc's own matches change."""
        present = self.postings.doc_stems[doc]
        singles = parsed.singles.intersection(present)
        phrases = tuple(
            p
            for p in (
                tuple(position.intersection(present) for position in phrase)
                for phrase in parsed.phrases
            )
            if all(p)
        )
        key = (doc, singles, phrases)
        found = self.cache.hit(key)
        if found is None:
            found = self.cache.put(key, self.make(doc, singles, phrases))
        return found

    def make(self, doc: int, singles: frozenset[str], phrases: tuple[Sequence_, ...]) -> Snippet:
        """Prefer a body passage; a name the title already shows, or a citation when the
        title matches, gives way to the start of the body."""
        passages = self.postings.doc_passages(doc)
        best, best_score, best_cite, cite_score, title_hit = -1, 0.0, -1, 0.0, False
        idf = self.postings.idf
        every = singles.union(*(p for phrase in phrases for p in phrase))
        for number, (field, _, stems, _) in enumerate(passages):
            if every.isdisjoint(stems):
                continue
            if field == TITLE:
                title_hit = True
                continue
            found = every.intersection(stems)
            value = sum(idf(s) for s in singles.intersection(found))
            for phrase in phrases:
                if all(not p.isdisjoint(found) for p in phrase) and has_sequence(stems, phrase):
                    value += sum(idf(min(p)) for p in phrase)
            if field == CITE:
                if value > cite_score:
                    best_cite, cite_score = number, value
                continue
            if field == NAMES:
                value *= 0.5
            if value > best_score:
                best, best_score = number, value
        if best >= 0 and passages[best].field == NAMES:
            title = next((p.text for p in passages if p.field == TITLE), "")
            if fold_text(passages[best].text) in fold_text(title):
                best = -1  # a name the title already shows
        if best < 0 and not title_hit:
            best = best_cite
        if best < 0:
            passage = next(
                (p for p in passages if p.field == BODY), passages[0] if passages else None
            )
            if passage is None:
                return "", (), None
            return cut(passage.text, 0, SNIPPET_CHARS)[0], (), passage.citation
        _, text, stems, citation = passages[best]
        spans = self.spans.hit((doc, best))
        if spans is None:
            spans = self.spans.put((doc, best), token_spans(text))
        marks = mark(spans, stems, singles, phrases)
        snippet, shift = window(text, marks)
        inside = tuple(
            (a - shift, b - shift) for a, b in marks if a >= shift and b - shift <= len(snippet)
        )
        return snippet, inside, citation

    def clear(self) -> None:
        self.cache.clear()
        self.spans.clear()


def mark(
    spans: Spans, stems: Sequence[str], singles: frozenset[str], phrases: tuple[Sequence_, ...]
) -> list[tuple[int, int]]:
    """Character spans of the matched words and phrases, given a text's token spans and stems."""
    out = (
        [(a, b) for (a, b, _), s in zip(spans, stems) if s in singles]
        if not singles.isdisjoint(stems)
        else []
    )
    for phrase in phrases:
        k = len(phrase)
        if phrase[0].isdisjoint(stems):
            continue
        for i in range(len(stems) - k + 1):
            if all(stems[i + j] in phrase[j] for j in range(k)):
                out.append((spans[i][0], spans[i + k - 1][1]))
    out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def cut(text: str, start: int, end: int) -> tuple[str, int]:
    """text[start:end] on word boundaries with "…" where cut; and the offset shift."""
    if len(text) <= SNIPPET_CHARS:
        return text, 0
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), max(end, start + SNIPPET_CHARS))
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + SNIPPET_CHARS // 2 else end
    body = text[start:end].strip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    return prefix + body + suffix, start + lead - len(prefix)


def window(text: str, marks: list[tuple[int, int]]) -> tuple[str, int]:
    """About SNIPPET_CHARS of `text` around the densest run of marks."""
    if len(text) <= SNIPPET_CHARS or not marks:
        return cut(text, 0, SNIPPET_CHARS)
    span = SNIPPET_CHARS - 40
    best_start, best_count, j = marks[0][0], 0, 0
    for i, (a, _) in enumerate(marks):  # two pointers: marks are sorted
        if j < i:
            j = i
        while j + 1 < len(marks) and marks[j + 1][1] <= a + span:
            j += 1
        if j - i + 1 > best_count:
            best_start, best_count = a, j - i + 1
    start = max(0, best_start - 40)
    if len(text) - start < SNIPPET_CHARS:
        start = max(0, len(text) - SNIPPET_CHARS)
    return cut(text, start, start + SNIPPET_CHARS)
