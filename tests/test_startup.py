"""Start-up levers (issue 17): a plain `ics-tui` builds no parser; a command loads only its module."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from ics_tui import cli


def commands_of(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    importlib.import_module(f"ics_tui.cli.{module}").register(subparsers)
    return set(subparsers.choices)


def test_the_command_map_names_every_command_and_its_module():
    found = {command: module for module in cli.COMMAND_MODULES for command in commands_of(module)}
    mapped = {
        command: module for command, module in cli.COMMANDS.items() if module in cli.COMMAND_MODULES
    }
    assert mapped == found, "update ics_tui.cli.COMMANDS to match what the command modules register"


def test_the_full_parser_still_lists_every_command():
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(action.choices) == {c for c, m in cli.COMMANDS.items() if m in cli.COMMAND_MODULES}


PROBE = """
import sys
from ics_tui.cli import main
status = main({argv!r})
print("STATUS", status)
print("MODULES", " ".join(sorted(m for m in sys.modules if m.startswith(("argparse", "ics_tui.cli.")))))
"""


def probe(argv: list[str], tmp_path) -> tuple[str, set[str]]:
    env = {
        "PATH": "/usr/bin:/bin",
        "ICS_TUI_STATE_DIR": str(tmp_path / "state"),
        "ICS_TUI_DATA_DIR": str(tmp_path / "data"),
        "ICS_TUI_CONFIG_DIR": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=120,
    )
    lines = dict(
        line.split(" ", 1)
        for line in done.stdout.splitlines()
        if line.startswith(("STATUS", "MODULES"))
    )
    return lines["STATUS"], set(lines["MODULES"].split())


def test_a_plain_start_builds_no_parser(tmp_path):
    status, modules = probe([], tmp_path)  # no terminal here: the explorer declines, as before
    assert status == "2"
    assert "argparse" not in modules
    assert not modules & {"ics_tui.cli.content", "ics_tui.cli.search", "ics_tui.cli.bookmarks"}


@pytest.mark.parametrize(
    "argv, module", [(["show", "ics/dorset"], "content"), (["search", "dorset"], "search")]
)
def test_a_command_loads_only_its_own_module(tmp_path, argv, module):
    status, modules = probe(argv, tmp_path)
    assert status == "0"
    others = {f"ics_tui.cli.{m}" for m in cli.COMMAND_MODULES} - {f"ics_tui.cli.{module}"}
    assert f"ics_tui.cli.{module}" in modules and not modules & others


@pytest.mark.parametrize("argv", [[], ["show", "ics/dorset"], ["sections"], ["show"]])
def test_main_leaves_the_collector_as_it_found_it(argv, tmp_path, monkeypatch, capsys):
    import gc

    for env, name in (
        ("ICS_TUI_DATA_DIR", "data"),
        ("ICS_TUI_STATE_DIR", "state"),
        ("ICS_TUI_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(env, str(tmp_path / name))
    assert gc.isenabled()
    try:
        cli.main(
            argv
        )  # no terminal here for [], so the explorer declines; ["show"] is a usage error
    except SystemExit:
        pass
    assert gc.isenabled(), "main() must not leave the cyclic collector off in the calling process"
