"""The inverted index: which docs hold each stem, and their BM25F scores.

A doc is one section. Each doc's words are counted per field (title, names, body,
citation labels); a stem's postings (doc -> score) are computed on first use, or at
build for a big pack, where long postings are also sorted best first so a keystroke
reads only the head of them.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import chain
from typing import Callable, NamedTuple, Union

from ics_tui.core.model import Citation, Content, Section
from ics_tui.core.search.passages import CITE, Passage, RawPassage, passage_texts
from ics_tui.core.search.text import raw_tokens
from ics_tui.core.search.vocabulary import Vocabulary

# Fields and their BM25F weights (w) and length normalisation (b), in field order.
_W = (2.0, 2.0, 1.0, 0.3)
_B = (0.3, 0.5, 0.75, 0.5)
K1 = 1.2
TITLE_BONUS = 1.2  # added outside saturation, so a word in the title counts clearly
EAGER_DOCS = 2000  # packs this big score and sort their long postings at build
MIN_SHARE = 60  # a query word reads at least this many postings of each of its expansions


class FieldNorms(NamedTuple):
    """Per doc: each field's BM25F weight over its length norm, and the title bonus."""

    title: float
    names: float
    body: float
    cite: float
    title_bonus: float


# A doc's stems per field: title, names, body (counted in a big pack), citation labels.
FieldStems = tuple[list[str], list[str], Union[list[str], "Counter[str]"], list[str]]


class Postings:
    """Docs, their stems and field norms, and each stem's scored postings."""

    def __init__(
        self, content: Content, vocabulary: Vocabulary, label: Callable[[Citation], str]
    ) -> None:
        self.content = content
        self.vocabulary = vocabulary
        self.ids: list[str] = []
        self.raw_passages: list[list[RawPassage]] = []
        self.passages: list[list[Passage] | None] = []  # per doc, made from those on first use
        self.df: Counter[str] = Counter()  # stem -> how many docs hold it
        self.doc_stems: list[set[str]] = []  # per doc: every stem it holds
        self.docs_of: dict[str, list[int]] = {}  # stem -> the docs holding it (filled as needed)
        self.counts: list[FieldStems] = []
        # per doc, FieldNorms' values as a plain tuple: the scoring loop unpacks them by name,
        # and CPython unpacks an exact tuple faster than a NamedTuple (about 1.3x on `warm`)
        self.norms: list[tuple[float, float, float, float, float]] = []
        self.scored: dict[str, dict[int, float]] = {}  # stem -> doc -> score, made on first use
        self.ranked: dict[str, list[tuple[int, float]]] = {}  # stem -> postings, best first
        self.idfs: dict[str, float] = {}
        self.overviews: frozenset[int] = frozenset()  # docs that list a set of others
        self._label = label

    @property
    def big(self) -> bool:
        """Whether this pack is big enough to score eagerly and cut long postings."""
        return len(self.ids) >= EAGER_DOCS

    def build(self) -> None:
        self._read()
        self.overviews = frozenset(
            d for d, section in enumerate(self.content) if is_overview(self.content, section)
        )
        if self.big:  # invert it, score and sort long postings now, not mid-keystroke
            self.invert()
            for s, docs in self.docs_of.items():
                if len(docs) > MIN_SHARE:
                    self.impact(s)

    def _read(self) -> None:
        """Per doc, the words of each field as written: a field's passages are tokenized
        together (words never run across the space that joins them), citation labels once
        each; the distinct words are then stemmed once, together. Passages are split into
        stems only when a search first needs a doc's (`doc_passages`)."""
        label_words: dict[str, list[str]] = {}
        docs: list[tuple[list[str], ...]] = []
        distinct: set[str] = set()
        for section in self.content:
            self.ids.append(section.id)
            found = list(passage_texts(self.content, section, self._label))
            self.raw_passages.append(found)
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
        self.passages = [None] * len(docs)
        self.vocabulary.stem_all(distinct)
        self._count(docs)

    def _count(self, docs: list[tuple[list[str], ...]]) -> None:
        """Per doc: word counts for the body, presence for the short fields; the norms."""
        stem_of = self.vocabulary.stem_cache.__getitem__
        big = len(self.ids) >= EAGER_DOCS
        lengths: list[tuple[int, int, int, int]] = []
        for field_words in docs:
            title, names, body, cite = (list(map(stem_of, words)) for words in field_words)
            # a big pack counts its body words now (it scores everything at build); a small
            # one counts a word's occurrences when the word is first scored
            self.counts.append((title, names, Counter(body) if big else body, cite))
            lengths.append((len(title), len(names), len(body), len(cite)))
            present = set(body)
            present.update(title, names, cite)
            self.doc_stems.append(present)
        self.df = Counter(chain.from_iterable(self.doc_stems))
        self.vocabulary.df = self.df
        n = len(self.ids) or 1
        avg = [max(1.0, sum(lens[f] for lens in lengths) / n) for f in range(4)]
        self.norms = [_field_norms(lens, avg) for lens in lengths]

    def field_norms(self, doc: int) -> FieldNorms:
        """A doc's field norms, by name."""
        return FieldNorms(*self.norms[doc])

    def invert(self) -> None:
        """Find every stem's docs at once (a small pack finds each on first use)."""
        if len(self.docs_of) >= len(self.df):
            return
        docs_of: dict[str, list[int]] = {s: [] for s in self.df}
        for doc, present in enumerate(self.doc_stems):
            for s in present:
                docs_of[s].append(doc)
        self.docs_of = docs_of

    def doc_passages(self, doc: int) -> list[Passage]:
        """A doc's passages, for phrases and snippets.

        Made on first use: a search needs those of its top docs only, so the build does
        not split every passage (the words are all stemmed already)."""
        passages = self.passages[doc]
        if passages is None:
            stem_of = self.vocabulary.stem_of
            passages = []
            for field, text, citation in self.raw_passages[doc]:
                if field != CITE and ("\n" in text or "  " in text or "\t" in text):
                    text = " ".join(text.split())
                words = raw_tokens(text)
                if words:
                    passages.append(Passage(field, text, tuple(map(stem_of, words)), citation))
            self.passages[doc] = passages
        return passages

    def docs(self, s: str) -> list[int]:
        """The docs holding stem `s`: a small pack finds them on first use (a set lookup
        per doc), which keeps its build short; a big one inverted them at build."""
        docs = self.docs_of.get(s)
        if docs is None:
            if s not in self.df:
                return []
            docs = self.docs_of[s] = [d for d, present in enumerate(self.doc_stems) if s in present]
        return docs

    def scores(self, s: str) -> dict[int, float]:
        """BM25F score of every doc holding stem `s` (computed on first use, then kept)."""
        scores = self.scored.get(s)
        if scores is not None:
            return scores
        docs = self.docs(s)
        if not docs:
            return {}
        n = len(self.ids)
        idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
        k1, k1p = K1, K1 + 1
        counts, norms = self.counts, self.norms
        scores = {}
        counted = self.big  # a big pack counted its body words at build
        for d in docs:
            title, names, body, cite = counts[d]
            # fields by position, as FieldNorms names them: the hottest loop of a build
            w_title, w_names, w_body, w_cite, title_bonus = norms[d]
            t: float = (body[s] if s in body else 0) if counted else body.count(s)  # type: ignore[call-overload,union-attr]
            t *= w_body
            bonus = 0.0
            if s in title:
                t += w_title
                bonus = title_bonus
            if names and s in names:
                t += w_names
            if s in cite:
                t += w_cite
            scores[d] = idf * (t * k1p / (k1 + t) + bonus)
        self.scored[s] = scores
        return scores

    def impact(self, s: str) -> list[tuple[int, float]]:
        """Stem `s`'s postings, best score first (sorted on first use, or at build if long)."""
        ranked = self.ranked.get(s)
        if ranked is None:
            ranked = self.ranked[s] = sorted(self.scores(s).items(), key=_by_score, reverse=True)
        return ranked

    def idf(self, s: str) -> float:
        value = self.idfs.get(s)
        if value is None:
            n = self.df.get(s, 0)
            value = self.idfs[s] = math.log(1 + (len(self.ids) - n + 0.5) / (n + 0.5)) if n else 0.0
        return value

    def warm(self) -> None:
        """Every stem's docs and scores, now."""
        self.invert()
        for s in self.df:
            self.scores(s)


def _field_norms(
    lens: tuple[int, int, int, int], avg: list[float]
) -> tuple[float, float, float, float, float]:
    title, names, body, cite = (_W[f] / (1 - _B[f] + _B[f] * lens[f] / avg[f]) for f in range(4))
    return (title, names, body, cite, TITLE_BONUS / (0.5 + 0.5 * lens[0] / avg[0]))


def _by_score(item: tuple[int, float]) -> float:
    return item[1]


def is_overview(content: Content, section: Section) -> bool:
    """Whether a section presents a set as a whole: its `see_also` names at least three
    others, all of one kind or one group, and it has items of its own (the list)."""
    members = [content.sections[s] for s in section.see_also if s in content.sections]
    if len(members) < 3 or len(section.items) < 2:
        return False
    return len({m.kind for m in members}) == 1 or len({m.group for m in members}) == 1
