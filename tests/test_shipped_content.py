"""The shipped content's fast form (`ics_tui/data/content_fast.json`): in step, used, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ics_tui.core import loader
from ics_tui.data import content_cache, shipped_content
from ics_tui.data.locations import shipped_content_dir
from ics_tui.data.shipped_content import FAST_FILE, REGENERATE, build_text, load_shipped


def same_model(a, b) -> bool:
    return (a.documents, a.sections, a.groups, a.waves) == (
        b.documents,
        b.sections,
        b.groups,
        b.waves,
    )


def test_the_checked_in_fast_file_is_in_step_with_the_content_and_the_loader():
    expected = build_text(shipped_content_dir())
    current = FAST_FILE.read_text(encoding="utf-8") if FAST_FILE.exists() else ""
    assert current == expected, (
        f"{FAST_FILE.name} is out of step with content/ or the loader code: run `{REGENERATE}` "
        "and commit the file (the app still shows the TOML's content meanwhile, only more slowly)"
    )


def test_a_first_run_reads_the_shipped_content_without_parsing_toml(tmp_path, monkeypatch):
    folder = shipped_content_dir()
    full = loader.load_content(folder)

    def no_parsing(*args, **kwargs):
        raise AssertionError("the TOML was parsed although the fast form is in step")

    monkeypatch.setattr(loader, "load_content", no_parsing)
    empty_state = tmp_path / "state"
    content = shipped_content.load_warm(folder, empty_state)
    assert same_model(content, full)
    assert content.source_dir == folder
    assert content.get("ics/dorset") is not None
    assert not (
        empty_state / content_cache.CACHE_FILE
    ).exists()  # nothing to write: every run is warm


def copy_of_content(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(shipped_content_dir(), pack)
    return pack


def test_a_copy_of_the_shipped_content_elsewhere_is_served_fast_with_its_own_folder(tmp_path):
    pack = copy_of_content(tmp_path)
    content = load_shipped(pack)
    assert content is not None and content.source_dir == pack


@pytest.mark.parametrize("same_size", [False, True])
def test_an_edited_content_file_is_never_shown_stale(tmp_path, same_size):
    pack = copy_of_content(tmp_path)
    icss = pack / "icss.toml"
    text = icss.read_text(encoding="utf-8")
    assert "Dorset" in text
    # the same number of bytes (a hash, not the size, must notice) or a longer text
    icss.write_text(
        text.replace("Dorset", "Dorsex" if same_size else "Dorset (edited)"), encoding="utf-8"
    )
    assert load_shipped(pack) is None
    content = content_cache.load_content_cached(pack, tmp_path / "state")
    titles = " ".join(s.title for s in content.icss)
    assert ("Dorsex" if same_size else "Dorset (edited)") in titles


def test_an_added_or_removed_file_means_the_toml_is_read(tmp_path):
    pack = copy_of_content(tmp_path)
    (pack / "glossary.toml").unlink()
    assert load_shipped(pack) is None
    pack2 = copy_of_content(tmp_path / "2")
    (pack2 / "zz-extra.toml").write_text("", encoding="utf-8")
    assert load_shipped(pack2) is None


def test_other_loader_code_means_the_toml_is_read(monkeypatch):
    monkeypatch.setattr(shipped_content, "_code_digest", lambda: "0" * 64)
    assert load_shipped(shipped_content_dir()) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: (
            text.replace("Dorset", "Dorsex", 1) if text.count("Dorset") else text + "x"
        ),  # hand edit
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: "",
        lambda text: "not json\n\n{}",
        lambda text: text.replace('"schema":1', '"schema":"1"', 1),
    ],
)
def test_a_damaged_fast_file_is_not_used_and_never_raises(tmp_path, damage):
    fast = tmp_path / "content_fast.json"
    fast.write_text(damage(FAST_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    assert load_shipped(shipped_content_dir(), fast) is None


def test_a_missing_fast_file_or_content_folder_is_none(tmp_path):
    assert load_shipped(shipped_content_dir(), tmp_path / "absent.json") is None
    assert load_shipped(tmp_path / "no-such-folder") is None
