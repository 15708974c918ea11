"""Start the explorer (the default command)."""

from __future__ import annotations

import argparse

from ics_tui.cli.common import load


def run_app(args: argparse.Namespace) -> int:
    content = load(args)
    from ics_tui.app import ExplorerApp  # Textual is imported only here

    app = ExplorerApp(content)
    app.run()
    return app.return_code or 0
