"""Why a search found what it did: its scopes, and honest words when it found nothing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ics_tui.core.search.query import Scope
from ics_tui.core.search.scopes import Chip
from ics_tui.core.search.text import STOPWORDS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ics_tui.core.search import SearchIndex


def quoted_list(words: Sequence[object]) -> str:
    """“a”, “b” and “c”: words or scopes as a member typed them, in curly quotes."""
    quoted = [f"“{word}”" for word in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


@dataclass(frozen=True)
class Outcome:
    found: bool
    chips: tuple[Chip, ...] = ()  # the scopes understood, to show (and clear) as chips
    unknown_scopes: tuple[Scope, ...] = ()
    absent: tuple[
        tuple[str, tuple[str, ...]], ...
    ] = ()  # (word in neither document, nearest words)
    fewer_words: bool = False  # each word alone finds something, all together nothing
    outside_scope: int = 0  # hits the query has without its scopes

    def message(self) -> str:
        """One or two sentences for an empty result; for results, a note of the words they
        leave out ("" when there is nothing to say)."""
        if self.found:
            if not self.absent:
                return ""
            left_out = " and ".join(f"“{w}”" for w, _ in self.absent[:3])
            return (
                f"{left_out} {'is' if len(self.absent) == 1 else 'are'} in neither document; "
                "these results match the other words."
            )
        parts: list[str] = []
        if self.unknown_scopes:
            verb = "names" if len(self.unknown_scopes) == 1 else "name"
            parts.append(
                f"{quoted_list(self.unknown_scopes)} {verb} no document, kind or group; try doc:bma, doc:report "
                "or kind:glossary."
            )
        if self.absent:
            listed = quoted_list([w for w, _ in self.absent])
            verb = "is" if len(self.absent) == 1 else "are"
            parts.append(f"{listed} {verb} in neither document.")
            near = list(dict.fromkeys(n for _, nearest in self.absent for n in nearest))
            if near:
                parts.append("Nearest words that are: " + ", ".join(near[:5]) + ".")
        elif self.fewer_words:
            parts.append(
                "No section holds all these words together, though each finds "
                "something alone: try fewer words."
            )
        elif self.outside_scope and self.chips:
            scope = " and ".join(c.label for c in self.chips)
            plural = "s" if self.outside_scope != 1 else ""
            parts.append(
                f"Nothing in {scope} matches; without the scope there "
                f"{'are' if plural else 'is'} {self.outside_scope} result{plural}."
            )
        return " ".join(parts) or "No matches."


def explain(index: "SearchIndex", query: str) -> Outcome:
    if not isinstance(query, str) or not query.strip():
        return Outcome(found=False)
    parsed = index.parser.parse(query)
    scoping = index.scoped(parsed.scopes)
    found = bool(index.search(query, 1))
    vocabulary = index.vocabulary
    absent = []
    for word in parsed.words:
        if word in STOPWORDS:
            continue
        stems = {s for s, _ in vocabulary.expand(word, prefix=False)}
        if not any(s in vocabulary.df for s in stems):
            nearest = tuple(difflib.get_close_matches(word, vocabulary.sorted, n=3, cutoff=0.6))
            absent.append((word, nearest))
    if found:
        return Outcome(True, scoping.chips, scoping.unknown, tuple(absent))
    fewer = False
    if not absent and len(parsed.words) > 1:
        scopes = " ".join(str(s) for s in parsed.scopes)
        fewer = all(index.search(f'"{w}" {scopes}', 1) for w in parsed.words)
    outside = 0
    if parsed.scopes and not absent:
        plain, _ = index.parser.scopes(query)
        outside = len(index.search(plain, 500)) if plain.strip() else 0
    return Outcome(False, scoping.chips, scoping.unknown, tuple(absent), fewer, outside)
