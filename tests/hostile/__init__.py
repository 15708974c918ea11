"""Hostile content packs, built at test time from the shipped content.

Each builder copies the shipped content folder into a temporary directory and
injects one kind of trouble (markup, escape sequences, a huge body, a symlink
loop, ...), so nothing binary or hostile is committed. `multiply` synthesises
bigger packs (the shipped content N times, with renamed ids) for the load
benchmark and the many-sections case.

TOML is written by a small writer here (`dumps`): strings are escaped with
`\\uXXXX` for every control character, so the payloads reach the loader exactly as
built and the files stay valid TOML.
"""

from __future__ import annotations

import copy
import re
import shutil
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ics_tui.data.locations import shipped_content_dir

DORSET = "ics/dorset"
ICS_FILE = "icss.toml"

# Payloads, each with a visible word after it so a test can see that the rest rendered.
MARKUP = ("[bold red]RED[/bold red]", "[link=https://x]LINK[/link]", "[@click=app.quit]CLICK[/]")
MARKUP_TITLE = "Dorset [bold red]T[/bold red]"
ESCAPES = {
    "csi": "\x1b[2J",
    "osc-title": "\x1b]0;PWNED\x07",
    "osc-52": "\x1b]52;c;SGVsbG8=\x07",
    "bel": "RING\x07RING",
    "nul": "NUL\x00NUL",
    "c1-csi": "C1\x9b31mC1",
    "del": "DEL\x7fDEL",
}
BIDI = "\u202eSTNEMUCOD\u202c"  # right-to-left override: shows "DOCUMENTS" reversed if honoured


# --- writing TOML ---------------------------------------------------------------------

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029]')
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}.get(char) or f"\\u{ord(char):04x}"


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_value(key)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(path: str, table: dict[str, Any], out: list[str]) -> None:
    for key, value in table.items():
        if not _is_table_array(value):
            out.append(f"{toml_key(key)} = {toml_value(value)}")
    for key, value in table.items():
        if _is_table_array(value):
            for sub in value:
                out.append(f"[[{path}.{key}]]")
                _table(f"{path}.{key}", sub, out)


def dumps(data: dict[str, list[dict[str, Any]]]) -> str:
    """Write a content file: top-level arrays of tables, as the shipped content is written."""
    out: list[str] = []
    for kind, tables in data.items():
        for table in tables:
            out.append(f"\n[[{kind}]]")
            _table(kind, table, out)
    return "\n".join(out).lstrip("\n") + "\n"


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# --- building packs -------------------------------------------------------------------


def copy_shipped(target: Path, own: bool = False) -> Path:
    """A writable copy of the shipped content folder at `target`.

    `own`: with a comment added to one file, so that the model is the same but the files are
    not the shipped ones (the shipped fast form does not match; the state-folder cache is used).
    """
    shutil.copytree(shipped_content_dir(), target)
    if own:
        with open(target / "groups.toml", "a", encoding="utf-8") as handle:
            handle.write("\n# a pack of its own\n")
    return target


def edit_section(pack: Path, file: str, section_id: str, **changes: Any) -> None:
    """Rewrite one record of `file` in the pack with `changes` (a callable gets the old value)."""
    path = pack / file
    data = read(path)
    for tables in data.values():
        for table in tables:
            if table.get("id") == section_id:
                for key, change in changes.items():
                    table[key] = change(table.get(key)) if callable(change) else change
                path.write_text(dumps(data), encoding="utf-8")
                return
    raise KeyError(f"{section_id} is not in {path}")


def markup_pack(tmp: Path) -> Path:
    """Dorset's title, body and first fact carry Rich/Textual markup, including an action link."""
    pack = copy_shipped(tmp / "markup")
    payload = " ".join(MARKUP)

    def first_fact(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        facts = copy.deepcopy(facts)
        facts[0]["text"] = f"{payload} {facts[0]['text']}"
        return facts

    edit_section(
        pack,
        ICS_FILE,
        DORSET,
        title=MARKUP_TITLE,
        body=lambda body: f"{payload}\n\n{body}",
        fact=first_fact,
    )
    return pack


def escapes_pack(tmp: Path) -> Path:
    """Dorset's title and body carry CSI, OSC (title, clipboard), BEL, NUL, C1 and DEL."""
    pack = copy_shipped(tmp / "escapes")
    payload = " ".join(f"<{name}>{text}</{name}>" for name, text in ESCAPES.items())
    edit_section(
        pack,
        ICS_FILE,
        DORSET,
        title="Dorset " + ESCAPES["osc-title"] + ESCAPES["csi"],
        body=lambda body: f"{payload}\n\n{body}",
        notes="Note " + ESCAPES["osc-52"] + ESCAPES["c1-csi"],
    )
    return pack


def bidi_pack(tmp: Path) -> Path:
    """Dorset's title and body carry a right-to-left override."""
    pack = copy_shipped(tmp / "bidi")
    edit_section(
        pack,
        ICS_FILE,
        DORSET,
        title=f"Dorset {BIDI}",
        body=lambda body: f"Bidi {BIDI} text.\n\n{body}",
    )
    return pack


def huge_body_pack(tmp: Path, characters: int = 5_000_000) -> Path:
    """Dorset's body is `characters` long (5 MB by default)."""
    pack = copy_shipped(tmp / "huge")
    line = "A long body that goes on and on. " * 3 + "\n"
    body = (line * (characters // len(line) + 1))[:characters]
    edit_section(pack, ICS_FILE, DORSET, body=body)
    return pack


def many_sections_pack(tmp: Path, count: int = 10_000) -> Path:
    """The shipped content plus `count` sections in one extra file, in an existing group."""
    pack = copy_shipped(tmp / "many")
    cite = [{"doc": "bma-2019", "heading": "Key themes and priorities"}]
    sections = [
        {
            "id": f"many/s{n:05d}",
            "group": "key-themes",
            "title": f"Extra section {n}",
            "body": f"Body of extra section {n}, about place-based care.",
            "cite": cite,
        }
        for n in range(count)
    ]
    (pack / "many.toml").write_text(dumps({"section": sections}), encoding="utf-8")
    return pack


def deep_pack(tmp: Path, style: str, depth: int = 5_000) -> Path:
    """One extra file nesting arrays, inline tables or dotted tables `depth` deep."""
    pack = copy_shipped(tmp / f"deep-{style}")
    if style == "arrays":
        text = "x = " + "[" * depth + "1" + "]" * depth + "\n"
    elif style == "inline-tables":
        text = "x = " + "{a = " * depth + "1" + "}" * depth + "\n"
    elif style == "dotted-tables":
        text = "[" + ".".join(["a"] * depth) + "]\nb = 1\n"
    else:
        raise ValueError(style)
    (pack / "deep.toml").write_text(text, encoding="utf-8")
    return pack


def non_utf8_pack(tmp: Path) -> Path:
    """icss.toml holds a byte sequence that is not UTF-8 (Latin-1 'é' and a stray 0xff)."""
    pack = copy_shipped(tmp / "latin1")
    path = pack / ICS_FILE
    raw = path.read_bytes().replace(b'title = "Dorset"', b'title = "Dors\xe9t \xff"', 1)
    assert raw != path.read_bytes()
    path.write_bytes(raw)
    return pack


def bom_pack(tmp: Path) -> Path:
    """Every file starts with a UTF-8 byte-order mark, as some Windows editors write."""
    pack = copy_shipped(tmp / "bom")
    for path in pack.glob("*.toml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return pack


def symlink_loop_pack(tmp: Path) -> Path:
    """Two .toml links pointing at each other, and a folder link back to the pack itself."""
    pack = copy_shipped(tmp / "loop")
    (pack / "loop-a.toml").symlink_to(pack / "loop-b.toml")
    (pack / "loop-b.toml").symlink_to(pack / "loop-a.toml")
    (pack / "again").symlink_to(pack, target_is_directory=True)
    return pack


def dir_loop_pack(tmp: Path) -> Path:
    """Only a folder link back to the pack itself (and links inside it): a loop for anything that recurses."""
    pack = copy_shipped(tmp / "dirloop")
    (pack / "again").symlink_to(pack, target_is_directory=True)
    (pack / "sub").mkdir()
    (pack / "sub" / "up").symlink_to(pack, target_is_directory=True)
    return pack


def outside_link_pack(tmp: Path) -> Path:
    """A .toml link to a valid content file outside the pack folder."""
    pack = copy_shipped(tmp / "outside")
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    secret = elsewhere / "secret.toml"
    cite = [{"doc": "bma-2019", "heading": "Key themes and priorities"}]
    secret.write_text(
        dumps(
            {
                "section": [
                    {
                        "id": "outside/secret",
                        "group": "key-themes",
                        "title": "From outside",
                        "body": "Read through a link.",
                        "cite": cite,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    (pack / "secret.toml").symlink_to(secret)
    return pack


# --- bigger packs for the benchmark ----------------------------------------------------

SHARED_KINDS = ("document", "group", "wave")  # defined once; every copy cites the same ones
NUMBERED = {"ics": "number", "principle": "number", "tier": "level"}


def renamed_copy(
    data: dict[str, list[dict[str, Any]]], copy_number: int
) -> dict[str, list[dict[str, Any]]]:
    """The records of one file with ids, see-also links and unique numbers moved to copy `copy_number`."""
    suffix = f"-x{copy_number}"
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, tables in data.items():
        if kind in SHARED_KINDS:
            continue
        renamed = []
        for table in copy.deepcopy(tables):
            table["id"] = table["id"] + suffix
            if "see_also" in table:
                table["see_also"] = [target + suffix for target in table["see_also"]]
            key = NUMBERED.get(kind)
            if key and key in table:
                table[key] = table[key] + 1000 * copy_number
            renamed.append(table)
        out[kind] = renamed
    return out


def multiply(target: Path, copies: int) -> Path:
    """The shipped content `copies` times over, one file per shipped file, valid as one pack."""
    target.mkdir(parents=True)
    for source in sorted(shipped_content_dir().glob("*.toml")):
        text = source.read_text(encoding="utf-8")
        parts = [text]
        if copies > 1:
            data = tomllib.loads(text)
            parts += [dumps(renamed_copy(data, n)) for n in range(2, copies + 1)]
        (target / source.name).write_text("\n".join(parts), encoding="utf-8")
    return target
