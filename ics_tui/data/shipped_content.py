"""The shipped content in its fast form, checked in beside the code: every run starts warm.

`content_fast.json` (next to this file) holds the validated model of the shipped `content/`
folder, written by this module's generator. `load_warm` (every start) asks `load_shipped`
first, so even the first run after an install or upgrade skips parsing and validating
the TOML. The file is trusted only for the exact files it was made from: its first line
records each content file's name, size and SHA-256, and a digest of the code that
validated it (loader, model, content kinds, sanitizer, the cache and this module). A start compares
names and sizes (one stat each), then hashes the files (well under a millisecond for the
shipped ~210 KiB); any difference, an edited file, a content pack, changed loader code, a
damaged or hand-edited fast file, means the usual path (the state-folder cache, else a
full load). Content is therefore never shown stale; at worst a start is slower.

Regenerate it after changing anything under `content/` or the loader:

    python -m ics_tui.data.shipped_content

`tests/test_shipped_content.py` fails, naming that command, when it is out of step.

Why checked in rather than built with the wheel: an editable install, a source checkout,
the sdist, a wheel and the one-file `.pyz` all carry the same file, built by no build hook
(the build backend never runs project code, which would need tomli in the build
environment on 3.10), and the file is byte-identical wherever it is made, so rebuilt
releases stay reproducible. The price is one command after a content edit, which the test
enforces.

Layout: line 1 the key (JSON), line 2 the SHA-256 of the rest, then the model as JSON,
one document, section, group or wave per line (so a diff shows what changed).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ics_tui.core import loader
from ics_tui.core.model import Content, Document, Group, Wave

FAST_FILE = Path(__file__).with_name("content_fast.json")
REGENERATE = "python -m ics_tui.data.shipped_content"
SCHEMA = 1
MAX_FAST_BYTES = 16 * 1024 * 1024


def _sha256(data: bytes = b"") -> Any:
    """SHA-256 from the interpreter's own module: `hashlib` loads OpenSSL, which costs a start
    more than hashing the content does."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.10, 3.11
        except ImportError:  # pragma: no cover - a build without them
            from hashlib import sha256
    return sha256(data)


def _code_files() -> list[Path]:
    from ics_tui.core import kinds, model, sanitize
    from ics_tui.data import content_cache

    return [Path(str(m.__file__)) for m in (loader, model, kinds, sanitize, content_cache)] + [
        Path(__file__)
    ]


def _code_digest() -> str:
    digest = _sha256()
    for path in _code_files():
        data = path.read_bytes().replace(
            b"\r\n", b"\n"
        )  # a checkout with CRLF line ends is the same code
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return str(digest.hexdigest())


def _files(folder: Path) -> list[Path] | None:
    problems: list[loader.Problem] = []
    files = loader._content_files(folder, problems)
    return None if problems or not files else files


def _file_entry(path: Path) -> list[Any]:
    data = path.read_bytes()
    return [path.name, len(data), _sha256(data).hexdigest()]


def _key(files: list[Path]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "limits": [loader.MAX_TEXT, loader.MAX_FILE_BYTES, loader.MAX_FILES],
        "code": _code_digest(),
        "files": [_file_entry(p) for p in files],
    }


def _same_files(files: list[Path], recorded: Any) -> bool:
    """Cheap first: names and sizes from one stat each; only then the contents' hashes."""
    if type(recorded) is not list or len(recorded) != len(files):
        return False
    for path, entry in zip(files, recorded):
        if (
            type(entry) is not list
            or len(entry) != 3
            or entry[0] != path.name
            or entry[1] != path.stat().st_size
        ):
            return False
    return all(_file_entry(path) == entry for path, entry in zip(files, recorded))


def load_shipped(folder: str | os.PathLike[str], fast_file: Path | None = None) -> Content | None:
    """The model of `folder` from the fast file if it was made from exactly these files, else None.

    Never raises: anything odd (missing or damaged file, other content, other code) is None.
    """
    import json

    from ics_tui.data import content_cache

    folder = Path(folder)
    fast_file = fast_file or FAST_FILE
    try:
        with open(fast_file, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_FAST_BYTES:
                return None
            raw = handle.read()
        text = raw.decode("utf-8")
        key_line, digest_line, body = text.split("\n", 2)
        key = json.loads(key_line)
        files = _files(folder)
        if (
            files is None
            or type(key) is not dict
            or key.get("schema") != SCHEMA
            or key.get("limits") != [loader.MAX_TEXT, loader.MAX_FILE_BYTES, loader.MAX_FILES]
            or not _same_files(files, key.get("files"))
            or key.get("code") != _code_digest()
            or _sha256(body.encode("utf-8")).hexdigest() != digest_line
        ):
            return None
        # The body is byte for byte what `build_text` wrote from content that passed
        # `load_content` (its digest says so), so the state cache's checks of text and
        # types, which cost more than the rest of a warm start, are not repeated here.
        model = json.loads(body)
        decode = _decoder()
        documents = {d[1][0]: decode(Document, d[1]) for d in model["documents"]}
        sections = {
            s[1][0]: decode(content_cache._CACHED_CLASSES[s[0]], s[1]) for s in model["sections"]
        }
        groups = tuple([decode(Group, g) for g in model["groups"]])
        waves = tuple([decode(Wave, w) for w in model["waves"]])
        return Content(
            documents=documents, groups=groups, sections=sections, waves=waves, source_dir=folder
        )
    except Exception:  # noqa: BLE001 - a fast file that cannot be used is simply not used
        return None


def _decoder() -> Any:
    """`content_cache._decode` without its per-field checks: one model object from its field values."""
    from ics_tui.data import content_cache

    plans: dict[type, tuple[list[str], list[str], list[tuple[str, type]]]] = {}
    new = object.__new__

    def decode(cls: type, values: list[Any]) -> Any:
        plan = plans.get(cls)
        if plan is None:
            plan = plans[cls] = content_cache._decoder(cls)
        names, plain_tuples, object_tuples = plan
        if len(values) != len(names):
            raise ValueError(f"a {cls.__name__} of the wrong shape")
        obj: Any = new(cls)
        state = obj.__dict__
        state.update(zip(names, values))
        for name in plain_tuples:
            state[name] = tuple(state[name])
        for name, item_cls in object_tuples:
            state[name] = tuple([decode(item_cls, v) for v in state[name]])
        return obj

    return decode


def build_text(folder: Path) -> str:
    """The fast file's text for `folder` (raises `ContentError` if the content has problems)."""
    import json

    from ics_tui.data.content_cache import _encode

    files = _files(folder)
    content = loader.load_content(folder)  # raises on any problem
    assert files is not None

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    # Documents and sections as [kind, fields] pairs, in load order: the id is each one's first field.
    parts = {
        "documents": [dump(["Document", _encode(d)]) for d in content.documents.values()],
        "sections": [dump([type(s).__name__, _encode(s)]) for s in content.sections.values()],
        "groups": [dump(_encode(g)) for g in content.groups],
        "waves": [dump(_encode(w)) for w in content.waves],
    }
    body = (
        "{\n"
        + ",\n".join(f'"{name}":[\n' + ",\n".join(lines) + "\n]" for name, lines in parts.items())
        + "\n}\n"
    )
    digest = str(_sha256(body.encode("utf-8")).hexdigest())
    return dump(_key(files)) + "\n" + digest + "\n" + body


def main(argv: list[str] | None = None) -> int:
    """Regenerate the fast file from the shipped content folder (or check it with --check)."""
    import argparse

    from ics_tui.core.loader import ContentError
    from ics_tui.data.locations import shipped_content_dir

    parser = argparse.ArgumentParser(
        prog="python -m ics_tui.data.shipped_content", description=main.__doc__
    )
    parser.add_argument(
        "--check", action="store_true", help="only say whether the file is in step (exit 1 if not)"
    )
    args = parser.parse_args(argv)
    folder = shipped_content_dir()
    try:
        text = build_text(folder)
    except ContentError as error:
        print(f"the content has problems; fix them first:\n{error}")
        return 2
    current = FAST_FILE.read_text(encoding="utf-8") if FAST_FILE.exists() else None
    if args.check:
        print(
            f"{FAST_FILE.name}: {'in step' if current == text else 'OUT OF STEP; run ' + REGENERATE}"
        )
        return 0 if current == text else 1
    if current != text:
        FAST_FILE.write_text(text, encoding="utf-8", newline="\n")
    print(
        f"{FAST_FILE} {'unchanged' if current == text else 'written'} ({len(text.encode()) / 1024:.0f} KiB, from {folder})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def load_warm(folder: str | os.PathLike[str], cache_dir: str | os.PathLike[str]) -> Content:
    """What every start reads: the shipped fast form when the folder is the shipped content
    unchanged, else the state folder's cache (`load_content_cached`), else a full load."""
    from ics_tui.data.content_cache import load_content_cached

    content = load_shipped(folder)  # the shipped content, validated when it was checked in
    if content is not None:
        return content
    return load_content_cached(folder, cache_dir)
