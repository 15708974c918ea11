"""The member's `config.toml`: key remapping and theme, checked like content is.

```toml
theme = "textual-light"
map_style = "blocks"   # the drawn map in half blocks, for fonts without braille

[keymap]
"pane.split" = "ctrl+s"
"view.map" = "1,m"
```

A bad entry is reported (file, line, what is wrong) and skipped; it never stops
the app.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ics_tui.core.loader import did_you_mean
from ics_tui.core.toml_lines import LineIndex
from ics_tui.data import locations


@dataclass
class Config:
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    map_style: str | None = None
    problems: list[str] = field(default_factory=list)


def load_config(binding_ids: set[str], themes: set[str], path: Path | None = None) -> Config:
    """Read the config; every problem becomes a message in `problems`, never an exception."""
    path = path or locations.config_path()
    config = Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError) as error:
        config.problems.append(f"{path}: cannot be read ({error}); using the default keys")
        return config
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: TOML syntax error: {error}; using the default keys")
        return config
    lines = LineIndex(text)

    def where(table: tuple[str | int, ...], key: str) -> str:
        return f"{path}:{lines.line_of(table, key) or 1}"

    for key, value in data.items():
        if key == "theme":
            if isinstance(value, str) and value in themes:
                config.theme = value
            else:
                config.problems.append(f"{where((), key)}: theme {value!r} is not one of: {', '.join(sorted(themes))}")
        elif key == "map_style":
            if value in ("braille", "blocks"):
                config.map_style = value
            else:
                config.problems.append(
                    f'{where((), key)}: map_style {value!r} must be "braille" or "blocks"')
        elif key == "keymap":
            if not isinstance(value, dict):
                config.problems.append(f"{where((), key)}: keymap must be a table, [keymap]")
                continue
            for binding_id, keys in value.items():
                if binding_id not in binding_ids:
                    config.problems.append(f"{where(('keymap',), binding_id)}: no key binding has the id {binding_id!r}{did_you_mean(binding_id, binding_ids)}")
                elif not isinstance(keys, str) or not keys.strip():
                    config.problems.append(f"{where(('keymap',), binding_id)}: {binding_id!r} must be a string of keys such as \"ctrl+s\"")
                else:
                    config.keymap[binding_id] = keys.strip()
        else:
            config.problems.append(f"{where((), key)}: unknown setting {key!r}{did_you_mean(key, {'theme', 'keymap', 'map_style'})}")
    return config
