"""Find the line of a TOML table or key, so content errors can say `file:line`.

`tomllib` returns plain data without positions. This scanner reads the same text
line by line and records where each array-of-tables entry (`[[ics]]`, the third
`[[ics.fact]]` of the second `[[ics]]`, ...) and each `key =` inside it starts.
It understands what the shipped content and hand-written packs use; for anything
it cannot place, callers fall back to the table's line or to line 1.
"""

from __future__ import annotations

import re

Path_ = tuple[str | int, ...]  # ("ics", 1, "fact", 0): kinds and 0-based entry indexes

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


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
                self.keys.setdefault((current, key_match.group(1)), number)
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
            path = path[:-2] if len(path) >= 2 else ()
        return None
