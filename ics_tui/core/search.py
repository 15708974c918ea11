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

No Textual here: the CLI, the app and the benchmark share this module.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
from bisect import bisect_left
from collections import Counter, OrderedDict
from itertools import chain
from dataclasses import dataclass
from typing import Callable, Iterable

from ics_tui.core.model import (
    Citation,
    Comparison,
    Content,
    Event,
    Ics,
    PortabilityOption,
    Section,
    Term,
    Tier,
)
from ics_tui.core.plaintext import fields as plain_fields
from ics_tui.core.plaintext import section_text
from ics_tui.core.search_text import (
    STOPWORDS,
    deletes,
    fold,
    osa_distance,
    raw_tokens,
    stem,
    token_spans,
)

__all__ = ["Hit", "SearchIndex"]

MAX_QUERY_CHARS = 256
MAX_QUERY_WORDS = 12
SNIPPET_CHARS = 160

# Fields and their BM25F weights (w) and length normalisation (b).
TITLE, NAMES, BODY, CITE = 0, 1, 2, 3
_W = (2.0, 2.0, 1.0, 0.3)
_B = (0.3, 0.5, 0.75, 0.5)
_K1 = 1.2
_TITLE_BONUS = 1.2  # added outside saturation, so a word in the title counts clearly
_COMPLETION_WEIGHT = 0.85
_TYPO_WEIGHT = {1: 0.7, 2: 0.55}
_SYNONYM_WEIGHT = 0.9
_PROXIMITY = 0.5  # score x (1 + this) when every pair of query words stands together
_TYPO_PREFIX = 6  # letters of a word that the typo table keys on
_CLAUSE_DOCS = 500  # a query word reads at most about this many postings (best first)...
_MIN_SHARE = 60  # ...and at least this many of each of its expansions
_RESCORE = 40  # candidates rescored exactly when postings were cut
_EAGER_DOCS = 2000  # packs this big score and sort their long postings at build
_PHRASE_VERIFY = 400  # phrase candidates checked word by word, best first
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_QUOTES = '"“”„«»'
_QUOTE_SPLIT = re.compile(f"[{_QUOTES}]")


class Hit:
    """One ranked result. `text` (the section as plain text) is rendered on first use."""

    __slots__ = ("section_id", "title", "score", "snippet", "marks", "citation", "_text", "_render")

    def __init__(self, section_id: str, title: str, score: float, snippet: str,
                 marks: tuple[tuple[int, int], ...], citation: str, text: str | None = None,
                 render: Callable[[], str] | None = None) -> None:
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
        return {"id": self.section_id, "title": self.title, "score": round(self.score, 4),
                "snippet": self.snippet, "text": self.text, "citation": self.citation}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return (self.section_id, self.title, self.score, self.snippet, self.marks, self.citation) == (
            other.section_id, other.title, other.score, other.snippet, other.marks, other.citation)

    def __hash__(self) -> int:
        return hash((self.section_id, self.score, self.snippet))

    def __repr__(self) -> str:
        return f"Hit({self.section_id!r}, score={self.score:.3f}, snippet={self.snippet!r})"


# A passage is a run of a section's searchable text (one paragraph, item, fact, row or
# citation label): (field, text with spaces collapsed, stems of its words, its own citation).
_Passage = tuple  # (int, str, tuple[str, ...], Citation | None)


class _LRU(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key, value):  # noqa: ANN001, ANN201 - small internal helper
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)
        return value

    def hit(self, key):  # noqa: ANN001, ANN201
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


# --- query structure ---------------------------------------------------------------
# A query becomes clauses. Each is hashable, so its evaluation can be cached between
# keystrokes: typing "dorset m", "dorset me", ... re-uses the scores for "dorset".
#   ("term", ((stem, weight), ...))                       any of these words
#   ("phrase", (((stem, weight), ...), ...))              these words, consecutively
#   ("syn", (clause, ...), (alt clause, ...))             the words, or a synonym for them
Clause = tuple


@dataclass
class _Query:
    clauses: list[tuple[Clause, int, bool]]  # (clause, words it covers, optional)
    pairs: list[tuple[frozenset[str], ...]]  # neighbouring query words, for proximity
    singles: frozenset[str]  # stems to mark wherever they stand
    phrases: tuple[tuple[frozenset[str], ...], ...]  # stem sequences to mark only together
    every: frozenset[str] = frozenset()  # all stems of both


def _single_stems(clause: Clause) -> frozenset[str]:
    """Stems a clause matches as single words (phrase parts are marked only together)."""
    kind = clause[0]
    if kind == "term":
        return frozenset(s for s, _ in clause[1])
    if kind == "phrase":
        return frozenset()
    return frozenset().union(*(_single_stems(c) for c in clause[1] + clause[2]))


class SearchIndex:
    """The searchable form of one `Content`. Build once; `search` on every keystroke."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._ids: list[str] = []
        self._raw_passages: list[list[tuple[int, str, Citation | None]]] = []  # per doc: (field, text, citation)
        self._passages: list[list[_Passage] | None] = []  # per doc, made from those on first use
        self._df: Counter = Counter()  # stem -> how many docs hold it
        self._doc_stems: list[set[str]] = []  # per doc: every stem it holds
        self._docs_of: dict[str, list[int]] = {}  # stem -> the docs holding it (filled as needed)
        self._counts: list[tuple] = []  # per doc, per field: its stems (counted for the body in big packs)
        self._norms: list[tuple[float, ...]] = []  # per doc, per field: BM25F weight / length norm
        self._postings: dict[str, dict[int, float]] = {}  # stem -> doc -> score, made on first use
        self._ranked: dict[str, list[tuple[int, float]]] = {}  # stem -> postings, best first
        self._surfaces: dict[str, str] = {}  # folded word -> stem
        self._by_stem_table: dict[str, list[str]] | None = None
        self._sorted: list[str] = []
        self._acronyms: set[str] = set()
        self._synonyms: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self._heads: dict | None = None
        self._stem_cache: dict[str, str] = {}  # word as written -> stem
        self._labels: dict[Citation, str] = {}
        self._typo_table: dict[str, list[str]] | None = None
        self._truncated = False
        self._clause_cache = _LRU(128)
        self._query_cache = _LRU(64)
        self._expansion_cache = _LRU(512)
        self._snippets = _LRU(2048)
        self._spans = _LRU(4096)  # (doc, passage) -> token spans, for snippets
        self._idfs: dict[str, float] = {}
        self._lock = threading.RLock()

    # --- building -----------------------------------------------------------------

    @classmethod
    def build(cls, content: Content) -> "SearchIndex":
        index = cls(content)
        index._build()
        return index

    def label(self, citation: Citation) -> str:
        text = self._labels.get(citation)
        if text is None:
            text = self._labels[citation] = self.content.cite(citation)
        return text

    def _stem_all(self, distinct: set[str]) -> None:
        """Stem every distinct word as written, in one tight loop (the build's hot spot)."""
        cache, surfaces, acronyms = self._stem_cache, self._surfaces, self._acronyms
        for raw in distinct:
            word = raw.lower() if raw.isascii() and "'" not in raw and "," not in raw else fold(raw)
            if not word:
                cache[raw] = word
                continue
            plain = word if word[-1] != "s" or len(word) < 3 else stem(word, acronyms)
            if raw[-1] == "s" and len(raw) >= 3 and raw[:-1].isupper() and raw[:-1].isalpha() and word not in acronyms:
                cache[raw] = word[:-1]
            else:
                cache[raw] = plain
            surfaces[word] = plain  # how a typed (folded) word stems: the same whatever its case

    def _stem_raw(self, raw: str, word: str | None = None) -> str:
        """Stem of a word as written: 'ICSs' and 'GPs' lose their plural s by their case."""
        if word is None:
            word = _fold_raw(raw)
        if raw[-1] == "s" and len(raw) >= 3 and raw[:-1].isupper() and raw[:-1].isalpha() and word not in self._acronyms:
            return word[:-1]
        return stem(word, self._acronyms)

    def _by_stem(self) -> dict[str, list[str]]:
        """Stem -> the folded words that have it (made on first use)."""
        if self._by_stem_table is None:
            table: dict[str, list[str]] = {}
            for word, s in self._surfaces.items():
                table.setdefault(s, []).append(word)
            self._by_stem_table = table
        return self._by_stem_table

    def _stem_word(self, word: str) -> str:
        """Stem of an already folded query word."""
        return stem(word, self._acronyms)

    def _build(self) -> None:
        content = self.content
        self._synonyms = self._find_synonyms(content.terms)
        # 1. per doc, the words of each field as written: a field's passages are tokenized
        #    together (words never run across the space that joins them), citation labels
        #    once each; the distinct words are then stemmed once, together. Passages are
        #    split into stems only when a search first needs a doc's (`_doc_passages`).
        label_words: dict[str, list[str]] = {}
        docs: list[tuple[list[str], ...]] = []
        distinct: set[str] = set()
        for section in content:
            self._ids.append(section.id)
            found = list(self._passage_texts(section))
            self._raw_passages.append(found)
            texts: tuple[list[str], ...] = ([], [], [])
            cite_words: list[str] = []
            for field, text, _ in found:
                if field == CITE:
                    words = label_words.get(text)
                    if words is None:
                        words = label_words[text] = raw_tokens(text)
                        distinct.update(words)
                    cite_words += words
                else:
                    texts[field].append(text)
            field_words = (*(raw_tokens(" ".join(t)) if t else [] for t in texts), cite_words)
            for words in field_words[:3]:
                distinct.update(words)
            docs.append(field_words)
        self._passages = [None] * len(docs)
        self._stem_all(distinct)
        stem_of = self._stem_cache.__getitem__
        big = len(self._ids) >= _EAGER_DOCS
        # 2. per doc: word counts for the body, presence for the short fields
        lengths: list[tuple[int, ...]] = []
        for field_words in docs:
            title, names, body, cite = (list(map(stem_of, words)) for words in field_words)
            # a big pack counts its body words now (it scores everything at build); a small
            # one counts a word's occurrences when the word is first scored
            self._counts.append((title, names, Counter(body) if big else body, cite))
            lengths.append((len(title), len(names), len(body), len(cite)))
            present = set(body)
            present.update(title, names, cite)
            self._doc_stems.append(present)
        self._df = Counter(chain.from_iterable(self._doc_stems))
        n = len(self._ids) or 1
        avg = [max(1.0, sum(lens[f] for lens in lengths) / n) for f in range(4)]
        self._norms = [
            tuple(_W[f] / (1 - _B[f] + _B[f] * lens[f] / avg[f]) for f in range(4))
            + (_TITLE_BONUS / (0.5 + 0.5 * lens[TITLE] / avg[TITLE]),)
            for lens in lengths
        ]
        if n >= _EAGER_DOCS:  # a big pack: invert it, score and sort long postings now, not mid-keystroke
            docs_of: dict[str, list[int]] = {s: [] for s in self._df}
            for doc, present in enumerate(self._doc_stems):
                for s in present:
                    docs_of[s].append(doc)
            self._docs_of = docs_of
            for s, docs in docs_of.items():
                if len(docs) > _MIN_SHARE:
                    self._impact(s)
        self._sorted = sorted(self._surfaces)

    def _doc_passages(self, doc: int) -> list[_Passage]:
        """A doc's passages as (field, text, stems, citation), for phrases and snippets.

        Made on first use: a search needs those of its top docs only, so the build does
        not split every passage (the words are all stemmed already)."""
        passages = self._passages[doc]
        if passages is None:
            cache = self._stem_cache
            stem_of = lambda raw: cache.get(raw) or self._stem_raw(raw)  # noqa: E731 - all are cached but ""
            passages = []
            for field, text, citation in self._raw_passages[doc]:
                if field != CITE and ("\n" in text or "  " in text or "\t" in text):
                    text = " ".join(text.split())
                words = raw_tokens(text)
                if words:
                    passages.append((field, text, tuple(map(stem_of, words)), citation))
            self._passages[doc] = passages
        return passages

    def _docs(self, s: str) -> list[int]:
        """The docs holding stem `s`: a small pack finds them on first use (a set lookup
        per doc), which keeps its build short; a big one inverted them at build."""
        docs = self._docs_of.get(s)
        if docs is None:
            if s not in self._df:
                return []
            docs = self._docs_of[s] = [d for d, present in enumerate(self._doc_stems) if s in present]
        return docs

    def _scores(self, s: str) -> dict[int, float]:
        """BM25F score of every doc holding stem `s` (computed on first use, then kept)."""
        scores = self._postings.get(s)
        if scores is not None:
            return scores
        docs = self._docs(s)
        if not docs:
            return {}
        n = len(self._ids)
        idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
        k1, k1p = _K1, _K1 + 1
        counts, norms = self._counts, self._norms
        scores = {}
        big = isinstance(counts[0][BODY], Counter) if counts else False
        for d in docs:
            title, names, body, cite = counts[d]
            norm = norms[d]
            t = (body[s] if s in body else 0) if big else body.count(s)
            t *= norm[BODY]
            bonus = 0.0
            if s in title:
                t += norm[TITLE]
                bonus = norm[4]
            if names and s in names:
                t += norm[NAMES]
            if s in cite:
                t += norm[CITE]
            scores[d] = idf * (t * k1p / (k1 + t) + bonus)
        self._postings[s] = scores
        return scores

    def _passage_texts(self, section: Section) -> Iterable[tuple[int, str, Citation | None]]:
        """Every searchable text of a section: (field, text, its own citation or None)."""
        yield TITLE, section.title, None
        if isinstance(section, Term):
            yield NAMES, section.term, None
            yield NAMES, section.expansion, None
        elif isinstance(section, Tier):
            for alias in section.aliases:
                yield NAMES, alias, None
            yield BODY, _in_words(section.population_min, section.population_max), None
        elif isinstance(section, Comparison):
            yield NAMES, f"{section.left} versus {section.right}", None
        for label, value in plain_fields(self.content, section):
            if isinstance(section, Term) and label == "Stands for":
                continue  # already a name
            yield BODY, f"{label}: {value}", None
        if isinstance(section, Event):
            parts = section.date.split("-")
            if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
                yield BODY, f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}", None
        for paragraph in section.paragraphs():
            yield BODY, paragraph, None
        for item in section.items:
            yield BODY, item, None
        if isinstance(section, PortabilityOption):
            for reason in section.reasons:
                yield BODY, reason, None
        if isinstance(section, Comparison):
            for row in section.rows:
                text = f"{row.aspect}. {section.left}: {row.left} {section.right}: {row.right}"
                if row.note:
                    text += f" Note: {row.note}"
                yield BODY, text, row.citations[0] if row.citations else None
        if isinstance(section, Ics):
            for fact in section.facts:
                yield BODY, fact.text, fact.citations[0] if fact.citations else None
        seen: set[Citation] = set()
        cited = list(section.citations)
        if isinstance(section, Ics):
            cited += [c for fact in section.facts for c in fact.citations]
        if isinstance(section, Comparison):
            cited += [c for row in section.rows for c in row.citations]
        for citation in cited:
            if citation not in seen:
                seen.add(citation)
                yield CITE, self.label(citation), citation

    def _find_synonyms(self, terms: list[Term]) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
        """Acronym <-> expansion pairs from the glossary, as stem sequences, both ways.

        A term counts when one part of it is an acronym ("PCN", "A&E", "FT / foundation
        trust") whose letters are the initials of consecutive words of the expansion or
        another part ("primary care network"); notes around the expansion are ignored.
        """
        out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for term in terms:
            parts = [p.strip() for p in term.term.split("/") if p.strip()]
            for part in parts:
                words = raw_tokens(part)
                if not words or not _is_acronym(part, words):
                    continue
                letters = "".join(fold(w) for w in words)
                self._acronyms.add(letters)
                if len(words) == 1:
                    self._acronyms.add(fold(words[0]))
                sources = [p for p in parts if p is not part] + re.split(r"[;()]", term.expansion)
                for source in sources:
                    span = _initials_span(letters, raw_tokens(source))
                    if span:
                        left = tuple(stem(fold(w), self._acronyms) for w in words)
                        right = tuple(stem(fold(w), self._acronyms) for w in span)
                        if left != right:
                            out.setdefault(left, []).append(right)
                            out.setdefault(right, []).append(left)
        return {k: list(dict.fromkeys(v)) for k, v in out.items()}

    # --- vocabulary lookups ---------------------------------------------------------

    def _completions(self, prefix: str) -> list[str]:
        """Stems of vocabulary words starting with `prefix`, most frequent first (a few)."""
        cap = 4 if len(prefix) == 1 else 10 if len(prefix) == 2 else 40
        lo = bisect_left(self._sorted, prefix)
        hi = bisect_left(self._sorted, prefix + "\U0010ffff", lo)
        if lo == hi:
            return []
        stems = {self._surfaces[w] for w in self._sorted[lo:hi]} - STOPWORDS
        if len(stems) > cap:
            df = self._df
            return heapq.nlargest(cap, stems, key=lambda s: (df[s], s))
        return sorted(stems, key=lambda s: (-self._df[s], s))

    def _typo_index(self) -> dict[str, list[str]]:
        """Deletion neighbourhood of the vocabulary, made on the first typo lookup.

        Keys are the first _TYPO_PREFIX letters of a word with up to 1 letter deleted (up to
        2 where the prefix starts a word of 6+ letters, the shortest that can be within 2
        edits of an 8-letter query word); values are the words with that prefix. Every word
        within the allowed distance of a query word shares a key with it (checked against
        brute force in the tests); candidates are then checked with the true distance.
        """
        if self._typo_table is None:
            by_prefix: dict[str, list[str]] = {}
            for word in self._surfaces:
                if len(word) >= 4 and word.isalpha():
                    by_prefix.setdefault(word[:_TYPO_PREFIX], []).append(word)
            table: dict[str, list[str]] = {}
            for prefix, words in by_prefix.items():
                depth = 2 if max(map(len, words)) >= 6 else 1
                for key in deletes(prefix, depth) | {prefix}:
                    found = table.get(key)
                    if found is None:
                        table[key] = list(words)
                    else:
                        found.extend(words)
            self._typo_table = table
        return self._typo_table

    def warm(self) -> "SearchIndex":
        """Do now what searches would otherwise do on first use: the typo table, and every
        word's postings and scores. About as long as `build`; the app calls it in the
        worker that builds the index, so the first keystrokes find everything ready."""
        with self._lock:
            self._typo_index()
            if len(self._docs_of) < len(self._df):
                docs_of: dict[str, list[int]] = {s: [] for s in self._df}
                for doc, present in enumerate(self._doc_stems):
                    for s in present:
                        docs_of[s].append(doc)
                self._docs_of = docs_of
            for s in self._df:
                self._scores(s)
        return self

    def _forget_queries(self) -> None:
        """Empty the per-query caches (for benchmarks that type the same queries twice)."""
        with self._lock:
            for cache in (self._clause_cache, self._query_cache, self._expansion_cache, self._snippets, self._spans):
                cache.clear()

    def _typos(self, word: str) -> list[tuple[str, int]]:
        """(stem, distance) of vocabulary words within the typo allowance of `word`."""
        if len(word) < 5 or not word.isalpha():
            return []
        limit = 2 if len(word) >= 8 else 1
        table = self._typo_index()
        head = word[:_TYPO_PREFIX]
        seen: set[str] = set()
        found: dict[str, int] = {}
        for key in deletes(head, limit) | {head}:
            for candidate in table.get(key, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                d = osa_distance(word, candidate, limit)
                if 0 < d <= limit:
                    s = self._surfaces[candidate]
                    if d < found.get(s, limit + 1):
                        found[s] = d
        ranked = sorted(found.items(), key=lambda kv: (kv[1], -self._df[kv[0]], kv[0]))
        return ranked[:8]

    def _expand(self, word: str, prefix: bool) -> tuple[tuple[str, float], ...]:
        """What one query word matches: (stem, weight) pairs, the word itself first."""
        key = (word, prefix)
        cached = self._expansion_cache.hit(key)
        if cached is not None:
            return cached
        exact = self._stem_word(word)
        out: dict[str, float] = {}
        if exact in self._df:
            out[exact] = 1.0
        if prefix:
            for s in self._completions(word):
                out.setdefault(s, _COMPLETION_WEIGHT)
        if not out:
            for s, d in self._typos(word):
                out.setdefault(s, _TYPO_WEIGHT[d])
                if prefix and d == 1:  # "nottingam" is on its way to "nottinghamshire" too
                    for c in self._completions(min(self._by_stem().get(s, [s]), key=len))[:5]:
                        out.setdefault(c, _TYPO_WEIGHT[d] * _COMPLETION_WEIGHT)
        if not out:
            out[exact] = 1.0  # matches nothing, but keeps the word in the query
        return self._expansion_cache.put(key, tuple(out.items()))

    # --- parsing --------------------------------------------------------------------

    def _parse(self, query: str) -> _Query:
        query = query[:MAX_QUERY_CHARS]
        segments = _QUOTE_SPLIT.split(query)
        # (folded word, quoted-segment number or None); the last word is a prefix if the
        # query ends right after it (no space or closing quote yet)
        words: list[tuple[str, int | None]] = []
        last_open = False
        for number, segment in enumerate(segments):
            for start, end, raw in token_spans(segment):
                word = fold(raw)
                if word:
                    words.append((word, number if number % 2 else None))
                    last_open = number == len(segments) - 1 and end == len(segment)
        if len(words) > MAX_QUERY_WORDS:
            words, last_open = words[:MAX_QUERY_WORDS], False
        if not words:
            return _Query([], [], frozenset(), (), frozenset())
        last = len(words) - 1
        # a one-letter last word completes only when it is the whole query ("d" -> dorset...)
        expansions = [self._expand(w, prefix=(i == last and last_open and (len(w) > 1 or last == 0)))
                      for i, (w, _) in enumerate(words)]
        stems = [self._stem_word(w) for w, _ in words]
        all_stop = all(w in STOPWORDS for w, q in words if q is None)

        clauses: list[tuple[Clause, int, bool]] = []
        # word sequences that score higher where they stand together: two neighbouring
        # query words, with the small words dropped between them ("speed [of] trust")
        pairs: list[tuple[frozenset[str], ...]] = []
        previous: frozenset[str] | None = None
        between: list[frozenset[str]] = []
        phrases: list[tuple[frozenset[str], ...]] = []
        i = 0
        while i < len(words):
            word, quoted = words[i]
            if quoted is not None:
                j = i
                while j < len(words) and words[j][1] == quoted:
                    j += 1
                positions = tuple(expansions[i:j])
                if len(positions) == 1:
                    clauses.append((("term", positions[0]), 1, False))
                else:
                    clauses.append((("phrase", positions), j - i, False))
                    phrases.append(tuple(frozenset(s for s, _ in p) for p in positions))
                previous, between = None, []
                i = j
                continue
            match = self._synonym_at(words, stems, expansions, i, last_open)
            if match:
                j, alternatives = match
                group = tuple(("term", expansions[k]) for k in range(i, j) if words[k][0] not in STOPWORDS) or tuple(
                    ("term", expansions[k]) for k in range(i, j))
                alts = tuple(("term", ((alt[0], _SYNONYM_WEIGHT),)) if len(alt) == 1 else
                             ("phrase", tuple(((s, _SYNONYM_WEIGHT),) for s in alt)) for alt in alternatives)
                clauses.append((("syn", group, alts), len(group), False))
                for alt in alternatives:
                    if len(alt) > 1:
                        phrases.append(tuple(frozenset((s,)) for s in alt))
                previous, between = None, []
                i = j
                continue
            is_stop = word in STOPWORDS and not all_stop
            if is_stop and i != last:
                between.append(frozenset((stems[i],)))
                i += 1
                continue
            clauses.append((("term", expansions[i]), 1, is_stop))
            if not is_stop:
                current = frozenset(s for s, _ in expansions[i])
                if previous is not None and len(between) <= 2:
                    pairs.append((previous, *between, current))
                previous, between = current, []
            i += 1
        singles = frozenset().union(*(_single_stems(c) for c, _, _ in clauses))
        phrases = list(dict.fromkeys(phrases))
        every = singles.union(*(x for phrase in phrases for x in phrase))
        return _Query(clauses, pairs, singles, tuple(phrases), every)

    def _synonym_heads(self) -> dict[tuple[str, ...], list[tuple[str, list[tuple[str, ...]]]]]:
        """Synonym sequences by all but their last word, for matching one still being typed."""
        if self._heads is None:
            heads: dict[tuple[str, ...], list[tuple[str, list[tuple[str, ...]]]]] = {}
            for seq, alternatives in self._synonyms.items():
                heads.setdefault(seq[:-1], []).append((seq[-1], alternatives))
            self._heads = heads
        return self._heads

    def _synonym_at(self, words, stems, expansions, i, last_open):  # noqa: ANN001, ANN202
        """The longest glossary sequence starting at word i: (end, [synonym sequences])."""
        if not self._synonyms:
            return None
        best = None
        last = len(words) - 1
        for j in range(min(len(words), i + 8), i, -1):
            if any(words[k][1] is not None for k in range(i, j)):
                continue
            seq = tuple(stems[i:j])
            found = self._synonyms.get(seq)
            if found is None and j - 1 == last and last_open:
                # the last word is still being typed: "primary care netw"
                tail = words[last][0]
                if len(tail) >= 2:
                    found = next((v for end, v in self._synonym_heads().get(seq[:-1], ()) if end.startswith(tail)), None)
            if found:
                best = (j, found)
                break
        return best

    # --- scoring --------------------------------------------------------------------

    def _impact(self, s: str) -> list[tuple[int, float]]:
        """Stem `s`'s postings, best score first (sorted on first use, or at build if long)."""
        ranked = self._ranked.get(s)
        if ranked is None:
            ranked = self._ranked[s] = sorted(self._scores(s).items(), key=_by_score, reverse=True)
        return ranked

    def _term_scores(self, expansions: tuple[tuple[str, float], ...]) -> dict[int, float]:
        """Best weighted score per doc over a word's expansions.

        In a big pack, long postings are cut to their best _CLAUSE_DOCS (shared among the
        expansions), so a keystroke costs about the same whatever the size of the content;
        `_rank` then rescores its best candidates exactly.
        """
        out: dict[int, float] = {}
        if len(self._ids) < _EAGER_DOCS:
            share = len(self._ids)  # a small pack reads every posting
        else:
            share = max(_CLAUSE_DOCS // len(expansions), _MIN_SHARE) if expansions else 0
        for s, w in expansions:
            df = self._df.get(s)
            if not df:
                continue
            if df > share:
                self._truncated = True
                items: Iterable[tuple[int, float]] = self._impact(s)[:share]
            else:
                items = self._scores(s).items()
            if not out:
                out = dict(items) if w == 1.0 else {d: v * w for d, v in items}
                continue
            get = out.get
            for d, v in items:
                v *= w
                if v > get(d, 0.0):
                    out[d] = v
        return out

    def _exact_term(self, expansions: tuple[tuple[str, float], ...], doc: int) -> float:
        best = 0.0
        for s, w in expansions:
            v = self._scores(s).get(doc)
            if v is not None and v * w > best:
                best = v * w
        return best

    def _phrase_scores(self, positions: tuple[tuple[tuple[str, float], ...], ...]) -> dict[int, float]:
        parts = [self._term_scores(p) for p in positions]
        if not all(parts):
            return {}
        smallest = min(parts, key=len)
        candidates = [d for d in smallest if all(d in p for p in parts)]
        if len(candidates) > _PHRASE_VERIFY:
            candidates = heapq.nlargest(_PHRASE_VERIFY, candidates, key=lambda d: sum(p[d] for p in parts))
        sets = [frozenset(s for s, _ in p) for p in positions]
        out = {}
        for d in candidates:
            if any(_has_sequence(p[2], sets) for p in self._doc_passages(d)):
                out[d] = sum(p[d] for p in parts)
        return out

    def _clause_scores(self, clause: Clause) -> tuple[dict[int, float], dict[int, int] | None, bool]:
        """Scores of one clause, how many query words each doc covers (None: all of them),
        and whether long postings were cut short on the way."""
        cached = self._clause_cache.hit(clause)
        if cached is not None:
            return cached
        kind = clause[0]
        cover: dict[int, int] | None = None
        self._truncated = False
        if kind == "term":
            scores = self._term_scores(clause[1])
            truncated = self._truncated
        elif kind == "phrase":
            scores = self._phrase_scores(clause[1])
            truncated = self._truncated
        else:
            _, group, alts = clause
            scores, cover, truncated = {}, {}, False
            for sub in group:
                sub_scores, _, cut = self._clause_scores(sub)
                truncated |= cut
                for d, v in sub_scores.items():
                    scores[d] = scores.get(d, 0.0) + v
                    cover[d] = cover.get(d, 0) + 1
            full = len(group)
            for alt in alts:
                alt_scores, _, cut = self._clause_scores(alt)
                truncated |= cut
                for d, v in alt_scores.items():
                    if v > scores.get(d, 0.0) or cover.get(d, 0) < full:
                        scores[d] = max(v, scores.get(d, 0.0))
                        cover[d] = full
        return self._clause_cache.put(clause, (scores, cover, truncated))

    def _exact_clause(self, clause: Clause, size: int, doc: int) -> tuple[float, int]:
        """A clause's exact score and coverage for one doc (long postings read in full)."""
        kind = clause[0]
        if kind == "term":
            v = self._exact_term(clause[1], doc)
            return v, (size if v > 0 else 0)
        if kind == "phrase":
            v = self._clause_scores(clause)[0].get(doc, 0.0)
            return v, (size if v > 0 else 0)
        _, group, alts = clause
        total, cover = 0.0, 0
        for sub in group:
            v, c = self._exact_clause(sub, 1, doc)
            total, cover = total + v, cover + c
        for alt in alts:
            v, _ = self._exact_clause(alt, 1, doc)
            if v > 0 and (v > total or cover < len(group)):
                total, cover = max(v, total), len(group)
        return total, cover

    def _rank(self, parsed: _Query, limit: int) -> list[tuple[float, int]]:
        total = sum(size for _, size, optional in parsed.clauses if not optional)
        score: dict[int, float] = {}
        covered: dict[int, int] = {}
        truncated = False
        for clause, size, optional in parsed.clauses:
            scores, cover, cut = self._clause_scores(clause)
            truncated |= cut
            get = score.get
            for d, v in scores.items():
                score[d] = get(d, 0.0) + v
            if optional:
                continue
            cget = covered.get
            if cover is None:
                for d in scores:
                    covered[d] = cget(d, 0) + size
            else:
                for d, c in cover.items():
                    covered[d] = cget(d, 0) + c
        if not score:
            return []
        if total:
            final = {d: v * (covered.get(d, 0) / total) ** 2 for d, v in score.items()}
        else:
            final = score
        if truncated:
            # long postings were cut: rescore the best candidates exactly, words they lacked
            # in the cut lists included
            pool = heapq.nlargest(limit + _RESCORE, final.items(), key=_by_score_then_doc)
            final = {}
            for d, _ in pool:
                v, c = 0.0, 0
                for clause, size, optional in parsed.clauses:
                    x, y = self._exact_clause(clause, size, d)
                    v += x
                    c += 0 if optional else y
                final[d] = v * (c / total) ** 2 if total else v
        top = [kv for kv in heapq.nlargest(limit + 10, final.items(), key=_by_score_then_doc) if kv[1] > 0]
        if parsed.pairs:
            boosted = []
            for d, v in top:
                found = 0
                present = self._doc_stems[d]
                for sequence in parsed.pairs:
                    first, last = sequence[0], sequence[-1]
                    if first.isdisjoint(present) or last.isdisjoint(present):
                        continue
                    for _, _, st, _ in self._doc_passages(d):
                        if not first.isdisjoint(st) and _has_sequence(st, sequence):
                            found += 1
                            break
                boosted.append((d, v * (1 + _PROXIMITY * found / len(parsed.pairs))))
            top = boosted
        top.sort(key=lambda kv: (-kv[1], kv[0]))
        return [(v, d) for d, v in top[:limit]]

    # --- public API -----------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best `limit` sections for `query`, best first. Never raises for a str."""
        if not isinstance(query, str) or not query.strip() or limit <= 0:
            return []
        limit = min(int(limit), 500)
        with self._lock:
            key = (query[:MAX_QUERY_CHARS], limit)
            cached = self._query_cache.hit(key)
            if cached is not None:
                return list(cached)
            parsed = self._parse(query)
            if not parsed.clauses:
                return []
            hits = [self._hit(d, v, parsed) for v, d in self._rank(parsed, limit)]
            self._query_cache.put(key, tuple(hits))
            return hits

    def terms(self, query: str) -> list[str]:
        """The folded words and phrases `query` matches, to highlight in an opened section."""
        if not isinstance(query, str) or not query.strip():
            return []
        with self._lock:
            parsed = self._parse(query)
            out: list[str] = []
            for s in sorted(parsed.singles):
                out.extend(sorted(self._by_stem().get(s, [s])))
            for phrase in parsed.phrases:
                out.append(" ".join(min(min(self._by_stem().get(s, [s])) for s in p) for p in phrase))
            return list(dict.fromkeys(out))

    def highlight_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """(start, end) of every word or phrase in `text` that `query` matches."""
        if not isinstance(text, str) or not isinstance(query, str) or not text or not query.strip():
            return []
        with self._lock:
            parsed = self._parse(query)
            spans = token_spans(text)
            lookup = self._stem_cache.get
            return _mark(spans, [lookup(w) or self._stem_raw(w) for _, _, w in spans], parsed.singles, parsed.phrases)

    # --- hits -----------------------------------------------------------------------

    def _hit(self, doc: int, score: float, parsed: _Query) -> Hit:
        section = self.content.sections[self._ids[doc]]
        snippet, marks, citation = self._snippet(doc, parsed)
        if citation is None:
            citation = section.citations[0] if section.citations else None
        label = self.label(citation) if citation is not None else ""
        content = self.content
        return Hit(section.id, section.title, score, snippet, marks, label,
                   render=lambda: section_text(content, section))

    def _snippet(self, doc: int, parsed: _Query) -> tuple[str, tuple[tuple[int, int], ...], Citation | None]:
        """About SNIPPET_CHARS of the passage that matches best, its marks and citation.

        Cached by what the query matches in this doc, so while a word is typed the snippet
        is made again only when the doc's own matches change."""
        present = self._doc_stems[doc]
        singles = parsed.singles.intersection(present)
        phrases = tuple(p for p in (tuple(position.intersection(present) for position in phrase)
                                    for phrase in parsed.phrases) if all(p))
        key = (doc, singles, phrases)
        found = self._snippets.hit(key)
        if found is None:
            found = self._snippets.put(key, self._make_snippet(doc, singles, phrases))
        return found

    def _make_snippet(self, doc: int, singles: frozenset[str], phrases: tuple) -> tuple[str, tuple[tuple[int, int], ...], Citation | None]:
        """Prefer a body passage; a name the title already shows, or a citation when the
        title matches, gives way to the start of the body."""
        passages = self._doc_passages(doc)
        best, best_score, best_cite, cite_score, title_hit = -1, 0.0, -1, 0.0, False
        idf = self._idf
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
                if all(not p.isdisjoint(found) for p in phrase) and _has_sequence(stems, phrase):
                    value += sum(idf(min(p)) for p in phrase)
            if field == CITE:
                if value > cite_score:
                    best_cite, cite_score = number, value
                continue
            if field == NAMES:
                value *= 0.5
            if value > best_score:
                best, best_score = number, value
        if best >= 0 and passages[best][0] == NAMES:
            title = next((p[1] for p in passages if p[0] == TITLE), "")
            if _fold_text(passages[best][1]) in _fold_text(title):
                best = -1  # a name the title already shows
        if best < 0 and not title_hit:
            best = best_cite
        if best < 0:
            passage = next((p for p in passages if p[0] == BODY), passages[0] if passages else None)
            if passage is None:
                return "", (), None
            return _cut(passage[1], 0, SNIPPET_CHARS)[0], (), passage[3]
        _, text, stems, citation = passages[best]
        spans = self._spans.hit((doc, best))
        if spans is None:
            spans = self._spans.put((doc, best), token_spans(text))
        marks = _mark(spans, stems, singles, phrases)
        snippet, shift = _window(text, marks)
        inside = tuple((a - shift, b - shift) for a, b in marks if a >= shift and b - shift <= len(snippet))
        return snippet, inside, citation

    def _idf(self, s: str) -> float:
        value = self._idfs.get(s)
        if value is None:
            n = self._df.get(s, 0)
            value = self._idfs[s] = math.log(1 + (len(self._ids) - n + 0.5) / (n + 0.5)) if n else 0.0
        return value


# --- helpers -------------------------------------------------------------------------


def _by_score(item: tuple[int, float]) -> float:
    return item[1]


def _by_score_then_doc(item: tuple[int, float]) -> tuple[float, int]:
    return item[1], -item[0]


def _has_sequence(stems: tuple[str, ...], sets) -> bool:  # noqa: ANN001
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


def _mark(spans: list[tuple[int, int, str]], stems: tuple[str, ...] | list[str], singles: frozenset[str],
          phrases: tuple[tuple[frozenset[str], ...], ...]) -> list[tuple[int, int]]:
    """Character spans of the matched words and phrases, given a text's token spans and stems."""
    out = [(a, b) for (a, b, _), s in zip(spans, stems) if s in singles] if not singles.isdisjoint(stems) else []
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


def _cut(text: str, start: int, end: int) -> tuple[str, int]:
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


def _window(text: str, marks: list[tuple[int, int]]) -> tuple[str, int]:
    """About SNIPPET_CHARS of `text` around the densest run of marks."""
    if len(text) <= SNIPPET_CHARS or not marks:
        return _cut(text, 0, SNIPPET_CHARS)
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
    return _cut(text, start, start + SNIPPET_CHARS)


def _fold_raw(raw: str) -> str:
    """`fold`, with a fast path for plain ASCII words."""
    return raw.lower() if raw.isascii() and "'" not in raw and "," not in raw else fold(raw)


def _fold_text(text: str) -> str:
    return " ".join(fold(w) for w in raw_tokens(text))


def _in_words(low: int, high: int | None) -> str:
    """A population as people say it: '5 million to 10 million people', '50 thousand people'."""

    def say(n: int) -> str:
        if n >= 1_000_000 and n % 100_000 == 0:
            return f"{n / 1_000_000:g} million"
        if n >= 1000 and n % 1000 == 0:
            return f"{n // 1000} thousand"
        return str(n)

    return f"{say(low)} to {say(high)} people" if high is not None else f"over {say(low)} people"


def _is_acronym(part: str, words: list[str]) -> bool:
    letters = "".join(words)
    return 2 <= len(letters) <= 6 and letters.isalnum() and any(c.isalpha() for c in letters) and \
        all(c.isupper() or c.isdigit() for c in letters)


def _initials_span(letters: str, words: list[str]) -> list[str] | None:
    """The first run of consecutive `words` whose initials spell `letters` ("dhsc" in
    "Department of Health and Social Care"); words in capitals give all their letters,
    small joining words may be skipped."""
    folded = [fold(w) for w in words]

    def match(k: int, pos: int) -> int | None:
        # returns the index after the last word used, or None
        if pos == len(letters):
            return k
        if k >= len(words):
            return None
        w, f = words[k], folded[k]
        if not f:
            return None
        options = []
        if w.isupper() and len(f) > 1 and letters.startswith(f, pos):
            options.append(pos + len(f))
        if f[0] == letters[pos]:
            options.append(pos + 1)
        for nxt in options:
            end = match(k + 1, nxt)
            if end is not None:
                return end
        if f in STOPWORDS and pos > 0:
            return match(k + 1, pos)
        return None

    for start in range(len(words)):
        if folded[start] in STOPWORDS:
            continue
        end = match(start, 0)
        if end is not None:
            return words[start:end]
    return None
