"""What the search screen and the command palette read from the app that runs them.

They are started by Textual (the palette makes its providers itself), so they cannot be
handed these at construction; `search_host(self.app)` gives them a typed view of the
app without importing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from ics_tui.core.model import Content as ContentPack
    from ics_tui.core.search import SearchIndex


class SearchHost(Protocol):
    model: ContentPack

    @property
    def search_index(self) -> SearchIndex: ...

    def prepare_search(self) -> None: ...


def search_host(app: App[Any]) -> SearchHost:
    return cast("SearchHost", app)
