"""The one-file release: `scripts/build_pyz.py` builds `ics-tui.pyz`, and it runs on the oldest
and the newest Python 3.10+ on this machine (`validate`, `search` and the explorer's first
screen in a real pseudo-terminal), each from a first start (it unpacks into its own SHIV_ROOT).

Built once per run (about 25 s: a wheel of the project, pinned pure-Python wheels, shiv).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pty_driver import PtyApp, isolated_env

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_pyz.py"


def _has_shiv() -> bool:
    try:
        import shiv  # noqa: F401
    except ImportError:
        return False
    return True


if not _has_shiv() and os.environ.get("CI"):
    pytest.fail("CI must build the .pyz, but shiv is not installed", pytrace=False)
pytestmark = pytest.mark.skipif(not _has_shiv(), reason="shiv is not installed ('.[test]')")


def _version(python: str) -> tuple[int, int] | None:
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        major, minor = map(int, done.stdout.split())
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return (major, minor)


def pythons() -> list[str]:
    """The oldest and the newest Python 3.10+ found here (pyenv's, on PATH, and this one)."""
    found = {sys.executable}
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found.update(str(p) for p in pyenv.glob("3.*/bin/python3"))
    found.update(filter(None, (shutil.which(f"python3.{minor}") for minor in range(10, 20))))
    versions: dict[tuple[int, int], str] = {}
    for python in sorted(found):
        version = _version(python)
        if version and version >= (3, 10):
            versions.setdefault(version, python)
    ordered = sorted(versions)
    chosen = {ordered[0], ordered[-1]}
    return [versions[v] for v in sorted(chosen)]


PYTHONS = pythons()


@pytest.fixture(scope="module")
def pyz(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("pyz") / "ics-tui.pyz"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return output


def test_the_file_is_pure_python_and_built_reproducibly(pyz: Path):
    assert pyz.read_bytes().startswith(b"#!/usr/bin/env python3\n")
    with zipfile.ZipFile(pyz) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib"))], "compiled code inside"
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert any(n.startswith("site-packages/tomli/") for n in names), "tomli (for 3.10) is missing"
    assert "site-packages/ics_tui/content/icss.toml" in names
    assert "site-packages/ics_tui/app.tcss" in names
    # What would differ between two builds: times, the builder's paths and scripts.
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert not [n for n in names if n.endswith("direct_url.json") or "/bin/" in n]


@pytest.mark.parametrize("python", PYTHONS, ids=lambda p: "py" + ".".join(map(str, _version(p))))
def test_the_file_runs_on_the_oldest_and_newest_python(pyz: Path, python: str, tmp_path: Path):
    env = isolated_env(tmp_path / "user", SHIV_ROOT=str(tmp_path / "shiv"))

    done = subprocess.run(
        [python, str(pyz), "validate"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^OK: .*ics_tui/content holds \d+ sections", done.stdout)
    assert str(tmp_path / "shiv") in done.stdout  # unpacked where SHIV_ROOT says

    done = subprocess.run(
        [python, str(pyz), "search", "dorset", "--limit", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1. Dorset  [ics/dorset]")

    with PtyApp([python, str(pyz)], cols=80, rows=24, env=env) as app:
        screen = app.wait_for(
            lambda s: "ICS map" in s and re.search(r"\bDorset\b", s),
            timeout=30,
            what="the ICS map list",
        )
        assert "ICS Explorer" in screen
        app.press("q")
        assert app.wait_exit(timeout=20) == 0
