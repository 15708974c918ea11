"""The view registry: every view is reachable by key, palette, sidebar and restore from its one row."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from ics_tui.core.model import Section
from ics_tui.views.base import View
from ics_tui.views.registry import (
    VIEWS,
    Location,
    group_location,
    is_known,
    palette_views,
    resolve,
    spec_for,
    view_class,
)


def test_every_row_names_a_view_class_and_nothing_is_written_twice() -> None:
    for spec in VIEWS:
        assert issubclass(view_class(spec), View), spec
    keyed = [spec for spec in VIEWS if spec.key]
    assert len({s.key for s in keyed}) == len(keyed)
    assert len({s.binding_id for s in keyed}) == len(keyed) and all(s.binding_id for s in keyed)
    assert len({s.location for s in VIEWS}) == len(VIEWS)
    groups = [group for spec in VIEWS for group in spec.groups]
    assert len(set(groups)) == len(groups)


def test_each_view_key_is_a_remappable_binding_of_the_explorer_screen() -> None:
    from ics_tui.app import all_binding_ids
    from ics_tui.screens.main import MainScreen

    bindings = {b.id: b for b in MainScreen.BINDINGS if isinstance(b, Binding)}
    for spec in VIEWS:
        if spec.key:
            assert bindings[spec.binding_id].key == spec.key
            assert bindings[spec.binding_id].action == f"view('{spec.location}')"
    ids = all_binding_ids()
    assert set(bindings) <= ids
    assert {"prompt.cancel", "search.close", "map.filter", "bookmarks.rename", "app.quit"} <= ids


def test_the_palette_offers_every_named_view_in_registry_order() -> None:
    named = [
        spec.location
        for spec in VIEWS
        if spec.location.startswith("@") and spec.in_palette and not spec.location.endswith(":")
    ]
    assert [location for location, _ in palette_views()] == named
    assert palette_views()[0] == ("@map", "ICS map list")


@pytest.mark.parametrize(
    "entry, view, selected",
    [
        ("@map", "@map", None),
        ("@map#ics/dorset", "@map", "ics/dorset"),
        ("@group:glossary", "@group:glossary", None),
        ("@bookmarks#tiers/place", "@bookmarks", "tiers/place"),
        ("bma/alliance-agreement", "bma/alliance-agreement", None),
    ],
)
def test_a_location_is_parsed_once_and_written_back_the_same(entry, view, selected) -> None:
    location = Location.parse(entry)
    assert (location.view, location.selected) == (view, selected)
    assert str(location) == entry
    assert Location(view, view).selected == view and str(Location(view, view)) == view


def test_a_section_opens_selected_in_the_view_that_shows_its_kind(model) -> None:
    shown = 0
    for section in model:
        location = resolve(model, section.id)
        spec = next((s for s in VIEWS if s.shows and isinstance(section, s.shows)), None)
        if spec is None:
            assert location == Location(section.id) and location.spec.cls == "SectionView"
        else:
            shown += 1
            assert location == Location(spec.location, section.id)
    assert shown >= 14  # the ICSs at least
    assert resolve(model, "@group:glossary").spec.cls == "GroupView"
    assert Location.parse("@group:glossary").group_id == "glossary"
    assert spec_for("@tiers").cls == "TiersView"


def test_saved_locations_are_restored_only_while_the_content_still_has_them(model) -> None:
    group = model.groups[0].id
    section: Section = next(iter(model))
    for entry in (
        "@map",
        "@references",
        "@bookmarks",
        f"@group:{group}",
        section.id,
        f"@map#{section.id}",
    ):
        assert is_known(model, entry), entry
    for entry in ("@nowhere", "@group:no-such-group", "no/such-section", "@map#no/such-section"):
        assert not is_known(model, entry), entry


def test_sidebar_groups_open_their_view_or_a_group_page() -> None:
    assert group_location("ics-map") == "@map"
    assert group_location("references") == "@references"
    assert group_location("glossary") == "@group:glossary"
