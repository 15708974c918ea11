"""Ranking: each clause's BM25F scores, coverage of the query, exact rescoring and the
proximity boost.

Every scoring function returns whether it cut long postings short (`truncated`), so
`rank` knows when to rescore its best candidates exactly; nothing is passed on the side.
"""

from __future__ import annotations

import heapq
from typing import Iterable, NamedTuple

from ics_tui.core.search.index import MIN_SHARE, Postings
from ics_tui.core.search.lru import LRU
from ics_tui.core.search.passages import has_sequence
from ics_tui.core.search.query import Clause, ParsedQuery, PhraseClause, SynonymClause, TermClause
from ics_tui.core.search.vocabulary import Expansions

PROXIMITY = 0.5  # score x (1 + this) when every pair of query words stands together
CLAUSE_DOCS = 500  # a query word reads at most about this many postings (best first)...
RESCORE = 40  # candidates rescored exactly when postings were cut
PHRASE_VERIFY = 400  # phrase candidates checked word by word, best first
VERSUS = 2.0  # score x (1 + this) for a doc whose title or names hold both sides of "X vs Y"
OVERVIEW = 0.5  # score x (1 + this) for an overview whose title names every word of the query
COUNTING = 2.0  # ... and x (1 + this) more when the query asks "how many"


class Scored(NamedTuple):
    """A clause's score per doc, whether long postings were cut short on the way, and
    how many query words each doc covers (None: all of them)."""

    scores: dict[int, float]
    truncated: bool
    cover: dict[int, int] | None


class Ranker:
    """Scores parsed queries against one index; caches clause scores between keystrokes."""

    def __init__(self, postings: Postings) -> None:
        self.postings = postings
        self.clause_cache: LRU[Clause, Scored] = LRU(128)

    def term_scores(self, expansions: Expansions) -> tuple[dict[int, float], bool]:
        """Best weighted score per doc over a word's expansions, and whether it was cut.

        In a big pack, long postings are cut to their best CLAUSE_DOCS (shared among the
        expansions), so a keystroke costs about the same whatever the size of the content;
        `rank` then rescores its best candidates exactly.
        """
        postings = self.postings
        out: dict[int, float] = {}
        truncated = False
        if not postings.big:
            share = len(postings.ids)  # a small pack reads every posting
        else:
            share = max(CLAUSE_DOCS // len(expansions), MIN_SHARE) if expansions else 0
        for s, w in expansions:
            df = postings.df.get(s)
            if not df:
                continue
            items: Iterable[tuple[int, float]]
            if df > share:
                truncated = True
                items = postings.impact(s)[:share]
            else:
                items = postings.scores(s).items()
            if not out:
                out = dict(items) if w == 1.0 else {d: v * w for d, v in items}
                continue
            get = out.get
            for d, v in items:
                v *= w
                if v > get(d, 0.0):
                    out[d] = v
        return out, truncated

    def exact_term(self, expansions: Expansions, doc: int) -> float:
        best = 0.0
        for s, w in expansions:
            v = self.postings.scores(s).get(doc)
            if v is not None and v * w > best:
                best = v * w
        return best

    def phrase_scores(self, positions: tuple[Expansions, ...]) -> tuple[dict[int, float], bool]:
        found = [self.term_scores(p) for p in positions]
        parts = [scores for scores, _ in found]
        truncated = any(cut for _, cut in found)
        if not all(parts):
            return {}, truncated
        smallest = min(parts, key=len)
        candidates = [d for d in smallest if all(d in p for p in parts)]
        if len(candidates) > PHRASE_VERIFY:
            candidates = heapq.nlargest(
                PHRASE_VERIFY, candidates, key=lambda d: sum(p[d] for p in parts)
            )
        sets = [frozenset(s for s, _ in p) for p in positions]
        out = {}
        for d in candidates:
            if any(has_sequence(p.stems, sets) for p in self.postings.doc_passages(d)):
                out[d] = sum(p[d] for p in parts)
        return out, truncated

    def clause_scores(self, clause: Clause) -> Scored:
        cached = self.clause_cache.hit(clause)
        if cached is not None:
            return cached
        if isinstance(clause, TermClause):
            return self.clause_cache.put(clause, Scored(*self.term_scores(clause.expansions), None))
        if isinstance(clause, PhraseClause):
            return self.clause_cache.put(
                clause, Scored(*self.phrase_scores(clause.positions), None)
            )
        scores: dict[int, float] = {}
        cover: dict[int, int] = {}
        truncated = False
        for sub in clause.group:
            sub_scores, cut, _ = self.clause_scores(sub)
            truncated |= cut
            for d, v in sub_scores.items():
                scores[d] = scores.get(d, 0.0) + v
                cover[d] = cover.get(d, 0) + 1
        full = len(clause.group)
        for alt in clause.alternatives:
            alt_scores, cut, _ = self.clause_scores(alt)
            truncated |= cut
            for d, v in alt_scores.items():
                if v > scores.get(d, 0.0) or cover.get(d, 0) < full:
                    scores[d] = max(v, scores.get(d, 0.0))
                    cover[d] = full
        return self.clause_cache.put(clause, Scored(scores, truncated, cover))

    def exact_clause(self, clause: Clause, size: int, doc: int) -> tuple[float, int]:
        """A clause's exact score and coverage for one doc (long postings read in full)."""
        if isinstance(clause, TermClause):
            v = self.exact_term(clause.expansions, doc)
            return v, (size if v > 0 else 0)
        if isinstance(clause, PhraseClause):
            v = self.clause_scores(clause).scores.get(doc, 0.0)
            return v, (size if v > 0 else 0)
        assert isinstance(clause, SynonymClause)
        total, cover = 0.0, 0
        for sub in clause.group:
            v, c = self.exact_clause(sub, 1, doc)
            total, cover = total + v, cover + c
        for alt in clause.alternatives:
            v, _ = self.exact_clause(alt, 1, doc)
            if v > 0 and (v > total or cover < len(clause.group)):
                total, cover = max(v, total), len(clause.group)
        return total, cover

    def rank(
        self, parsed: ParsedQuery, limit: int, allowed: frozenset[int] | None = None
    ) -> list[tuple[float, int]]:
        """The best `limit` (score, doc) pairs for a parsed query, best first, among the
        `allowed` docs only when given (a query's scopes)."""
        total = sum(p.size for p in parsed.parts if not p.optional)
        score: dict[int, float] = {}
        covered: dict[int, int] = {}
        truncated = False
        for part in parsed.parts:
            scores, cut, cover = self.clause_scores(part.clause)
            truncated |= cut
            get = score.get
            for d, v in scores.items():
                score[d] = get(d, 0.0) + v
            if part.optional:
                continue
            cget = covered.get
            if cover is None:
                size = part.size
                for d in scores:
                    covered[d] = cget(d, 0) + size
            else:
                for d, c in cover.items():
                    covered[d] = cget(d, 0) + c
        if allowed is not None:
            score = {d: v for d, v in score.items() if d in allowed}
        if not score:
            return []
        if total:
            final = {d: v * (covered.get(d, 0) / total) ** 2 for d, v in score.items()}
        else:
            final = score
        if truncated:
            final = self._rescore(parsed, final, limit, total)
        if self.postings.overviews and not parsed.versus:  # "X vs Y" asks for a comparison
            self._overviews(parsed, final)
        pool = limit + (50 if parsed.versus else 10)
        top = [
            kv for kv in heapq.nlargest(pool, final.items(), key=_by_score_then_doc) if kv[1] > 0
        ]
        if parsed.pairs:
            top = self._proximity(parsed, top)
        if parsed.versus:
            top = self._versus(parsed.versus, top)
        top.sort(key=lambda kv: (-kv[1], kv[0]))
        return [(v, d) for d, v in top[:limit]]

    def _rescore(
        self, parsed: ParsedQuery, final: dict[int, float], limit: int, total: int
    ) -> dict[int, float]:
        """Long postings were cut: rescore the best candidates exactly, words they lacked
        in the cut lists included."""
        pool = heapq.nlargest(limit + RESCORE, final.items(), key=_by_score_then_doc)
        out: dict[int, float] = {}
        for d, _ in pool:
            v, c = 0.0, 0
            for part in parsed.parts:
                x, y = self.exact_clause(part.clause, part.size, d)
                v += x
                c += 0 if part.optional else y
            out[d] = v * (c / total) ** 2 if total else v
        return out

    def _overviews(self, parsed: ParsedQuery, final: dict[int, float]) -> None:
        """Raise an overview of a set when its title names every word of the query ("five
        principles"), the more when the query asks how many."""
        counts = self.postings.counts
        factor = (1 + OVERVIEW) * (1 + COUNTING if parsed.counting else 1)
        wanted = [_stems_of(p.clause) for p in parsed.parts if not p.optional]
        for d in self.postings.overviews:
            v = final.get(d)
            if v and wanted and all(not stems.isdisjoint(counts[d][0]) for stems in wanted):
                final[d] = v * factor

    def _versus(
        self, sides: tuple[frozenset[str], frozenset[str]], top: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        """Raise the comparison of X and Y for "X vs Y": a doc whose title or names hold both."""
        counts = self.postings.counts
        left, right = sides
        out = []
        for d, v in top:
            named = set(counts[d][0]).union(counts[d][1])
            if not left.isdisjoint(named) and not right.isdisjoint(named):
                v *= 1 + VERSUS
            out.append((d, v))
        return out

    def _proximity(
        self, parsed: ParsedQuery, top: list[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        """Raise docs where neighbouring query words stand together."""
        boosted = []
        for d, v in top:
            found = 0
            present = self.postings.doc_stems[d]
            for sequence in parsed.pairs:
                first, last = sequence[0], sequence[-1]
                if first.isdisjoint(present) or last.isdisjoint(present):
                    continue
                for passage in self.postings.doc_passages(d):
                    if not first.isdisjoint(passage.stems) and has_sequence(
                        passage.stems, sequence
                    ):
                        found += 1
                        break
            boosted.append((d, v * (1 + PROXIMITY * found / len(parsed.pairs))))
        return boosted


def _stems_of(clause: Clause) -> frozenset[str]:
    """Every stem a clause can match, synonyms and phrase words included."""
    if isinstance(clause, TermClause):
        return frozenset(s for s, _ in clause.expansions)
    if isinstance(clause, PhraseClause):
        return frozenset(s for position in clause.positions for s, _ in position)
    return frozenset().union(*(_stems_of(c) for c in clause.group + clause.alternatives))


def _by_score_then_doc(item: tuple[int, float]) -> tuple[float, int]:
    return item[1], -item[0]
