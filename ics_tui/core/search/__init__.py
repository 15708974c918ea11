"""Search every section of a content pack: ranked, as you type, typo- and acronym-tolerant.

An in-memory inverted index built from the loaded `Content` (a few milliseconds for the
shipped pack; see "Performance: search" in the README for the measurements that chose
it over SQLite FTS5, which has no typo tolerance, acronym expansion or prefix ranking
of its own and needs the same Python work around it).

- Fields: the title (weighted up), names (tier aliases, glossary term and expansion,
  comparison sides), the body with items, structured fields, ICS facts, comparison rows
  and portability details, and the citation labels (weighted down). Ranking is BM25F.
- Words are folded (case, accents via NFKD, punctuation, "250,000" = "250000") and
  plurals are stemmed lightly, so "network" finds "networks".
- The last word of a query is a prefix while typing (no space after it yet).
- Acronyms expand both ways from the glossary: "pcn" finds "primary care networks"
  and "primary care network" finds "PCN".
- Words of 5+ letters not in the vocabulary match within 1 edit (2 for 8+ letters),
  found through a deletion-neighbourhood table of the vocabulary, never by scanning text.
- "Quoted phrases" match as consecutive words; hyphenated and adjacent query words
  score higher where they stand together.
- Every query string is safe: nothing is parsed as a regular expression or markup, and
  queries are capped in length and words.

The package, by stage: `text` (tokens, folding, stemming), `vocabulary` (the pack's
words, completions, typos, synonyms), `passages` (what each section contributes),
`index` (postings and BM25F field norms), `query` (typed clauses), `rank` (scores,
coverage, rescoring, proximity) and `snippets`. This module is the facade.

No Textual here: the CLI, the app and the benchmark share this package.
"""

from __future__ import annotations

import threading
from typing import Callable

from ics_tui.core.model import Citation, Content
from ics_tui.core.plaintext import section_text
from ics_tui.core.search.index import Postings
from ics_tui.core.search.lru import LRU
from ics_tui.core.search.outcome import Outcome, explain
from ics_tui.core.search.query import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    ParsedQuery,
    QueryParser,
    Scope,
)
from ics_tui.core.search.rank import Ranker
from ics_tui.core.search.scopes import Scoping, resolve_scopes
from ics_tui.core.search.snippets import SNIPPET_CHARS, Marks, Snippets, mark
from ics_tui.core.search.text import token_spans
from ics_tui.core.search.vocabulary import Vocabulary

__all__ = [
    "Hit",
    "Outcome",
    "SearchIndex",
    "Scope",
    "Scoping",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "SNIPPET_CHARS",
]


class Hit:
    """One ranked result. `text` (the section as plain text) is rendered on first use."""

    __slots__ = ("section_id", "title", "score", "snippet", "marks", "citation", "_text", "_render")

    def __init__(
        self,
        section_id: str,
        title: str,
        score: float,
        snippet: str,
        marks: Marks,
        citation: str,
        text: str | None = None,
        render: Callable[[], str] | None = None,
    ) -> None:
        self.section_id = section_id
        self.title = title
        self.score = score
        self.snippet = snippet
        self.marks = marks
        self.citation = citation
        self._text = text
        self._render = render

    @property
    def text(self) -> str:
        """The section's full plain text, as `ics-tui show` prints it."""
        if self._text is None:
            self._text = self._render() if self._render else ""
        return self._text

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.section_id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "text": self.text,
            "citation": self.citation,
        }

    def _key(self) -> tuple[str, str, float, str, Marks, str]:
        return (self.section_id, self.title, self.score, self.snippet, self.marks, self.citation)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.section_id, self.score, self.snippet))

    def __repr__(self) -> str:
        return f"Hit({self.section_id!r}, score={self.score:.3f}, snippet={self.snippet!r})"


class SearchIndex:
    """The searchable form of one `Content`. Build once; `search` on every keystroke."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._labels: dict[Citation, str] = {}
        self.vocabulary = Vocabulary()
        self.postings = Postings(content, self.vocabulary, self.label)
        self.parser = QueryParser(self.vocabulary)
        self.ranker = Ranker(self.postings)
        self.snippets = Snippets(self.postings)
        self._query_cache: LRU[tuple[str, int], tuple[Hit, ...]] = LRU(64)
        self._scopes: dict[tuple[Scope, ...], Scoping] = {}
        self._lock = threading.RLock()

    @classmethod
    def build(cls, content: Content) -> "SearchIndex":
        index = cls(content)
        index.vocabulary.find_synonyms(content.terms)
        index.postings.build()
        return index

    def label(self, citation: Citation) -> str:
        text = self._labels.get(citation)
        if text is None:
            text = self._labels[citation] = self.content.cite(citation)
        return text

    def warm(self) -> "SearchIndex":
        """Do now what searches would otherwise do on first use: the typo table, and every
        word's postings and scores. About as long as `build`; the app calls it in the
        worker that builds the index, so the first keystrokes find everything ready."""
        with self._lock:
            self.vocabulary.typo_index()
            self.postings.warm()
        return self

    def forget_queries(self) -> None:
        """Empty the per-query caches (for benchmarks that type the same queries twice)."""
        with self._lock:
            for cache in (
                self.ranker.clause_cache,
                self._query_cache,
                self.vocabulary.expansion_cache,
            ):
                cache.clear()
            self.snippets.clear()

    def parse(self, query: str) -> ParsedQuery:
        return self.parser.parse(query)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best `limit` sections for `query`, best first. Never raises for a str.

        `doc:bma`, `doc:report` (or `in:`) and `kind:glossary` (or `type:`, a kind or a
        group) in the query restrict it; alone, they list what they allow in order."""
        if not isinstance(query, str) or not query.strip() or limit <= 0:
            return []
        limit = min(int(limit), 500)
        with self._lock:
            key = (query[:MAX_QUERY_CHARS], limit)
            cached = self._query_cache.hit(key)
            if cached is not None:
                return list(cached)
            parsed = self.parser.parse(query)
            scope = self.scoped(parsed.scopes)
            if not parsed.parts:
                if not parsed.scopes or scope.docs is None:
                    return []
                ranked = [(0.0, d) for d in sorted(scope.docs)[:limit]]
            else:
                ranked = self.ranker.rank(parsed, limit, scope.docs)
            hits = [self._hit(d, v, parsed) for v, d in ranked]
            self._query_cache.put(key, tuple(hits))
            return hits

    def scoped(self, scopes: tuple[Scope, ...]) -> Scoping:
        """What a query's scopes allow: the docs (None: all) and the scopes understood."""
        if not scopes:
            return Scoping(None, (), ())
        cached = self._scopes.get(scopes)
        if cached is None:
            cached = self._scopes[scopes] = resolve_scopes(self.content, scopes)
        return cached

    def explain(self, query: str) -> Outcome:
        """What a query asked for and why it found what it did: the scopes it holds (to show
        as chips), and, when nothing matches, which words are in neither document and the
        nearest words that are, or whether fewer words would find something."""
        with self._lock:
            return explain(self, query)

    def terms(self, query: str) -> list[str]:
        """The folded words and phrases `query` matches (for tests and debugging)."""
        if not isinstance(query, str) or not query.strip():
            return []
        with self._lock:
            parsed = self.parser.parse(query)
            by_stem = self.vocabulary.by_stem()
            out: list[str] = []
            for s in sorted(parsed.singles):
                out.extend(sorted(by_stem.get(s, [s])))
            for phrase in parsed.phrases:
                out.append(" ".join(min(min(by_stem.get(s, [s])) for s in p) for p in phrase))
            return list(dict.fromkeys(out))

    def highlight_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """(start, end) of every word or phrase in `text` that `query` matches."""
        if not isinstance(text, str) or not isinstance(query, str) or not text or not query.strip():
            return []
        with self._lock:
            parsed = self.parser.parse(query)
            spans = token_spans(text)
            stem_of = self.vocabulary.stem_of
            return mark(spans, [stem_of(w) for _, _, w in spans], parsed.singles, parsed.phrases)

    def _hit(self, doc: int, score: float, parsed: ParsedQuery) -> Hit:
        section = self.content.sections[self.postings.ids[doc]]
        snippet, marks, citation = self.snippets.snippet(doc, parsed)
        if citation is None:
            citation = section.citations[0] if section.citations else None
        label = self.label(citation) if citation is not None else ""
        content = self.content
        return Hit(
            section.id,
            section.title,
            score,
            snippet,
            marks,
            label,
            render=lambda: section_text(content, section),
        )
