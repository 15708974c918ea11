"""The start-up content cache (`load_content_cached`): the same model, or a full load; never stale, never unsafe."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hostile import DORSET, ICS_FILE, copy_shipped, edit_section, escapes_pack

from ics_tui.cli import main
from ics_tui.core import loader
from ics_tui.core.loader import ContentError, load_content
from ics_tui.core.sanitize import has_unsafe
from ics_tui.data.content_cache import CACHE_FILE, load_content_cached

EXTRA_GROUP = '[[group]]\nid = "extra"\ntitle = "Extra"\n'


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_shipped(
        tmp_path / "pack", own=True
    )  # not the shipped files: the state cache is used


def count_full_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = loader.load_content

    def counting(folder):
        calls.append(Path(folder))
        return real(folder)

    monkeypatch.setattr(loader, "load_content", counting)
    return calls


def test_warm_load_gives_the_same_model_without_parsing(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_content(pack)
    calls = count_full_loads(monkeypatch)
    first = load_content_cached(pack, tmp_path / "state")
    assert (tmp_path / "state" / CACHE_FILE).is_file()
    second = load_content_cached(pack, tmp_path / "state")
    assert len(calls) == 1, "the second start should come from the cache"
    assert first == fresh and second == fresh
    assert second.source_dir == fresh.source_dir
    for section_id, section in fresh.sections.items():
        cached = second.sections[section_id]
        assert type(cached) is type(section) and cached == section and hash(cached) == hash(section)
    assert [g.id for g in second.groups] == [g.id for g in fresh.groups]
    assert second.in_group("ics-map") == fresh.in_group("ics-map")


@pytest.mark.parametrize("change", ["edit", "touch", "add", "remove"])
def test_a_changed_pack_is_loaded_again(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    extra = pack / "extra.toml"
    if change == "remove":
        extra.write_text(EXTRA_GROUP, encoding="utf-8")
    load_content_cached(pack, tmp_path / "state")
    if change == "edit":
        edit_section(pack, ICS_FILE, DORSET, title="Dorset (edited)")
    elif change == "touch":  # same bytes, new time: a sync tool rewrote it
        path = pack / "tiers.toml"
        os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns + 5_000_000_000))
    elif change == "add":
        extra.write_text(EXTRA_GROUP, encoding="utf-8")
    else:
        extra.unlink()
    calls = count_full_loads(monkeypatch)
    content = load_content_cached(pack, tmp_path / "state")
    assert len(calls) == 1
    assert content == load_content(pack)
    if change == "edit":
        assert content.sections[DORSET].title == "Dorset (edited)"
    if change in ("add", "remove"):
        assert any(g.id == "extra" for g in content.groups) == (change == "add")


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "empty", "wrong-shape", "unknown-class", "not-a-dict", "folder"],
)
def test_a_damaged_cache_is_replaced_by_a_full_load_silently(
    pack: Path,
    tmp_path: Path,
    damage: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    state = tmp_path / "state"
    load_content_cached(pack, state)
    cache = state / CACHE_FILE
    text = cache.read_text(encoding="utf-8")
    if damage == "garbage":
        cache.write_bytes(b"\xff\xfe not json")
    elif damage == "truncated":
        cache.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "empty":
        cache.write_text("", encoding="utf-8")
    elif damage == "wrong-shape":
        data = json.loads(text)
        data["content"]["sections"][DORSET][1].pop()
        cache.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "unknown-class":
        data = json.loads(text)
        data["content"]["sections"][DORSET][0] = "os.system"
        cache.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "not-a-dict":
        cache.write_text("[1, 2, 3]", encoding="utf-8")
    else:
        cache.unlink()
        cache.mkdir()
    damaged = sorted(p.name for p in state.iterdir())
    calls = count_full_loads(monkeypatch)
    fresh = load_content(pack)
    assert load_content_cached(pack, state) == fresh
    assert len(calls) == 1  # the damaged cache was not used
    assert load_content_cached(pack, state) == fresh
    if damage == "folder":  # a folder in the cache's place is left alone: every start loads in full
        assert cache.is_dir() and len(calls) == 2
    else:  # the cache was rewritten: the next start comes from it, without a full load
        assert len(calls) == 1
    assert sorted(p.name for p in state.iterdir()) == damaged  # no crash log, no set-aside copies
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""  # nothing to tell the member


def test_a_cache_for_another_folder_is_not_used(tmp_path: Path) -> None:
    one = copy_shipped(tmp_path / "one", own=True)
    two = copy_shipped(tmp_path / "two", own=True)
    edit_section(two, ICS_FILE, DORSET, title="Dorset in pack two")
    load_content_cached(one, tmp_path / "state")
    assert (
        load_content_cached(two, tmp_path / "state").sections[DORSET].title == "Dorset in pack two"
    )
    assert load_content_cached(one, tmp_path / "state").sections[DORSET].title == "Dorset"


@pytest.mark.parametrize("payload", ["\x1b]0;PWNED\x07", "\x9b31m", "\u202e", "\x7f", "\r"])
def test_a_cache_holding_control_characters_is_refused(
    pack: Path, tmp_path: Path, payload: str
) -> None:
    """Even a cache edited by hand cannot put text before the terminal that loading would have cleaned."""
    state = tmp_path / "state"
    load_content_cached(pack, state)
    cache = state / CACHE_FILE
    data = json.loads(cache.read_text(encoding="utf-8"))
    fields = data["content"]["sections"][DORSET][1]
    fields[3] = "Dorset " + payload  # the title
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    content = load_content_cached(pack, state)
    assert content.sections[DORSET].title == "Dorset"
    assert not any(has_unsafe(s.title + s.body) for s in content.sections.values())


def test_hostile_text_stays_clean_through_the_cache(tmp_path: Path) -> None:
    pack = escapes_pack(tmp_path)
    load_content_cached(pack, tmp_path / "state")
    content = load_content_cached(pack, tmp_path / "state")
    dorset = content.sections[DORSET]
    assert "PWNED" in dorset.title and not has_unsafe(dorset.title + dorset.body + dorset.notes)


def test_an_unwritable_state_folder_still_loads(pack: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the state folder should be", encoding="utf-8")
    assert load_content_cached(pack, blocker) == load_content(pack)


def test_a_broken_pack_raises_the_same_error(pack: Path, tmp_path: Path) -> None:
    edit_section(pack, ICS_FILE, DORSET, wave=9)
    with pytest.raises(ContentError) as plain:
        load_content(pack)
    with pytest.raises(ContentError) as cached:
        load_content_cached(pack, tmp_path / "state")
    assert str(cached.value) == str(plain.value)
    assert not (tmp_path / "state" / CACHE_FILE).exists()


def test_the_explorer_reports_a_broken_pack_as_before(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for env, name in (
        ("ICS_TUI_DATA_DIR", "data"),
        ("ICS_TUI_STATE_DIR", "state"),
        ("ICS_TUI_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(env, str(tmp_path / name))
    edit_section(pack, ICS_FILE, DORSET, wave=9)
    import sys

    for stream in (sys.stdin, sys.stdout):  # as from a terminal: the explorer would start
        monkeypatch.setattr(stream, "isatty", lambda: True)
    assert main(["--content", str(pack)]) == 2
    err = capsys.readouterr().err
    assert f"ics-tui: content in {pack} has 1 problem(s):" in err
    assert f"{pack / ICS_FILE}:" in err and "wave 9 is not defined" in err
