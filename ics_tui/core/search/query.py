"""A query string parsed into typed clauses.

Each clause is a frozen, hashable value, so its evaluation can be cached between
keystrokes: typing "dorset m", "dorset me", ... re-uses the scores for "dorset".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ics_tui.core.search.text import STOPWORDS, fold, token_spans
from ics_tui.core.search.vocabulary import Expansions, Vocabulary

MAX_QUERY_CHARS = 256
MAX_QUERY_WORDS = 12
SYNONYM_WEIGHT = 0.9
_QUOTES = '"“”„«»'
_QUOTE_SPLIT = re.compile(f"[{_QUOTES}]")


@dataclass(frozen=True, slots=True)
class TermClause:
    """Any of these words: (stem, weight) of each expansion of one query word."""

    expansions: Expansions


@dataclass(frozen=True, slots=True)
class PhraseClause:
    """These words, consecutively: one expansion tuple per position."""

    positions: tuple[Expansions, ...]


@dataclass(frozen=True, slots=True)
class SynonymClause:
    """The words of `group`, or any one of `alternatives` (a glossary acronym or expansion)."""

    group: tuple[TermClause, ...]
    alternatives: tuple[TermClause | PhraseClause, ...]


Clause = Union[TermClause, PhraseClause, SynonymClause]


@dataclass(frozen=True, slots=True)
class QueryPart:
    """A clause, how many query words it covers, and whether it may be missing (a small
    word that ends the query)."""

    clause: Clause
    size: int
    optional: bool = False


Sequence_ = tuple[frozenset[str], ...]  # stems allowed at each position of a word sequence


@dataclass(frozen=True)
class ParsedQuery:
    parts: tuple[QueryPart, ...]
    pairs: tuple[Sequence_, ...] = ()  # neighbouring query words, for proximity
    singles: frozenset[str] = frozenset()  # stems to mark wherever they stand
    phrases: tuple[Sequence_, ...] = ()  # stem sequences to mark only together
    every: frozenset[str] = frozenset()  # all stems of both


def single_stems(clause: Clause) -> frozenset[str]:
    """Stems a clause matches as single words (phrase parts are marked only together)."""
    if isinstance(clause, TermClause):
        return frozenset(s for s, _ in clause.expansions)
    if isinstance(clause, PhraseClause):
        return frozenset()
    return frozenset().union(*(single_stems(c) for c in clause.group + clause.alternatives))


@dataclass
class _Words:
    """The query's words: (folded word, quoted-segment number or None), whether the last
    is still being typed, their expansions and stems."""

    words: list[tuple[str, int | None]]
    last_open: bool
    expansions: list[Expansions]
    stems: list[str]


class QueryParser:
    """Turns query strings into `ParsedQuery` values against one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def words(self, query: str) -> tuple[list[tuple[str, int | None]], bool]:
        """(folded word, quoted-segment number or None) per word, and whether the last
        word is a prefix (the query ends right after it: no space or closing quote yet)."""
        segments = _QUOTE_SPLIT.split(query[:MAX_QUERY_CHARS])
        words: list[tuple[str, int | None]] = []
        last_open = False
        for number, segment in enumerate(segments):
            for _, end, raw in token_spans(segment):
                word = fold(raw)
                if word:
                    words.append((word, number if number % 2 else None))
                    last_open = number == len(segments) - 1 and end == len(segment)
        if len(words) > MAX_QUERY_WORDS:
            words, last_open = words[:MAX_QUERY_WORDS], False
        return words, last_open

    def parse(self, query: str) -> ParsedQuery:
        words, last_open = self.words(query)
        return self.parse_words(words, last_open)

    def parse_words(self, words: list[tuple[str, int | None]], last_open: bool) -> ParsedQuery:
        if not words:
            return ParsedQuery(())
        vocabulary = self.vocabulary
        last = len(words) - 1
        # a one-letter last word completes only when it is the whole query ("d" -> dorset...)
        expansions = [vocabulary.expand(w, prefix=(i == last and last_open and (len(w) > 1 or last == 0)))
                      for i, (w, _) in enumerate(words)]
        stems = [vocabulary.stem_word(w) for w, _ in words]
        state = _Words(words, last_open, expansions, stems)
        return _Builder(vocabulary, state).run()


class _Builder:
    """One parse: walks the words, making clauses, proximity pairs and phrases."""

    def __init__(self, vocabulary: Vocabulary, state: _Words) -> None:
        self.vocabulary = vocabulary
        self.s = state
        self.parts: list[QueryPart] = []
        # word sequences that score higher where they stand together: two neighbouring
        # query words, with the small words dropped between them ("speed [of] trust")
        self.pairs: list[Sequence_] = []
        self.phrases: list[Sequence_] = []
        self.previous: frozenset[str] | None = None
        self.between: list[frozenset[str]] = []
        self.all_stop = all(w in STOPWORDS for w, q in state.words if q is None)

    def run(self) -> ParsedQuery:
        i = 0
        words = self.s.words
        while i < len(words):
            if words[i][1] is not None:
                i = self.quoted(i)
                continue
            match = self.vocabulary.synonym_at(words, self.s.stems, i, self.s.last_open)
            if match:
                i = self.synonym(i, *match)
                continue
            i = self.word(i)
        singles = frozenset().union(*(single_stems(p.clause) for p in self.parts))
        phrases = tuple(dict.fromkeys(self.phrases))
        every = singles.union(*(x for phrase in phrases for x in phrase))
        return ParsedQuery(tuple(self.parts), tuple(self.pairs), singles, phrases, every)

    def quoted(self, i: int) -> int:
        words, expansions = self.s.words, self.s.expansions
        quoted = words[i][1]
        j = i
        while j < len(words) and words[j][1] == quoted:
            j += 1
        positions = tuple(expansions[i:j])
        if len(positions) == 1:
            self.parts.append(QueryPart(TermClause(positions[0]), 1))
        else:
            self.parts.append(QueryPart(PhraseClause(positions), j - i))
            self.phrases.append(tuple(frozenset(s for s, _ in p) for p in positions))
        self.previous, self.between = None, []
        return j

    def synonym(self, i: int, j: int, alternatives: list[tuple[str, ...]]) -> int:
        words, expansions = self.s.words, self.s.expansions
        group = tuple(TermClause(expansions[k]) for k in range(i, j) if words[k][0] not in STOPWORDS) or tuple(
            TermClause(expansions[k]) for k in range(i, j))
        alts = tuple(TermClause(((alt[0], SYNONYM_WEIGHT),)) if len(alt) == 1 else
                     PhraseClause(tuple(((s, SYNONYM_WEIGHT),) for s in alt)) for alt in alternatives)
        self.parts.append(QueryPart(SynonymClause(group, alts), len(group)))
        for alt in alternatives:
            if len(alt) > 1:
                self.phrases.append(tuple(frozenset((s,)) for s in alt))
        self.previous, self.between = None, []
        return j

    def word(self, i: int) -> int:
        words, expansions, stems = self.s.words, self.s.expansions, self.s.stems
        last = len(words) - 1
        is_stop = words[i][0] in STOPWORDS and not self.all_stop
        if is_stop and i != last:
            self.between.append(frozenset((stems[i],)))
            return i + 1
        self.parts.append(QueryPart(TermClause(expansions[i]), 1, is_stop))
        if not is_stop:
            current = frozenset(s for s, _ in expansions[i])
            if self.previous is not None and len(self.between) <= 2:
                self.pairs.append((self.previous, *self.between, current))
            self.previous, self.between = current, []
        return i + 1
