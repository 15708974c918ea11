"""The words of a pack: how each stems, completions, typos, acronyms and synonyms.

Built with the index (`stem_all` on every distinct word as written); completions, the
typo table and the synonym heads are made on first use.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections import Counter
from typing import Sequence

from ics_tui.core.model import Term
from ics_tui.core.search.lru import LRU
from ics_tui.core.search.text import (
    STOPWORDS,
    deletes,
    fold,
    fold_raw,
    osa_distance,
    raw_tokens,
    stem,
)

COMPLETION_WEIGHT = 0.85
TYPO_WEIGHT = {1: 0.7, 2: 0.55}
TYPO_PREFIX = 6  # letters of a word that the typo table keys on
FAMILY_WEIGHT = 0.8
# Word families: words a member uses for one idea that the light stemmer keeps apart
# ("legislation" should meet "legal basis" and "law"). Stems, as `stem` gives them.
FAMILIES: tuple[frozenset[str], ...] = tuple(
    frozenset(f.split())
    for f in (
        "legislation legislative legislate legal legally law lawful",
        "recommend recommends recommended recommending recommendation",
        "merge merger merged merging",
        "commission commissioning commissioned commissioner",
        "principle principled",
        "privatisation privatise privatised private",
        "compete competition competitive",
        "collaborate collaboration collaborative collaborating",
        "fund funding funded underfunding underfunded",
    )
)
_FAMILY_OF: dict[str, frozenset[str]] = {w: f for f in FAMILIES for w in f}

# What one query word matches: (stem, weight) pairs, the word itself first.
Expansions = tuple[tuple[str, float], ...]
Synonyms = dict[tuple[str, ...], list[tuple[str, ...]]]


class Vocabulary:
    """Every distinct word of a pack, folded and stemmed, and the lookups on them."""

    def __init__(self) -> None:
        self.stem_cache: dict[str, str] = {}  # word as written -> stem
        self.surfaces: dict[str, str] = {}  # folded word -> stem
        self.acronyms: set[str] = set()
        self.synonyms: Synonyms = {}
        self.sorted: list[str] = []
        self.df: Counter[str] = Counter()  # stem -> how many docs hold it (set by the index)
        self._by_stem: dict[str, list[str]] | None = None
        self._heads: dict[tuple[str, ...], list[tuple[str, list[tuple[str, ...]]]]] | None = None
        self._typo_table: dict[str, list[str]] | None = None
        self.expansion_cache: LRU[tuple[str, bool], Expansions] = LRU(512)

    # --- stemming -------------------------------------------------------------------

    def stem_all(self, distinct: set[str]) -> None:
        """Stem every distinct word as written, in one tight loop (the build's hot spot)."""
        cache, surfaces, acronyms = self.stem_cache, self.surfaces, self.acronyms
        for raw in distinct:
            word = raw.lower() if raw.isascii() and "'" not in raw and "," not in raw else fold(raw)
            if not word:
                cache[raw] = word
                continue
            plain = word if word[-1] != "s" or len(word) < 3 else stem(word, acronyms)
            if (
                raw[-1] == "s"
                and len(raw) >= 3
                and raw[:-1].isupper()
                and raw[:-1].isalpha()
                and word not in acronyms
            ):
                cache[raw] = word[:-1]
            else:
                cache[raw] = plain
            surfaces[word] = plain  # how a typed (folded) word stems: the same whatever its case
        self.sorted = sorted(surfaces)
        self._by_stem = None

    def stem_raw(self, raw: str, word: str | None = None) -> str:
        """Stem of a word as written: 'ICSs' and 'GPs' lose their plural s by their case."""
        if word is None:
            word = fold_raw(raw)
        if (
            raw[-1] == "s"
            and len(raw) >= 3
            and raw[:-1].isupper()
            and raw[:-1].isalpha()
            and word not in self.acronyms
        ):
            return word[:-1]
        return stem(word, self.acronyms)

    def stem_of(self, raw: str) -> str:
        """Stem of a word as written, from the cache where the build stemmed it."""
        return self.stem_cache.get(raw) or self.stem_raw(raw)

    def stem_word(self, word: str) -> str:
        """Stem of an already folded query word."""
        return stem(word, self.acronyms)

    def by_stem(self) -> dict[str, list[str]]:
        """Stem -> the folded words that have it (made on first use)."""
        if self._by_stem is None:
            table: dict[str, list[str]] = {}
            for word, s in self.surfaces.items():
                table.setdefault(s, []).append(word)
            self._by_stem = table
        return self._by_stem

    # --- glossary synonyms -----------------------------------------------------------

    def find_synonyms(self, terms: Sequence[Term]) -> None:
        """Acronym <-> expansion pairs from the glossary, as stem sequences, both ways.

        A term counts when one part of it is an acronym ("PCN", "A&E", "FT / foundation
        trust") whose letters are the initials of consecutive words of the expansion or
        another part ("primary care network"); notes around the expansion are ignored.
        """
        out: Synonyms = {}
        for term in terms:
            parts = [p.strip() for p in term.term.split("/") if p.strip()]
            for part in parts:
                words = raw_tokens(part)
                if not words or not _is_acronym(words):
                    continue
                letters = "".join(fold(w) for w in words)
                self.acronyms.add(letters)
                if len(words) == 1:
                    self.acronyms.add(fold(words[0]))
                sources = [p for p in parts if p is not part] + re.split(r"[;()]", term.expansion)
                for source in sources:
                    span = _initials_span(letters, raw_tokens(source))
                    if span:
                        left = tuple(stem(fold(w), self.acronyms) for w in words)
                        right = tuple(stem(fold(w), self.acronyms) for w in span)
                        if left != right:
                            out.setdefault(left, []).append(right)
                            out.setdefault(right, []).append(left)
        self.synonyms = {k: list(dict.fromkeys(v)) for k, v in out.items()}
        self._heads = None

    def synonym_heads(self) -> dict[tuple[str, ...], list[tuple[str, list[tuple[str, ...]]]]]:
        """Synonym sequences by all but their last word, for matching one still being typed."""
        if self._heads is None:
            heads: dict[tuple[str, ...], list[tuple[str, list[tuple[str, ...]]]]] = {}
            for seq, alternatives in self.synonyms.items():
                heads.setdefault(seq[:-1], []).append((seq[-1], alternatives))
            self._heads = heads
        return self._heads

    def synonym_at(
        self, words: Sequence[tuple[str, int | None]], stems: Sequence[str], i: int, last_open: bool
    ) -> tuple[int, list[tuple[str, ...]]] | None:
        """The longest glossary sequence starting at word i: (end, [synonym sequences])."""
        if not self.synonyms:
            return None
        last = len(words) - 1
        for j in range(min(len(words), i + 8), i, -1):
            if any(words[k][1] is not None for k in range(i, j)):
                continue
            seq = tuple(stems[i:j])
            found = self.synonyms.get(seq)
            if found is None and j - 1 == last and last_open:
                # the last word is still being typed: "primary care netw"
                tail = words[last][0]
                if len(tail) >= 2:
                    found = next(
                        (
                            v
                            for end, v in self.synonym_heads().get(seq[:-1], ())
                            if end.startswith(tail)
                        ),
                        None,
                    )
            if found:
                return j, found
        return None

    # --- completions and typos -------------------------------------------------------

    def completions(self, prefix: str) -> list[str]:
        """Stems of vocabulary words starting with `prefix`, most frequent first (a few)."""
        cap = 4 if len(prefix) == 1 else 10 if len(prefix) == 2 else 40
        lo = bisect_left(self.sorted, prefix)
        hi = bisect_left(self.sorted, prefix + "\U0010ffff", lo)
        if lo == hi:
            return []
        stems = {self.surfaces[w] for w in self.sorted[lo:hi]} - STOPWORDS
        df = self.df
        if len(stems) > cap:
            return heapq.nlargest(cap, stems, key=lambda s: (df[s], s))
        return sorted(stems, key=lambda s: (-df[s], s))

    def typo_index(self) -> dict[str, list[str]]:
        """Deletion neighbourhood of the vocabulary, made on the first typo lookup.

        Keys are the first TYPO_PREFIX letters of a word with up to 1 letter deleted (up to
        2 where the prefix starts a word of 6+ letters, the shortest that can be within 2
        edits of an 8-letter query word); values are the words with that prefix. Every word
        within the allowed distance of a query word shares a key with it (checked against
        brute force in the tests); candidates are then checked with the true distance.
        """
        if self._typo_table is None:
            by_prefix: dict[str, list[str]] = {}
            for word in self.surfaces:
                if len(word) >= 4 and word.isalpha():
                    by_prefix.setdefault(word[:TYPO_PREFIX], []).append(word)
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

    def forget_typo_table(self) -> None:
        """Drop the typo table (for a benchmark that times making it)."""
        self._typo_table = None

    def typos(self, word: str) -> list[tuple[str, int]]:
        """(stem, distance) of vocabulary words within the typo allowance of `word`."""
        if len(word) < 5 or not word.isalpha():
            return []
        limit = 2 if len(word) >= 8 else 1
        table = self.typo_index()
        head = word[:TYPO_PREFIX]
        seen: set[str] = set()
        found: dict[str, int] = {}
        for key in deletes(head, limit) | {head}:
            for candidate in table.get(key, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                d = osa_distance(word, candidate, limit)
                if 0 < d <= limit:
                    s = self.surfaces[candidate]
                    if d < found.get(s, limit + 1):
                        found[s] = d
        ranked = sorted(found.items(), key=lambda kv: (kv[1], -self.df[kv[0]], kv[0]))
        return ranked[:8]

    def expand(self, word: str, prefix: bool) -> Expansions:
        """What one query word matches: (stem, weight) pairs, the word itself first."""
        key = (word, prefix)
        cached = self.expansion_cache.hit(key)
        if cached is not None:
            return cached
        exact = self.stem_word(word)
        out: dict[str, float] = {}
        if exact in self.df:
            out[exact] = 1.0
        for kin in sorted(_FAMILY_OF.get(exact, ())):
            if kin != exact and kin in self.df:
                out.setdefault(kin, FAMILY_WEIGHT)
        if prefix:
            for s in self.completions(word):
                out.setdefault(s, COMPLETION_WEIGHT)
        if not out:
            for s, d in self.typos(word):
                out.setdefault(s, TYPO_WEIGHT[d])
                if prefix and d == 1:  # "nottingam" is on its way to "nottinghamshire" too
                    for c in self.completions(min(self.by_stem().get(s, [s]), key=len))[:5]:
                        out.setdefault(c, TYPO_WEIGHT[d] * COMPLETION_WEIGHT)
        if not out:
            out[exact] = 1.0  # matches nothing, but keeps the word in the query
        return self.expansion_cache.put(key, tuple(out.items()))


def _is_acronym(words: list[str]) -> bool:
    letters = "".join(words)
    return (
        2 <= len(letters) <= 6
        and letters.isalnum()
        and any(c.isalpha() for c in letters)
        and all(c.isupper() or c.isdigit() for c in letters)
    )


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
