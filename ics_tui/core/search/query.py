"""A query string parsed into typed clauses.

Each clause is a frozen, hashable value, so its evaluation can be cached between
keystrokes: typing "dorset m", "dorset me", ... re-uses the scores for "dorset".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Union

from ics_tui.core.search.text import STOPWORDS, fold, token_spans
from ics_tui.core.search.vocabulary import Expansions, Vocabulary

MAX_QUERY_CHARS = 256
MAX_QUERY_WORDS = 12
SYNONYM_WEIGHT = 0.9
_QUOTES = '"“”„«»'
_QUOTE_SPLIT = re.compile(f"[{_QUOTES}]")
# Scopes written in the query: "doc:report", "kind:glossary" (also "in:" and "type:").
_SCOPE = re.compile(r"(?<![^\s(])(doc|in|kind|type):([^\s:)]*)", re.IGNORECASE)
SCOPE_KEYS = {"doc": "doc", "in": "doc", "kind": "kind", "type": "kind"}

# Questions: words that open one, and the filler that follows, which should not drive
# ranking ("how many ICSs", "what did the Committee say about STPs").
QUESTION_WORDS = frozenset(
    "how what which who why when where is are do does did can could "
    "should tell explain list show give".split()
)
FILLER = frozenset(
    "many much did say says said about tell me us explain mean means meant "
    "please there think thinks view views stance position say anything know "
    "give list show all any documents document".split()
)
# Questions about a set as a whole, which its overview answers best.
COUNT_WORDS = (
    ("how", "many"),
    ("how", "much"),
    ("number", "of"),
    ("list",),
    ("all", "the"),
    ("what", "are", "the"),
    ("which", "are", "the"),
)
_COUNT_FIRST = frozenset(words[0] for words in COUNT_WORDS)
# Who is asking whom, in a question: "the Committee" or "the report" means the report.
QUESTION_SCOPES = {"committee": "report", "report": "report", "bma": "bma", "briefing": "bma"}
# A query that starts by naming a document asks within it: "bma conclusion", "committee
# legislation" (the word itself then does not drive ranking).
DOCUMENT_WORDS = {"bma": "bma", "briefing": "bma", "committee": "report"}
VERSUS = frozenset({"vs", "versus", "v"})


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
class Scope:
    """A restriction written in the query: `doc:report` is Scope("doc", "report")."""

    key: str  # "doc" or "kind"
    value: str  # as typed, folded
    asked: bool = False  # read from a question ("what did the Committee say"), not written

    def __str__(self) -> str:
        return f"{self.key}:{self.value}"


@dataclass(frozen=True)
class ParsedQuery:
    parts: tuple[QueryPart, ...]
    pairs: tuple[Sequence_, ...] = ()  # neighbouring query words, for proximity
    singles: frozenset[str] = frozenset()  # stems to mark wherever they stand
    phrases: tuple[Sequence_, ...] = ()  # stem sequences to mark only together
    every: frozenset[str] = frozenset()  # all stems of both
    scopes: tuple[Scope, ...] = ()
    versus: tuple[frozenset[str], frozenset[str]] | None = None  # "X vs Y": each side's stems
    counting: bool = False  # "how many ...": a question about a whole set
    content_stems: tuple[frozenset[str], ...] = ()  # each word that drives ranking: its stems
    words: tuple[str, ...] = ()  # the folded words that drive ranking, as typed


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

    @staticmethod
    def scopes(query: str) -> tuple[str, tuple[Scope, ...]]:
        """The query without its scopes, and the scopes ("doc:bma", "kind:glossary")."""
        found: list[Scope] = []

        def take(match: re.Match[str]) -> str:
            value = fold(match.group(2).strip("\"'")) if match.group(2) else ""
            if value:
                found.append(Scope(SCOPE_KEYS[match.group(1).lower()], value))
            return " "

        rest = _SCOPE.sub(take, query[:MAX_QUERY_CHARS])
        return rest, tuple(dict.fromkeys(found))

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
        rest, scopes = self.scopes(query) if ":" in query else (query, ())
        words, last_open = self.words(rest)
        counting = _is_counting([w for w, _ in words])
        words, asked = _question(words, last_open)
        if not asked:
            words, asked = _leading_document(words)
        if asked:
            scopes += (Scope("doc", asked, asked=True),)
        versus = _versus(words)
        parsed = self.parse_words(words, last_open)
        return replace(
            parsed,
            scopes=tuple(dict.fromkeys(scopes)),
            counting=counting,
            versus=(self._side(versus[0]), self._side(versus[1])) if versus else None,
        )

    def _side(self, words: list[str]) -> frozenset[str]:
        """The stems one side of "X vs Y" may match: its words and their glossary synonyms."""
        stems = [self.vocabulary.stem_word(w) for w in words if w not in STOPWORDS]
        out = set(stems)
        for alt in self.vocabulary.synonyms.get(tuple(stems), ()):
            if len(alt) == 1:
                out.update(alt)
        return frozenset(out)

    def parse_words(self, words: list[tuple[str, int | None]], last_open: bool) -> ParsedQuery:
        if not words:
            return ParsedQuery(())
        vocabulary = self.vocabulary
        last = len(words) - 1
        # a one-letter last word completes only when it is the whole query ("d" -> dorset...)
        expansions = [
            vocabulary.expand(w, prefix=(i == last and last_open and (len(w) > 1 or last == 0)))
            for i, (w, _) in enumerate(words)
        ]
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
        content = tuple(
            frozenset(s for s, _ in e)
            for (w, q), e in zip(self.s.words, self.s.expansions)
            if q is not None or w not in STOPWORDS
        )
        typed = tuple(w for w, q in self.s.words if q is not None or w not in STOPWORDS)
        return ParsedQuery(
            tuple(self.parts),
            tuple(self.pairs),
            singles,
            phrases,
            every,
            content_stems=content,
            words=typed,
        )

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
        group = tuple(
            TermClause(expansions[k]) for k in range(i, j) if words[k][0] not in STOPWORDS
        ) or tuple(TermClause(expansions[k]) for k in range(i, j))
        alts = tuple(
            TermClause(((alt[0], SYNONYM_WEIGHT),))
            if len(alt) == 1
            else PhraseClause(tuple(((s, SYNONYM_WEIGHT),) for s in alt))
            for alt in alternatives
        )
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


def _question(
    words: list[tuple[str, int | None]], last_open: bool
) -> tuple[list[tuple[str, int | None]], str | None]:
    """A question's words without its filler, and the document it asks about if it names
    one ("what did the Committee say about ..."); other queries are left as they are."""
    if len(words) < 2 or words[0][1] is not None or words[0][0] not in QUESTION_WORDS:
        return words, None
    last = len(words) - 1
    kept: list[tuple[str, int | None]] = []
    scope: str | None = None
    for i, (word, quoted) in enumerate(words):
        if (
            quoted is None
            and i == last
            and last_open
            and not (word in FILLER or (word in QUESTION_WORDS and word not in STOPWORDS))
        ):
            kept.append((word, quoted))  # still being typed
            continue
        if quoted is None and (word in QUESTION_WORDS or word in FILLER):
            continue
        if (
            quoted is None
            and scope is None
            and word in QUESTION_SCOPES
            and i + 1 < len(words)
            and words[i + 1][0] in FILLER
            and i > 0
            and words[i - 1][0] == "the"
        ):
            scope = QUESTION_SCOPES[word]  # "the Committee say", "the BMA think"
            continue
        kept.append((word, quoted))
    if not any(w not in STOPWORDS for w, _ in kept):
        return words, None  # nothing left to look for: keep the question as typed
    return kept, scope


def _is_counting(folded: list[str]) -> bool:
    if not _COUNT_FIRST.intersection(folded):
        return False
    return any(
        folded[i : i + len(words)] == list(words)
        for words in COUNT_WORDS
        for i in range(len(folded))
    )


def _versus(words: list[tuple[str, int | None]]) -> tuple[list[str], list[str]] | None:
    """ "X vs Y" (or "versus", "v"): the words of each side, small words left out."""
    for i, (word, quoted) in enumerate(words):
        if quoted is None and word in VERSUS and 0 < i < len(words) - 1:
            left = [w for w, _ in words[:i] if w not in STOPWORDS]
            right = [w for w, _ in words[i + 1 :] if w not in STOPWORDS]
            if left and right:
                return left[-3:], right[:3]
    return None


def without_scope(query: str, scope: Scope) -> str:
    """`query` with every written form of `scope` taken out ("legislation doc:report" ->
    "legislation"), for clearing a scope's chip."""

    def drop(match: re.Match[str]) -> str:
        key = SCOPE_KEYS[match.group(1).lower()]
        value = fold(match.group(2).strip("\"'")) if match.group(2) else ""
        return "" if (key, value) == (scope.key, scope.value) else match.group(0)

    return " ".join(_SCOPE.sub(drop, query).split())


def _leading_document(
    words: list[tuple[str, int | None]],
) -> tuple[list[tuple[str, int | None]], str | None]:
    """ "bma conclusion" asks the briefing about its conclusion: the words after a leading
    document name, and that document (when other words follow it)."""
    if len(words) < 2 or words[0][1] is not None or words[0][0] not in DOCUMENT_WORDS:
        return words, None
    rest = words[1:]
    if not any(q is not None or (w not in STOPWORDS and w not in DOCUMENT_WORDS) for w, q in rest):
        return words, None
    return rest, DOCUMENT_WORDS[words[0][0]]
