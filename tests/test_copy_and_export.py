"""Copying out of the app (system clipboard tool, else OSC 52, always a file) and export files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ics_tui.core.loader import load_content
from ics_tui.core.plaintext import section_text
from ics_tui.data import clipboard
from ics_tui.data.export import ExportError, default_export_path, free_name, write_export
from ics_tui.data.locations import shipped_content_dir


def fake_tool(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only the fake tools a test makes (and sh, for their scripts)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}:/bin:/usr/bin")
    return folder


def test_an_x11_clipboard_tool_is_used_only_with_a_display(tools: Path) -> None:
    fake_tool(tools, "xclip", "cat > /dev/null")
    assert clipboard.clipboard_command({"DISPLAY": ":0"}) == ["xclip", "-selection", "clipboard"]
    assert clipboard.clipboard_command({}) in (None, ["clip.exe"])
    fake_tool(tools, "wl-copy", "cat > /dev/null")
    assert clipboard.clipboard_command({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == [
        "wl-copy"
    ]


def test_copy_reaches_the_tool_and_always_leaves_a_file(tools: Path, tmp_path: Path) -> None:
    received = tmp_path / "received.txt"
    fake_tool(tools, "xclip", f"cat > {received}")
    text = "Dorset\n\nA paragraph that stays on one line, however long it is, for an email.\n"
    result = clipboard.copy_text(text, tmp_path / "state", {"DISPLAY": ":0"})
    assert result.tool == "xclip" and result.problem == ""
    assert received.read_text(encoding="utf-8") == text
    assert result.file == tmp_path / "state" / clipboard.COPY_FILE
    assert result.file.read_text(encoding="utf-8") == text


def test_without_a_tool_the_text_is_still_saved(tools: Path, tmp_path: Path) -> None:
    result = clipboard.copy_text("only the file", tmp_path / "state", {})
    assert result.tool is None and result.file is not None
    assert result.file.read_text(encoding="utf-8") == "only the file"


def test_a_failing_tool_is_reported_and_the_file_kept(tools: Path, tmp_path: Path) -> None:
    fake_tool(tools, "xclip", "cat > /dev/null; exit 3")
    result = clipboard.copy_text("kept anyway", tmp_path / "state", {"DISPLAY": ":0"})
    assert result.tool is None and "xclip failed (exit status 3)" in result.problem
    assert result.file is not None and result.file.read_text(encoding="utf-8") == "kept anyway"


def test_copied_text_is_unwrapped_with_full_references() -> None:
    content = load_content(shipped_content_dir())
    text = section_text(
        content, content.sections["ics/dorset"], width=0, underline=False, references=True
    )
    paragraph = next(p for p in text.split("\n\n") if p.startswith("The briefing uses it"))
    assert (
        "\n" not in paragraph and len(paragraph) > 200
    )  # one line, for the reader's window to wrap
    refs = text[text.index("\nReferences:\n") :]
    assert "British Medical Association" in refs and "February 2019" in refs
    assert "House of Commons Health and Social Care Committee" in refs and "11 June 2018" in refs
    assert "Cited: “Current status”, para 62" in refs


def test_free_name_never_picks_a_taken_file(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "b-2.md").write_text("y")
    assert free_name(tmp_path, "b", ".md") == tmp_path / "b-3.md"
    assert default_export_path("html", "2026-12-01").name.startswith("ics-bookmarks-2026-12-01")


def test_write_export_refuses_to_replace_and_to_write_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists"):
        write_export(target, "new")
    assert target.read_text(encoding="utf-8") == "mine"
    write_export(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    with pytest.raises(ExportError, match="is a folder"):
        write_export(tmp_path, "new", force=True)


def test_write_export_into_a_device_keeps_the_device(tmp_path: Path) -> None:
    write_export(Path(os.devnull), "to nowhere")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
