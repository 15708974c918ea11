"""Find the line of a TOML table or key, so content errors can say `file:line`.

`tomllib` returns plain data without positions. This scanner reads the same text
line by line and records where each array-of-tables entry (`[[ics]]`, the third
`[[ics.fact]]` of the second `[[ics]]`, ...) and each `key =` inside it starts (bare, quoted
or dotted keys; a key inside an inline table is placed on its table's line).
It understands what the shipped content and hand-written packs use; for anything
it cannot place, callers fall back to the table's line or to line 1.
"""

from __future__ import annotations

import re

Path_ = tuple[str | int, ...]  # ("ics", 1, "fact", 0): kinds and 0-based entry indexes

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\s*(#.*)?$")
_PART = r"""(?:[A-Za-z0-9_\-]+|"[^"\\]*"|'[^']*')"""
# A key, bare or quoted, or dotted (`keymap.search`, `"a b".c`), before its `=`.
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_KEY_PART = re.compile(_PART)


class LineIndex:
    """Line numbers (1-based) of array-of-tables entries and their keys in one file."""

    def __init__(self, text: str) -> None:
        self.tables: dict[Path_, int] = {}
        self.keys: dict[tuple[Path_, str], int] = {}
        self._scan(text)

    def _scan(self, text: str) -> None:
        counts: dict[Path_, int] = {}
        current: Path_ = ()
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _ARRAY_HEADER.match(line)
            if header:
                names = [n.strip() for n in header.group(1).split(".")]
                parent = self._parent_path(current, names[:-1])
                key = parent + (names[-1],)
                index = counts.get(key, 0)
                counts[key] = index + 1
                current = key + (index,)
                self.tables[current] = number
                continue
            table = _TABLE_HEADER.match(line)
            if table:
                current = tuple(n.strip() for n in table.group(1).split("."))
                self.tables.setdefault(current, number)
                continue
            key_match = _KEY.match(line)
            if key_match:
                parts = [p.strip("\"'") for p in _KEY_PART.findall(key_match.group(1))]
                # `a.b.c = 1` is key c of table a.b; tables a and a.b start on this line too
                for depth in range(1, len(parts)):
                    self.tables.setdefault(current + tuple(parts[:depth]), number)
                self.keys.setdefault((current + tuple(parts[:-1]), parts[-1]), number)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_multiline = quote
                    break

    @staticmethod
    def _parent_path(current: Path_, names: list[str]) -> Path_:
        """The indexed path of the parent arrays named in a dotted header."""
        path: Path_ = ()
        rest = list(current)
        for name in names:
            # Walk the current path while it matches the dotted names.
            if len(rest) >= 2 and rest[0] == name and isinstance(rest[1], int):
                path += (rest[0], rest[1])
                rest = rest[2:]
            else:
                path += (name, 0)
                rest = []
        return path

    def line_of(self, path: Path_, key: str | None = None) -> int | None:
        """The line of `key` in the table at `path`, else of the table itself."""
        if key is not None and (path, key) in self.keys:
            return self.keys[(path, key)]
        while path:
            if path in self.tables:
                return self.tables[path]
            name = path[-1]
            if isinstance(name, str) and (path[:-1], name) in self.keys:
                return self.keys[(path[:-1], name)]  # an inline table: `keymap = { ... }`
            path = path[:-2] if len(path) >= 2 and isinstance(name, int) else path[:-1]
        return None
