"""The member's `config.toml`: key remapping and theme, checked like content is.

```toml
theme = "textual-light"
map_style = "blocks"   # the drawn map in half blocks, for fonts without braille

[keymap]
"pane.split" = "ctrl+s"
"view.map" = "1,m"
```

A bad entry is reported (file, line, what is wrong) and skipped; it never stops
the app: not a FIFO or device in its place, a huge file, nesting deeper than the TOML
parser can recurse (F8, F10), a byte-order mark (F17), a key name no keyboard sends
(F15), nor hundreds of problems (at most `MAX_PROBLEMS` are listed, F16).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ics_tui.core.loader import did_you_mean
from ics_tui.core.toml_lines import LineIndex
from ics_tui.data import locations

MAX_BYTES = 1024 * 1024  # a theme and a keymap: a few hundred bytes in practice
MAX_DEPTH = 16
MAX_PROBLEMS = 5

MODIFIERS = {"ctrl", "alt", "shift", "meta", "super", "hyper"}
NAMED_KEYS = {
    "escape",
    "enter",
    "tab",
    "space",
    "backspace",
    "delete",
    "insert",
    "home",
    "end",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "return",
    # Textual's friendlier names for some characters (textual.keys.KEY_NAME_REPLACEMENTS)
    "slash",
    "backslash",
    "at",
    "minus",
    "plus",
    "underscore",
} | {f"f{n}" for n in range(1, 25)}


def key_problem(keys: str) -> str | None:
    """Why `keys` ("ctrl+s", "1,m", "question_mark") is not a key list a terminal can send, or None."""
    import unicodedata

    for key in keys.split(","):
        key = key.strip()
        if not key:
            return "has an empty key (two commas, or a comma at an end)"
        *modifiers, base = key.split("+")
        if not base:
            return f"{key!r} names no key after its modifiers"
        unknown = [m for m in modifiers if m not in MODIFIERS]
        if unknown:
            return f"{key!r}: {unknown[0]!r} is not a modifier (ctrl, alt, shift, meta, super)"
        if len(base) == 1 and base.isprintable() and not base.isspace():
            continue
        if base.lower() in NAMED_KEYS:
            continue
        try:  # Textual's names for characters: "question_mark", "left_square_bracket"
            char = unicodedata.lookup(base.replace("_", " "))
        except KeyError:
            char = ""
        if char and ord(char) < 0x100 and char.isprintable():
            continue
        return f'{key!r} is not a key name (try "ctrl+s", "f5" or "question_mark")'
    return None


@dataclass
class Config:
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    map_style: str | None = None
    problems: list[str] = field(default_factory=list)


def load_config(binding_ids: set[str], themes: set[str], path: Path | None = None) -> Config:
    """Read the config; every problem becomes a message in `problems`, never an exception."""
    from ics_tui.data.safe_read import nesting_ok, read_regular_text

    config = Config()
    try:
        path = path or locations.config_path()
        text = read_regular_text(path, MAX_BYTES)
    except FileNotFoundError:
        return config
    except OSError as error:
        config.problems.append(
            f"{path}: cannot be read ({error.strerror or error}); using the default keys"
        )
        return config
    except UnicodeDecodeError as error:
        config.problems.append(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start}); using the default keys"
        )
        return config
    except Exception as error:  # noqa: BLE001 - no config folder could be worked out
        config.problems.append(f"config.toml: cannot be found ({error}); using the default keys")
        return config
    if not nesting_ok(text, MAX_DEPTH):
        config.problems.append(
            f"{path}: nested more than {MAX_DEPTH} levels deep; using the default keys"
        )
        return config
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: TOML syntax error: {error}; using the default keys")
        return config
    except RecursionError:
        config.problems.append(f"{path}: nested too deeply to read; using the default keys")
        return config
    config.problems = _read(config, data, text, path, binding_ids, themes)
    if len(config.problems) > MAX_PROBLEMS:
        rest = len(config.problems) - (MAX_PROBLEMS - 1)
        config.problems[MAX_PROBLEMS - 1 :] = [
            f"{path}: {rest} more problem(s) like these; fix the ones above first"
        ]
    return config


def _read(
    config: Config,
    data: dict[str, Any],
    text: str,
    path: Path,
    binding_ids: set[str],
    themes: set[str],
) -> list[str]:
    """Fill `config` from the parsed TOML; return the problems found."""
    lines = LineIndex(text)

    def where(table: tuple[str | int, ...], key: str) -> str:
        return f"{path}:{lines.line_of(table, key) or 1}"

    for key, value in data.items():
        if key == "theme":
            if isinstance(value, str) and value in themes:
                config.theme = value
            else:
                config.problems.append(
                    f"{where((), key)}: theme {value!r} is not one of: {', '.join(sorted(themes))}"
                )
        elif key == "map_style":
            if value in ("braille", "blocks"):
                config.map_style = value
            else:
                config.problems.append(
                    f'{where((), key)}: map_style {value!r} must be "braille" or "blocks"'
                )
        elif key == "keymap":
            if not isinstance(value, dict):
                config.problems.append(f"{where((), key)}: keymap must be a table, [keymap]")
                continue
            for binding_id, keys in value.items():
                if binding_id not in binding_ids:
                    config.problems.append(
                        f"{where(('keymap',), binding_id)}: no key binding has the id {binding_id!r}{did_you_mean(binding_id, binding_ids)}"
                    )
                elif not isinstance(keys, str) or not keys.strip():
                    config.problems.append(
                        f'{where(("keymap",), binding_id)}: {binding_id!r} must be a string of keys such as "ctrl+s"'
                    )
                elif (problem := key_problem(keys)) is not None:
                    config.problems.append(
                        f"{where(('keymap',), binding_id)}: {binding_id!r} {problem}"
                    )
                else:
                    config.keymap[binding_id] = keys.strip()
        else:
            config.problems.append(
                f"{where((), key)}: unknown setting {key!r}{did_you_mean(key, {'theme', 'keymap', 'map_style'})}"
            )
    return config.problems
