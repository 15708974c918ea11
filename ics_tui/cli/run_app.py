"""Start the explorer (the default command)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from ics_tui.cli.common import load

if TYPE_CHECKING:
    import argparse

    from ics_tui.core.model import Content


def load_for_app(args: argparse.Namespace) -> Content:
    """The content, from the start-up cache in the state folder when no content file changed.

    A pack with problems is loaded again by `load`, so the member sees exactly the
    message every other command prints.
    """
    from ics_tui.core.loader import ContentError
    from ics_tui.data import locations
    from ics_tui.data.shipped_content import load_warm

    try:
        cache_dir = locations.state_dir()
    except Exception:  # noqa: BLE001 - no state folder: no cache, the plain load still works
        return load(args)
    try:
        return load_warm(locations.content_dir(getattr(args, "content", None)), cache_dir)
    except ContentError:
        return load(args)


def run_app(args: argparse.Namespace) -> int:
    content = load_for_app(args)
    from ics_tui.app import ExplorerApp  # Textual is imported only here

    # Modules and content live as long as the app: move them out of the collector's sight, so
    # the collections that mounting the first screen sets off do not walk them (about half the
    # collector's time before the first frame, ~50 ms here). A plain `ics-tui` loaded them with
    # the collector off (`main`): the few cycles left from importing (~600 objects) are kept.
    gc.freeze()
    gc.enable()
    app = ExplorerApp(content)
    app.run()
    return app.return_code or 0
