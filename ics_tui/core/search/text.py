"""Text analysis for search: tokens, folding, a light stemmer and bounded edit distance.

One tokenizer serves the index, the query and highlighting, so a word found in a
section is marked at exactly the characters it came from. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word: letters and digits of any script, with inner apostrophes ("King's"), or a number
# written with thousands separators ("250,000"), which counts as one word ("250000").
_TOKEN = re.compile(r"\w+(?:['’]\w+|,\d{3}(?!\d))*")
_TOKEN_ASCII = re.compile(r"(?a)\w+(?:'\w+|,\d{3}(?!\d))*")  # the same on ASCII text, faster
# The same, keeping combining marks inside words, for text that is not precomposed (NFD).
_MARK_CHARS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_L = rf"(?:\w|[{_MARK_CHARS}])+"
_TOKEN_MARKS = re.compile(rf"\w{_L[:-1]}*(?:['’]{_L}|,\d{{3}}(?!\d))*")
_HAS_MARK = re.compile(f"[{_MARK_CHARS}]")

STOPWORDS = frozenset(
    "a an and are as at be by do does for from has have how in into is it its of on or "
    "that the their this to vs was were what when where which who why with".split()
)


def token_pattern(text: str) -> re.Pattern[str]:
    """The tokenizer for `text`: the fast one unless the text holds combining marks."""
    if text.isascii():
        return _TOKEN_ASCII
    if _HAS_MARK.search(text) is None:
        return _TOKEN
    return _TOKEN_MARKS


# A faster route to the same words for plain text: every ASCII byte that is not a letter,
# digit, "_" or an apostrophe becomes a space, then split; the few chunks holding an
# apostrophe go through the pattern. Used when the text is ASCII once common typographic
# punctuation is spaced out, and has no digit comma ("250,000") to join on.
_WORD_BYTES = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'")
_SPACE_OUT = bytes.maketrans(
    bytes(b for b in range(128) if b not in _WORD_BYTES), b" " * (128 - len(_WORD_BYTES))
)
_SPACERS = ("“", "”", "‘", "–", "—", "…", "£", "€", "\xa0", "•", "·")
_DIGIT_COMMA = re.compile(r",\d")


def raw_tokens(text: str) -> list[str]:
    """The words of `text` as written (not folded): the same as `token_spans` gives."""
    plain = text
    if not plain.isascii():
        for ch in _SPACERS:
            if ch in plain:
                plain = plain.replace(ch, " ")
        if not plain.isascii():
            return token_pattern(text).findall(text)
    if "," in plain and _DIGIT_COMMA.search(plain):
        return _TOKEN_ASCII.findall(plain)
    chunks = plain.encode("ascii").translate(_SPACE_OUT).decode("ascii").split()
    if "'" not in plain:
        return chunks
    out: list[str] = []
    for chunk in chunks:
        if "'" in chunk:
            out += _TOKEN_ASCII.findall(chunk)
        else:
            out.append(chunk)
    return out


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word as written) for each word of `text`, in order."""
    return [(m.start(), m.end(), m.group()) for m in token_pattern(text).finditer(text)]


@lru_cache(maxsize=1 << 16)
def fold(token: str) -> str:
    """Fold case, accents, compatibility forms and punctuation: "King’s" -> "king", "250,000" -> "250000"."""
    if token.isascii():
        word = token.lower()
    else:
        word = unicodedata.normalize("NFKD", token)
        word = (
            "".join(ch for ch in word if not unicodedata.combining(ch)).casefold().replace("’", "'")
        )
    if "'" in word:
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace("'", "")
    if "," in word:
        word = word.replace(",", "")
    return word


def stem(word: str, acronyms: frozenset[str] | set[str] = frozenset()) -> str:
    """A light plural stemmer on a folded word: networks -> network, bodies -> body, ICSs -> ics.

    Only plural endings are touched, so related words stay apart ("merger" is not "merge").
    `acronyms` (folded) lets "icss" and "gps" lose their plural s.
    """
    n = len(word)
    if n < 3 or word[-1] != "s" or word in acronyms:
        return word
    if word[:-1] in acronyms:
        return word[:-1]
    if n <= 3:
        return word
    if word.endswith("ies") and n > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (edits plus adjacent swaps), or limit + 1 if larger."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        best = cur[0]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb] if prev[lb] <= limit else limit + 1


def deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to `depth` characters from `word` (not the word itself)."""
    out: set[str] = set()
    frontier = {word}
    for _ in range(depth):
        nxt: set[str] = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return out


def fold_raw(raw: str) -> str:
    """`fold`, with a fast path for plain ASCII words."""
    return raw.lower() if raw.isascii() and "'" not in raw and "," not in raw else fold(raw)


def fold_text(text: str) -> str:
    """Every word of `text` folded, joined by single spaces."""
    return " ".join(fold(w) for w in raw_tokens(text))
