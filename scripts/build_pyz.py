"""Build `dist/ics-tui.pyz`: the whole explorer in one file that runs with `python3 ics-tui.pyz`.

Usage: python scripts/build_pyz.py [--output FILE]     (needs shiv: pip install '.[release]')

The file is a shiv zipapp: on its first start it unpacks itself into `~/.shiv` (or `$SHIV_ROOT`)
and compiles its bytecode there for the Python that runs it; later starts import from there.
Why shiv and not plain `python -m zipapp` or PyInstaller:
- ics-tui reads its content and stylesheet as files in a folder; imported straight from a zip
  (zipapp) they are not a folder, so the app fails. shiv's unpacked copy is a real folder.
- It is pure Python and needs only the member's Python 3.10+, on any OS; PyInstaller would need
  one build per OS and Python, and is far larger.
- `--compile-pyc` compiles at first start for the Python at hand; without it every start
  recompiles where Python cannot write bytecode (about 2.4x slower).

Reproducible: the same commit gives a byte-identical file. Dependencies are the exact versions in
`scripts/pyz-requirements.txt`, as pure-Python wheels chosen for the oldest supported Python
(`--python-version 3.10 --platform any --only-binary=:all:`), so nothing compiled for the
builder's Python gets in and tomli (needed on 3.10) is always there; file times are fixed
(`--reproducible`); the install paths pip records are removed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "scripts" / "pyz-requirements.txt"
OLDEST_PYTHON = "3.10"
SHEBANG = "/usr/bin/env python3"
EPOCH = "315532800"  # 1 January 1980: zip files cannot hold earlier times


def run(*argv: str, **kwargs) -> None:
    print("+", " ".join(argv), flush=True)
    subprocess.run(argv, check=True, **kwargs)


def pip(*args: str, **kwargs) -> None:
    run(sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args, **kwargs)


def tidy(site: Path) -> None:
    """Drop what differs from machine to machine: scripts with this Python's path, caches, and
    the paths of the wheels pip installed from."""
    shutil.rmtree(site / "bin", ignore_errors=True)
    for cache in list(site.rglob("__pycache__")):
        shutil.rmtree(cache)
    for record in site.glob("*.dist-info/RECORD"):
        direct = record.with_name("direct_url.json")
        if direct.exists():
            direct.unlink()
            lines = [
                line
                for line in record.read_text().splitlines()
                if not line.startswith(f"{record.parent.name}/direct_url.json,")
            ]
            record.write_text("\n".join(lines) + "\n")


def build(output: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", EPOCH))
    with tempfile.TemporaryDirectory(prefix="ics-tui-pyz-") as scratch:
        wheels, site = Path(scratch) / "wheels", Path(scratch) / "site-packages"
        pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(ROOT), env=env)
        wheel = next(wheels.glob("ics_tui-*.whl"))
        pip(
            "install",
            "--quiet",
            "--no-compile",
            "--no-warn-script-location",
            "--target",
            str(site),
            "--python-version",
            OLDEST_PYTHON,
            "--platform",
            "any",
            "--implementation",
            "py",
            "--only-binary=:all:",
            "--requirement",
            str(REQUIREMENTS),
            str(wheel),
            env=env,
        )
        tidy(site)
        output.parent.mkdir(parents=True, exist_ok=True)
        run(
            sys.executable,
            "-m",
            "shiv",
            "--site-packages",
            str(site),
            "--console-script",
            "ics-tui",
            "--output-file",
            str(output),
            "--python",
            SHEBANG,
            "--reproducible",
            "--compressed",
            "--compile-pyc",
            env=env,
        )
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=ROOT / "dist" / "ics-tui.pyz",
        help="where to write the file (default dist/ics-tui.pyz)",
    )
    args = parser.parse_args()
    try:
        import shiv  # noqa: F401
    except ImportError:
        print("build_pyz: needs shiv: pip install '.[release]'", file=sys.stderr)
        return 2
    try:
        output = build(args.output.resolve())
    except subprocess.CalledProcessError as error:
        print(f"build_pyz: a step failed (exit {error.returncode}); see above", file=sys.stderr)
        return 1
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    print(f"built {output} ({output.stat().st_size / 2**20:.1f} MiB, sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
