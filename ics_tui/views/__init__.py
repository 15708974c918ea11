"""Pane views: each can sit in either pane. `make_view` picks one for a location."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ics_tui.views.base import View

if TYPE_CHECKING:
    from ics_tui.app import ExplorerApp


# location -> (module, class): a view's module is imported when it is first shown, so
# start-up pays only for the view on the first screen.
NAMED_VIEWS = {
    "@map": ("map_list", "MapListView"),
    "@compare": ("compare", "CompareView"),
    "@tiers": ("tiers", "TiersView"),
    "@advice": ("advice", "AdviceView"),
}


def _view_class(module: str, name: str) -> type[View]:
    return getattr(importlib.import_module(f"ics_tui.views.{module}"), name)


def make_view(app: "ExplorerApp", location: str) -> View:
    model, glossary = app.model, app.glossary
    if location in NAMED_VIEWS:
        return _view_class(*NAMED_VIEWS[location])(model, location, glossary)
    if location == "@references":
        return _view_class("references", "ReferencesView")(model, location)
    if location == "@bookmarks":
        return _view_class("bookmarks", "BookmarksView")(model, location)
    if location.startswith("@group:"):
        return _view_class("group", "GroupView")(model, location, glossary)
    return _view_class("section", "SectionView")(model, location, glossary)
