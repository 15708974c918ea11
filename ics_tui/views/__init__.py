"""Pane views: each can sit in either pane. `make_view` picks one for a location."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ics_tui.views.base import View

if TYPE_CHECKING:
    from ics_tui.app import ExplorerApp


def make_view(app: "ExplorerApp", location: str) -> View:
    from ics_tui.views.advice import AdviceView
    from ics_tui.views.compare import CompareView
    from ics_tui.views.group import GroupView
    from ics_tui.views.map_list import MapListView
    from ics_tui.views.references import ReferencesView
    from ics_tui.views.section import SectionView
    from ics_tui.views.tiers import TiersView

    model, glossary = app.model, app.glossary
    named = {"@map": MapListView, "@compare": CompareView, "@tiers": TiersView, "@advice": AdviceView}
    if location in named:
        return named[location](model, location, glossary)
    if location == "@references":
        return ReferencesView(model, location)
    if location == "@bookmarks":
        from ics_tui.views.bookmarks import BookmarksView

        return BookmarksView(model, location)
    if location.startswith("@group:"):
        return GroupView(model, location, glossary)
    return SectionView(model, location, glossary)
