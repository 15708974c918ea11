"""The start-up content cache: the validated model kept as JSON in the state folder.

Parsing and validating the shipped content takes tens of milliseconds, most of it in
the TOML parser; the explorer pays that on every start although the files rarely
change. `load_content_cached` keeps the validated model as JSON (plain data, never
pickle) in the state folder, keyed by every content file's name, size, times and
inode, by the folder, by the limits and by the loader's own source files. Anything
odd about the cache (missing, unreadable, another key, a control character, a wrong
shape) means a full `load_content`; the cache can never stop the app or let through
text that loading would have cleaned. `ics-tui validate` never uses it.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any

from ics_tui.core import kinds, loader, sanitize
from ics_tui.core import model as _model
from ics_tui.core.loader import Problem
from ics_tui.core.model import Citation, Content, Document, Group, Reference, Section, Wave

# The cached model is only as good as the code that validated it: any change to these
# files (or to this one) means a full load.
_CODE = tuple(Path(m.__file__ or "") for m in (loader, _model, kinds, sanitize)) + (Path(__file__),)

CACHE_FILE = "content-cache.json"
CACHE_SCHEMA = 2
MAX_CACHE_BYTES = 64 * 1024 * 1024
_CONTENT_MARK = ',"content":'


def _digest(body: str) -> str:
    import hashlib

    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _digest_matches(text: str, digest: object) -> bool:
    """Whether the cached model is byte for byte what was written (a hand edit, a bad disk)."""
    at = text.find(_CONTENT_MARK)
    if not isinstance(digest, str) or at < 0 or not text.endswith("}"):
        return False
    return _digest(text[at + len(_CONTENT_MARK) : -1]) == digest


_CACHED_CLASSES = {
    cls.__name__: cls
    for cls in (Reference, Document, Citation, Group, Wave, *kinds.cached_classes())
}
# Text that loading would have cleaned. Raw C0 controls cannot occur inside JSON strings
# (`json.loads` refuses them), so this looks for DEL, C1 and bidi controls written raw, and
# for JSON's escapes of control characters: the cache is written with ensure_ascii=False,
# so \\u, \\b, \\f and \\r after an odd run of backslashes only ever stand for one.
_CACHE_UNSAFE_RAW = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CACHE_ESCAPE = re.compile(r"\\+[bfru]")


def _cache_text_is_clean(text: str) -> bool:
    if _CACHE_UNSAFE_RAW.search(text):
        return False
    if "\\u" in text or "\\b" in text or "\\f" in text or "\\r" in text:
        return all(
            (len(m.group()) - 1) % 2 == 0 for m in _CACHE_ESCAPE.finditer(text)
        )  # an even run is literal backslashes
    return True


def _cache_key(folder: Path) -> list[Any] | None:
    """What the cached model depends on, or None if the folder needs a full load anyway."""
    problems: list[Problem] = []
    try:
        if not folder.is_dir():
            return None
        files = loader._content_files(folder, problems)
        if problems or not files:
            return None
        entries = []
        for path in files:
            st = path.stat()
            entries.append([path.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
        code = []
        for source in _CODE:
            st = source.stat()
            code.append([source.name, st.st_size, st.st_mtime_ns])
    except OSError:
        return None
    return [
        CACHE_SCHEMA,
        str(folder.resolve()),
        loader.MAX_TEXT,
        loader.MAX_FILE_BYTES,
        loader.MAX_FILES,
        entries,
        code,
    ]


def _fields(cls: type) -> list[tuple[str, Any]]:
    """(name, how to rebuild) for each field of a model class, in order, read from its annotations.

    How: None for a plain value, True for a tuple of plain values, or the model class of
    a tuple of objects (`tuple[Citation, ...]`).
    """
    spec = _FIELD_SPECS.get(cls)
    if spec is None:
        spec = []
        for field in dataclasses.fields(cls):
            name = field.name
            found = re.fullmatch(
                r"tuple\[(?:[\w.]+\.)?(\w+), \.\.\.\]", str(field.type)
            )  # a string, or a type if annotations are evaluated
            if found is None:
                spec.append((name, None))
            else:
                spec.append((name, _CACHED_CLASSES.get(found.group(1), True)))
        _FIELD_SPECS[cls] = spec
    return spec


_FIELD_SPECS: dict[type, list[tuple[str, Any]]] = {}


def _encode(obj: Any) -> list[Any]:
    """A model object as the array of its field values (nested objects likewise)."""
    out = []
    for name, how in _fields(type(obj)):
        value = getattr(obj, name)
        if how is None:
            out.append(value)
        elif how is True:
            out.append(list(value))
        else:
            out.append([_encode(v) for v in value])
    return out


def _decode(cls: type, values: list[Any]) -> Any:
    """The inverse of `_encode`. Fills the object without `__init__`: it is what makes a warm start cheap."""
    names, plain_tuples, object_tuples = _decoder(cls)
    if type(values) is not list or len(values) != len(names):
        raise ValueError(f"a cached {cls.__name__} has the wrong shape")
    state = dict(zip(names, values))
    _check_types(cls, state)
    for name in plain_tuples:
        state[name] = tuple(state[name])
    for name, item_cls in object_tuples:
        state[name] = tuple([_decode(item_cls, v) for v in state[name]])
    obj: Any = object.__new__(cls)
    obj.__dict__.update(state)
    return obj


def _decoder(cls: type) -> tuple[list[str], list[str], list[tuple[str, type]]]:
    found = _DECODERS.get(cls)
    if found is None:
        spec = _fields(cls)
        found = _DECODERS[cls] = (
            [name for name, _ in spec],
            [name for name, how in spec if how is True],
            [(name, how) for name, how in spec if isinstance(how, type)],
        )
    return found


_DECODERS: dict[type, tuple[list[str], list[str], list[tuple[str, type]]]] = {}

# What a plain field may hold, from its annotation ("str", "int | None", "tuple[str, ...]"):
# a cache with a number where a title should be crashed every start (F9).
_PLAIN_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "float": (int, float),
}
_CHECKS: dict[type, list[tuple[str, tuple[type, ...], bool]]] = {}


def _allowed(annotation: str) -> tuple[tuple[type, ...], bool] | None:
    """(the types a value may have, whether it is a list of them), or None if not checked here."""
    annotation = annotation.split("=")[0].strip()
    found = re.fullmatch(r"tuple\[(\w+), \.\.\.\]", annotation)
    if found:
        kinds = _PLAIN_TYPES.get(found.group(1))
        return (kinds, True) if kinds else None
    out: list[type] = []
    for part in annotation.split("|"):
        part = part.strip()
        if part == "None":
            out.append(type(None))
        elif part in _PLAIN_TYPES:
            out.extend(_PLAIN_TYPES[part])
        else:
            return None  # nested model objects are checked as they are decoded
    return tuple(out), False


def _check_types(cls: type, state: dict[str, Any]) -> None:
    """Raise ValueError if a cached field has the wrong type, or text longer than loading allows."""
    checks = _CHECKS.get(cls)
    if checks is None:
        checks = []
        for field in dataclasses.fields(cls):
            name = field.name
            allowed = _allowed(
                field.type if isinstance(field.type, str) else getattr(field.type, "__name__", "")
            )
            if allowed is not None:
                checks.append((name, allowed[0], allowed[1]))
        _CHECKS[cls] = checks
    limit = loader.MAX_TEXT
    for name, allowed_types, is_list in checks:
        value = state.get(name)
        for item in value if is_list and type(value) is list else [value]:
            if not isinstance(item, allowed_types) or (
                isinstance(item, bool) and bool not in allowed_types
            ):
                raise ValueError(f"a cached {cls.__name__}.{name} has the wrong type")
            if type(item) is str and len(item) > limit:
                raise ValueError(f"a cached {cls.__name__}.{name} is longer than loading allows")
        if is_list and type(value) is not list:
            raise ValueError(f"a cached {cls.__name__}.{name} is not a list")


def _read_cache(path: Path, key: list[Any], folder: Path) -> Content | None:
    import json

    from ics_tui.data.safe_read import read_regular_text

    try:
        text = read_regular_text(path, MAX_CACHE_BYTES)
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("key") != json.loads(json.dumps(key)):
            return None
        if not _digest_matches(text, data.get("sha256")):
            return None  # edited or damaged since it was written
        if not _cache_text_is_clean(text):
            return None
        model = data["content"]
        documents = {k: _decode(Document, v) for k, v in model["documents"].items()}
        sections = {k: _decode(_CACHED_CLASSES[v[0]], v[1]) for k, v in model["sections"].items()}
        groups = tuple(_decode(Group, g) for g in model["groups"])
        waves = tuple(_decode(Wave, w) for w in model["waves"])
        if not all(d.id == k for k, d in documents.items()) or not all(
            isinstance(s, Section) and s.id == k for k, s in sections.items()
        ):
            return None
        return Content(
            documents=documents, groups=groups, sections=sections, waves=waves, source_dir=folder
        )
    except Exception:  # noqa: BLE001 - a cache that cannot be used is simply not used
        return None


def _write_cache(path: Path, key: list[Any], content: Content) -> None:
    import json

    from ics_tui.data.atomic import atomic_write_text

    model = {
        "documents": {k: _encode(d) for k, d in content.documents.items()},
        "sections": {k: [type(s).__name__, _encode(s)] for k, s in content.sections.items()},
        "groups": [_encode(g) for g in content.groups],
        "waves": [_encode(w) for w in content.waves],
    }
    try:
        body = json.dumps(model, ensure_ascii=False, separators=(",", ":"))
        head = json.dumps(
            {"key": key, "sha256": _digest(body)}, ensure_ascii=False, separators=(",", ":")
        )
        text = head[:-1] + _CONTENT_MARK + body + "}"
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except (OSError, TypeError, ValueError):
        pass  # no cache this time; the next start loads in full again


def load_content_cached(
    folder: str | os.PathLike[str], cache_dir: str | os.PathLike[str]
) -> Content:
    """`load_content`, reusing the model validated last time if no content file has changed.

    Same result and the same `ContentError` as `load_content`; the cache lives in
    `cache_dir` (the state folder) and is rewritten after every full load.
    """
    folder = Path(folder)
    cache = Path(cache_dir) / CACHE_FILE
    key = _cache_key(folder)
    if key is not None:
        content = _read_cache(cache, key, folder)
        if content is not None:
            return content
    content = loader.load_content(folder)
    if key is not None:
        _write_cache(cache, key, content)
    return content
