"""Find runs of 12 or more words that the content copies from the source documents.

Text inside double quotes (straight or curly) is treated as an attributed quote and
skipped. Run directly (`python tests/wording.py [CONTENT_DIR]`) to list offending runs;
`tests/test_content.py` asserts there are none.

The sources are not part of the checkout, so a clean clone (CI) checks against
`tests/data/source-runs.bin`: an 8-byte BLAKE2b digest of every 12-word run of the sources,
sorted (no text of theirs). `python tests/wording.py --fingerprint` rewrites it from
`../shared/seeds`.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

RUN = 12
ROOT = Path(__file__).resolve().parent.parent
# The sources: $ICS_TUI_SOURCES, else shared/seeds beside the checkout (or beside its worktrees).
SEEDS = (
    Path(os.environ["ICS_TUI_SOURCES"])
    if os.environ.get("ICS_TUI_SOURCES")
    else next(
        (
            p / "shared" / "seeds"
            for p in (ROOT.parent, ROOT.parent.parent)
            if (p / "shared" / "seeds").is_dir()
        ),
        ROOT.parent / "shared" / "seeds",
    )
)
FINGERPRINTS = Path(__file__).resolve().parent / "data" / "source-runs.bin"
DIGEST = 8
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


def fingerprint(run: tuple[str, ...]) -> bytes:
    import hashlib

    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=DIGEST).digest()


def write_fingerprints(runs: set[tuple[str, ...]], path: Path = FINGERPRINTS) -> int:
    digests = sorted({fingerprint(r) for r in runs})
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"".join(digests))
    return len(digests)


def read_fingerprints(path: Path = FINGERPRINTS) -> set[bytes]:
    raw = path.read_bytes()
    return {raw[i : i + DIGEST] for i in range(0, len(raw), DIGEST)}


class Fingerprinted:
    """The runs of the sources, known only by their digests: `run in it` as for a set of runs."""

    def __init__(self, digests: set[bytes]) -> None:
        self.digests = digests

    def __contains__(self, run: object) -> bool:
        return fingerprint(run) in self.digests  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self.digests)


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def copied_runs(
    content_dir: Path, runs: set[tuple[str, ...]] | Fingerprinted
) -> list[tuple[str, str]]:
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
    if sys.argv[1:] == ["--fingerprint"]:
        print(f"{write_fingerprints(source_runs())} runs written to {FINGERPRINTS}")
        raise SystemExit(0)
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content"
    hits = copied_runs(folder, source_runs())
    for name, run in hits:
        print(f"{name}: copied run: {run}")
    print(f"{len(hits)} copied run(s)")
    raise SystemExit(1 if hits else 0)
