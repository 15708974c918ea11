"""Find runs of 12 or more words that the content copies from the source documents.

Text inside double quotes (straight or curly) is treated as an attributed quote and
skipped. Run directly (`python tests/wording.py [CONTENT_DIR]`) to list offending runs;
`tests/test_content.py` asserts there are none.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

RUN = 12
ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("ICS_TUI_SOURCES") or ROOT.parent / "shared" / "seeds")
_WORD = re.compile(r"[a-z0-9£%]+(?:['’][a-z]+)?")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def source_runs(seed_dir: Path = SEEDS) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for path in sorted(seed_dir.glob("*.txt")):
        ws = words(path.read_text(encoding="utf-8"))
        runs.update(tuple(ws[i : i + RUN]) for i in range(len(ws) - RUN + 1))
    return runs


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def copied_runs(content_dir: Path, runs: set[tuple[str, ...]]) -> list[tuple[str, str]]:
    """(file, copied words) for each string in the pack that repeats a source run."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    found: list[tuple[str, str]] = []
    for path in sorted(content_dir.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for text in strings_in(data):
            ws = words(_QUOTED.sub(" ", text))
            for i in range(len(ws) - RUN + 1):
                if tuple(ws[i : i + RUN]) in runs:
                    found.append((path.name, " ".join(ws[i : i + RUN])))
                    break
    return found


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content"
    hits = copied_runs(folder, source_runs())
    for name, run in hits:
        print(f"{name}: copied run: {run}")
    print(f"{len(hits)} copied run(s)")
    raise SystemExit(1 if hits else 0)
