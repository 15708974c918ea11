"""Load a content folder of TOML files into the model, validating strictly.

All problems are collected and raised together as one `ContentError`, each
reading `file:line: message` in TOML terms, so an author fixes a pack in one
pass. Text is cleaned of terminal control characters here, once, so nothing
downstream has to remember to.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable

from ics_tui.core.kinds import BY_NAME, DATE_PATTERN, Field
from ics_tui.core.kinds import KINDS as SECTION_KINDS
from ics_tui.core.model import Citation, Content, Document, Group, Reference, Section, Wave
from ics_tui.core.sanitize import clean_text

if TYPE_CHECKING:
    from ics_tui.core.toml_lines import LineIndex

TablePath = tuple[str | int, ...]  # ("ics", 1, "fact", 0): where a table sits in its file
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_FILES = 200
MAX_TEXT = 100_000  # characters in one string: far above any real section, far below what stalls a terminal
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content pack, where it is and what to do."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or 1}: {self.message}"


class ContentError(Exception):
    """A content folder that cannot be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- the schema --------------------------------------------------------------------

CITE: dict[str, Field] = {
    "doc": ("text", True),
    "heading": ("text", True),
    "paras": ("ints", False),
    "notes": ("strs", False),
}
NESTED: dict[str, dict[str, Field]] = {
    "cite": CITE,
    "fact": {"text": ("text", True), "cite": ("cite", True)},
    "row": {
        "aspect": ("text", True),
        "left": ("text", True),
        "right": ("text", True),
        "note": ("str", False),
        "cite": ("cite", False),
    },
    "ref": {"number": ("text", True), "text": ("text", True), "missing": ("bool", False)},
}
# The tables that are not sections: documents, sidebar groups and ICS waves.
RECORDS: dict[str, dict[str, Field]] = {
    "document": {
        "id": ("text", True),
        "short": ("text", True),
        "title": ("text", True),
        "publisher": ("text", True),
        "date": ("text", True),
        "reference": ("str", False),
        "scope": ("str", False),
        "note": ("str", False),
        "note_word": ("text", False),
        "ref": ("ref", False),
    },
    "group": {
        "id": ("text", True),
        "title": ("text", True),
        "see_also": ("strs", False),
        "with_groups": ("strs", False),
    },
    "wave": {
        "number": ("int", True),
        "title": ("text", True),
        "announced": ("text", True),
        "body": ("text", True),
        "cite": ("cite", True),
    },
}
# Every table a content file may hold: the records, then each kind of section (core/kinds.py).
KINDS: dict[str, dict[str, Field]] = {**RECORDS, **{k.name: k.schema for k in SECTION_KINDS}}
DEFAULT_GROUP = {k.name: k.default_group for k in SECTION_KINDS if k.default_group}
TYPE_WORDS = {
    "str": "a string",
    "text": "a non-empty string",
    "int": "an integer",
    "bool": "true or false",
    "strs": "an array of strings",
    "ints": "an array of integers",
    "number": "a number",
}


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    import difflib  # only when there is a problem to report

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


# --- reading files ------------------------------------------------------------------


def _content_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The pack's TOML files, refusing links that leave the folder or loop."""
    root = folder.resolve()
    files: list[Path] = []
    for path in sorted(folder.glob("*.toml")):
        shown = str(path)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            problems.append(Problem(shown, None, "cannot be followed (a broken or looping link)"))
            continue
        if real.parent != root and root not in real.parents:
            problems.append(
                Problem(shown, None, f"links outside the content folder (to {real}); refused")
            )
            continue
        if not real.is_file():
            problems.append(Problem(shown, None, "is not a regular file"))
            continue
        files.append(path)
    if len(files) > MAX_FILES:
        problems.append(
            Problem(
                str(folder), None, f"holds {len(files)} TOML files; at most {MAX_FILES} are read"
            )
        )
        files = files[:MAX_FILES]
    return files


def _toml() -> ModuleType:
    """The TOML parser, imported on first use: a start-up from the content cache never needs it."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10
        import tomli as tomllib
    return tomllib


class _Lines:
    """A file's `LineIndex`, built the first time a problem needs a line number.

    A pack without problems never asks, so loading it skips the line scan.
    """

    __slots__ = ("_text", "_index")

    def __init__(self, text: str) -> None:
        self._text = text
        self._index: LineIndex | None = None

    def line_of(self, path: TablePath, key: str | None = None) -> int | None:
        if self._index is None:
            from ics_tui.core.toml_lines import LineIndex

            self._index = LineIndex(self._text)
            self._text = ""
        return self._index.line_of(path, key)


def _parse(path: Path, problems: list[Problem]) -> tuple[dict[str, Any], _Lines] | None:
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"is {size:,} bytes; a content file may be at most {MAX_FILE_BYTES:,}",
                )
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, None, f"cannot be read: {error.strerror or error}"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                f"is not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})",
            )
        )
        return None
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(_syntax_problem(shown, error))
        return None
    except RecursionError:
        problems.append(Problem(shown, None, "nests arrays or tables too deeply to read"))
        return None
    return data, _Lines(text)


def _syntax_problem(shown: str, error: Exception) -> Problem:
    message = str(error)
    line = getattr(error, "lineno", None)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if line is None and found:
        line = int(found.group(1))
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
    message = getattr(error, "msg", message)
    return Problem(shown, line, f"TOML syntax error: {message}")


# --- validating ---------------------------------------------------------------------


class _FileChecker:
    """Checks the tables of one file against the schema and builds raw records."""

    def __init__(self, path: Path, lines: _Lines, problems: list[Problem]) -> None:
        self.file = str(path)
        self.lines = lines
        self.problems = problems

    def problem(self, path: TablePath, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.lines.line_of(path, key), message))

    def tables(self, data: dict[str, Any]) -> list[tuple[str, TablePath, dict[str, Any]]]:
        """(kind, path, checked table) for every valid top-level entry."""
        out: list[tuple[str, TablePath, dict[str, Any]]] = []
        for kind, value in data.items():
            if kind not in KINDS:
                self.problem(
                    (kind, 0), None, f"unknown table [[{kind}]]{did_you_mean(kind, set(KINDS))}"
                )
                continue
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.problem(
                    (kind,), None, f"{kind} must be written as an array of tables, [[{kind}]]"
                )
                continue
            for index, table in enumerate(value):
                path = (kind, index)
                checked = self.check(kind, KINDS[kind], path, table)
                if checked is not None:
                    out.append((kind, path, checked))
        return out

    def check(
        self,
        kind: str,
        spec: dict[str, Field],
        path: TablePath,
        table: dict[str, Any],
        label: str | None = None,
    ) -> dict[str, Any] | None:
        """Check one table and return its usable values, or None if a required one is unusable.

        Unknown keys and bad optional values are reported and left out, so the
        record still takes part in the cross-reference checks that follow.
        """
        label = label or self.label(kind, table)
        result: dict[str, Any] = {}
        for key, value in table.items():
            if key not in spec:
                self.problem(
                    path, key, f'{label}: unknown key "{key}"{did_you_mean(key, set(spec))}'
                )
                continue
            value_kind = spec[key][0]
            if value_kind in NESTED:
                checked = self.nested(value_kind, key, value, path, kind, label)
            else:
                checked = self.value(value_kind, value, path, key, label)
            if checked is not None:
                result[key] = checked
        usable = True
        for key, (value_kind, required) in spec.items():
            if required and key not in table:
                shown = f"table [[{kind}.{key}]]" if value_kind in NESTED else f'key "{key}"'
                self.problem(path, None, f"{label}: missing required {shown}")
            if required and key not in result:
                usable = False
        return result if usable else None

    def nested(
        self, name: str, key: str, value: Any, path: TablePath, kind: str, label: str
    ) -> list[dict[str, Any]] | None:
        """Check an array of sub-tables such as [[ics.fact]]; each keeps its path for line lookups."""
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(
                path, key, f'{label}: "{key}" must be an array of tables, written [[{kind}.{key}]]'
            )
            return None
        out = []
        for index, table in enumerate(value):
            sub_path = path + (key, index)
            checked = self.check(
                f"{kind}.{key}",
                NESTED[name],
                sub_path,
                table,
                f"{label}, [[{kind}.{key}]] {index + 1}",
            )
            if checked is not None:
                checked["_path"] = sub_path
                out.append(checked)
        return out if out or not value else None

    def value(self, value_kind: str, value: Any, path: TablePath, key: str, label: str) -> Any:
        def wrong() -> None:
            self.problem(
                path,
                key,
                f'{label}: "{key}" must be {TYPE_WORDS[value_kind]}, not {_toml_type(value)}',
            )

        if value_kind in ("str", "text"):
            if not isinstance(value, str):
                return wrong()
            if len(value) > MAX_TEXT:
                self.problem(
                    path,
                    key,
                    f'{label}: "{key}" is {len(value):,} characters; a text may be at most {MAX_TEXT:,}',
                )
                return None
            text = clean_text(value).strip() if value_kind == "text" else clean_text(value)
            if value_kind == "text" and not text:
                self.problem(path, key, f'{label}: "{key}" is empty')
                return None
            return text
        if value_kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return wrong()
            return value
        if value_kind == "bool":
            return value if isinstance(value, bool) else wrong()
        if value_kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return wrong()
            return float(value)
        if value_kind == "strs":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return wrong()
            return [clean_text(v).strip() for v in value]
        if value_kind == "ints":
            if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value
            ):
                return wrong()
            return list(value)
        raise AssertionError(value_kind)

    @staticmethod
    def label(kind: str, table: dict[str, Any]) -> str:
        ident = table.get("id") if isinstance(table.get("id"), str) else None
        if ident is None and kind == "wave" and isinstance(table.get("number"), int):
            ident = str(table["number"])
        return f'[[{kind}]] "{clean_text(ident)}"' if ident else f"[[{kind}]]"


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


# --- building the model -------------------------------------------------------------


@dataclass
class _Raw:
    kind: str
    file: str
    lines: _Lines
    path: TablePath
    data: dict[str, Any]

    def line(self, key: str | None = None) -> int | None:
        return self.lines.line_of(self.path, key)


def load_content(folder: str | os.PathLike[str]) -> Content:
    """Load and validate every TOML file in `folder`; raise `ContentError` listing all problems."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise ContentError([Problem(str(folder), None, "is not a folder of content files")])
    try:  # glob() hides a folder it may not list: say so, not "holds no .toml content files"
        os.scandir(folder).close()
    except OSError as error:
        raise ContentError(
            [Problem(str(folder), None, f"cannot be read: {error.strerror or error}")]
        ) from None
    raws: list[_Raw] = []
    files = _content_files(folder, problems)
    if not files and not problems:
        problems.append(Problem(str(folder), None, "holds no .toml content files"))
    for path in files:
        parsed = _parse(path, problems)
        if parsed is None:
            continue
        data, lines = parsed
        checker = _FileChecker(path, lines, problems)
        raws.extend(
            _Raw(kind, str(path), lines, p, table) for kind, p, table in checker.tables(data)
        )
    content = _build(raws, problems, folder)
    if problems:
        raise ContentError(problems)
    assert content is not None
    return content


def _build(raws: list[_Raw], problems: list[Problem], folder: Path) -> Content | None:
    def add(raw: _Raw, key: str | None, message: str) -> None:
        problems.append(Problem(raw.file, raw.line(key), message))

    documents: dict[str, Document] = {}
    groups: list[Group] = []
    waves: list[Wave] = []
    seen_ids: dict[str, _Raw] = {}

    for raw in raws:
        d = raw.data
        if raw.kind == "document":
            if d["id"] in documents:
                add(raw, "id", f'duplicate document id "{d["id"]}"')
                continue
            refs = tuple(
                Reference(r["number"], r["text"], r.get("missing", False)) for r in d.get("ref", [])
            )
            documents[d["id"]] = Document(
                id=d["id"],
                short=d["short"],
                title=d["title"],
                publisher=d["publisher"],
                date=d["date"],
                reference=d.get("reference", ""),
                scope=d.get("scope", ""),
                note=d.get("note", ""),
                references=refs,
                note_word=d.get("note_word", "fn"),
            )
        elif raw.kind == "group":
            if any(g.id == d["id"] for g in groups):
                add(raw, "id", f'duplicate group id "{d["id"]}"')
                continue
            groups.append(
                Group(
                    d["id"],
                    d["title"],
                    tuple(d.get("see_also", [])),
                    tuple(d.get("with_groups", [])),
                )
            )

    group_ids = {g.id for g in groups}

    def citations(raw: _Raw, tables: list[dict[str, Any]], owner: str) -> tuple[Citation, ...]:
        out = []
        for c in tables:
            doc = documents.get(c["doc"])
            if doc is None:
                problems.append(
                    Problem(
                        raw.file,
                        raw.lines.line_of(c["_path"], "doc"),
                        f'{owner}: cites document "{c["doc"]}", which no [[document]] defines{did_you_mean(c["doc"], set(documents))}',
                    )
                )
                continue
            notes = tuple(c.get("notes", []))
            if doc.references:
                for note in notes:
                    if doc.find_reference(note) is None:
                        problems.append(
                            Problem(
                                raw.file,
                                raw.lines.line_of(c["_path"], "notes"),
                                f'{owner}: cites footnote "{note}" of "{doc.id}", which its reference list does not have',
                            )
                        )
            out.append(Citation(c["doc"], c["heading"], tuple(c.get("paras", [])), notes))
        return tuple(out)

    sections: dict[str, Section] = {}

    for raw in raws:
        d = raw.data
        if raw.kind == "wave":
            if any(w.number == d["number"] for w in waves):
                add(raw, "number", f"duplicate [[wave]] number {d['number']}")
                continue
            waves.append(
                Wave(
                    d["number"],
                    d["title"],
                    d["announced"],
                    d["body"],
                    citations(raw, d["cite"], f"[[wave]] {d['number']}"),
                )
            )
            if not DATE_PATTERN.match(d["announced"]):
                add(
                    raw,
                    "announced",
                    f'[[wave]] {d["number"]}: "announced" must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not "{d["announced"]}"',
                )
    wave_numbers = {w.number for w in waves}

    for raw in raws:
        if raw.kind in ("document", "group", "wave"):
            continue
        d = raw.data
        owner = f'[[{raw.kind}]] "{d["id"]}"'
        if not ID_PATTERN.match(d["id"]):
            add(
                raw,
                "id",
                f'{owner}: an id may hold only lowercase letters, digits, "-" and "/" (like "ics/dorset")',
            )
            continue
        if d["id"] in seen_ids:
            first = seen_ids[d["id"]]
            add(
                raw,
                "id",
                f'duplicate id "{d["id"]}" (first defined at {first.file}:{first.line("id") or 1})',
            )
            continue
        seen_ids[d["id"]] = raw
        group = d.get("group") or DEFAULT_GROUP.get(raw.kind, "")
        if group_ids and group not in group_ids:
            add(
                raw,
                "group",
                f'{owner}: group "{group}" is not defined by any [[group]]{did_you_mean(group, group_ids)}',
            )
        common = dict(
            id=d["id"],
            kind=raw.kind,
            group=group,
            title=d["title"],
            body=d["body"],
            citations=citations(raw, d["cite"], owner),
            items=tuple(d.get("items", [])),
            see_also=tuple(d.get("see_also", [])),
            source_file=Path(raw.file).name,
            editor_note=d.get("editor_note", "").strip(),
            derived=tuple(d.get("derived", [])),
        )
        section = BY_NAME[raw.kind].make(
            _Making(raw, d, common, owner, wave_numbers, add, citations)
        )
        if section is not None:
            sections[section.id] = section

    for raw in raws:
        if raw.kind in ("document", "wave"):
            continue
        if raw.kind == "group":
            for other in raw.data.get("with_groups", []):
                if other not in group_ids:
                    add(
                        raw,
                        "with_groups",
                        f'[[group]] "{raw.data["id"]}": with_groups names "{other}", which no [[group]] defines{did_you_mean(other, group_ids)}',
                    )
        for target in raw.data.get("see_also", []):
            if target not in seen_ids:
                add(
                    raw,
                    "see_also",
                    f'[[{raw.kind}]] "{raw.data["id"]}": see_also names "{target}", which no record defines{did_you_mean(target, set(seen_ids))}',
                )

    _check_unique_numbers(raws, add)
    _check_positions(raws, add)
    if problems:
        return None
    return Content(
        documents=documents,
        groups=tuple(groups),
        sections=sections,
        waves=tuple(waves),
        source_dir=folder,
    )


@dataclass
class _Making:
    """One table on its way to a section: what `Kind.make` reads (`kinds.Making`)."""

    raw: _Raw
    data: dict[str, Any]
    common: dict[str, Any]
    owner: str
    wave_numbers: set[int]
    add: Callable[[_Raw, str | None, str], None]
    cite: Callable[[_Raw, list[dict[str, Any]], str], tuple[Citation, ...]]

    def problem(self, key: str | None, message: str) -> None:
        self.add(self.raw, key, message)

    def citations(self, tables: list[dict[str, Any]]) -> tuple[Citation, ...]:
        return self.cite(self.raw, tables, self.owner)


def _check_positions(raws: list[_Raw], add: Callable[[_Raw, str | None, str], None]) -> None:
    """A pack that places any mapped ICS on the map places every one (a pack with none
    shows no drawing)."""
    mapped = [raw for raw in raws if raw.kind == "ics" and raw.data.get("number") is not None]
    placed = [raw for raw in mapped if "lat" in raw.data and "lon" in raw.data]
    if not placed:
        return
    for raw in mapped:
        if raw not in placed and "lat" not in raw.data and "lon" not in raw.data:
            add(
                raw,
                "number",
                f'[[ics]] "{raw.data["id"]}": is number {raw.data["number"]} on '
                'the map but has no "lat"/"lon"; every mapped ICS needs its position once any '
                "has one",
            )


def _check_unique_numbers(raws: list[_Raw], add: Callable[[_Raw, str | None, str], None]) -> None:
    for kind, key in ((k.name, k.unique) for k in SECTION_KINDS if k.unique):
        seen: dict[int, str] = {}
        for raw in raws:
            if raw.kind != kind or raw.data.get(key) is None:
                continue
            value = raw.data[key]
            if value in seen:
                add(
                    raw,
                    key,
                    f'[[{kind}]] "{raw.data["id"]}": {key} {value} is already used by "{seen[value]}"',
                )
            else:
                seen[value] = raw.data["id"]
