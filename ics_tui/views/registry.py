"""Every pane view, described once, and the `Location` a pane shows.

One `ViewSpec` row per view. The sidebar (which group opens which view), the view keys
and their binding ids, the command palette's view entries, the remappable key ids, state
restore (which saved locations still exist) and help are all built from `VIEWS`, so a
new view is its module plus one row here.

A location is written `@map`, `@group:glossary`, `ics/dorset` (a section on its own
page) or, in history and saved state, `view#selected` (`@map#ics/dorset`). It is parsed
once, by `Location.parse` or `resolve`, and passed around as a `Location` value.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from textual.binding import Binding

from ics_tui.core.model import (
    Action,
    Comparison,
    Ics,
    PortabilityOption,
    Principle,
    Section,
    Tier,
)
from ics_tui.core.model import Content as ContentPack

if TYPE_CHECKING:
    from ics_tui.views.base import View, ViewContext

GROUP_PREFIX = "@group:"


@dataclass(frozen=True)
class ViewSpec:
    """One pane view: where it lives, what it is called, how it is reached."""

    location: str
    """The view part of a location: `@map`; `@group:` for every group page, `""` for a section."""
    title: str
    """Its name in the command palette (the pane title comes from the view itself)."""
    module: str
    """Module under `ics_tui.views`, imported when the view is first shown (start-up pays
    only for the view on the first screen)."""
    cls: str
    key: str | None = None
    """The key that opens it from the explorer screen, if any."""
    binding_id: str | None = None
    """The key's id in `config.toml`'s `[keymap]`."""
    description: str = ""
    """The key's label in the footer and help (defaults to `title`)."""
    key_display: str | None = None
    footer: bool = False
    """Whether its key shows in the footer (the others show in help only)."""
    shows: tuple[type[Section], ...] = ()
    """Sections of these kinds open in this view, selected, rather than on their own page."""
    groups: tuple[str, ...] = ()
    """Sidebar groups whose entry opens this view instead of a page of the group's sections."""
    in_palette: bool = True

    @property
    def pattern(self) -> bool:
        """A view of many locations (every group page, every section), not one name."""
        return not self.location.startswith("@") or self.location.endswith(":")


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec(
        "@map",
        "ICS map list",
        "map_list",
        "MapListView",
        key="1",
        binding_id="view.map",
        description="Views",
        key_display="1-4",
        footer=True,
        shows=(Ics,),
        groups=("ics-map",),
    ),
    ViewSpec(
        "@compare",
        "ICS vs ICP comparison",
        "compare",
        "CompareView",
        key="2",
        binding_id="view.compare",
        description="ICS vs ICP",
        shows=(Comparison,),
        groups=("compare",),
    ),
    ViewSpec(
        "@tiers",
        "Structural tiers",
        "tiers",
        "TiersView",
        key="3",
        binding_id="view.tiers",
        description="Tiers",
        shows=(Tier,),
        groups=("tiers",),
    ),
    ViewSpec(
        "@advice",
        "Member advice",
        "advice",
        "AdviceView",
        key="4",
        binding_id="view.advice",
        description="Advice",
        shows=(Principle, Action, PortabilityOption),
        groups=("advice",),
    ),
    ViewSpec(
        "@bookmarks",
        "Bookmarks",
        "bookmarks",
        "BookmarksView",
        key="5",
        binding_id="view.bookmarks",
    ),
    ViewSpec(
        "@drawn-map",
        "Drawn map of England",
        "drawn_map",
        "DrawnMapView",
        key="6",
        binding_id="view.drawn_map",
    ),
    ViewSpec(
        "@references",
        "Sources and references",
        "references",
        "ReferencesView",
        groups=("references",),
    ),
    ViewSpec(GROUP_PREFIX, "Group page", "group", "GroupView", in_palette=False),
    ViewSpec("", "Section", "section", "SectionView", in_palette=False),
)

_NAMED = {spec.location: spec for spec in VIEWS if not spec.pattern}
_OF_GROUP = {group: spec.location for spec in VIEWS for group in spec.groups}


@dataclass(frozen=True)
class Location:
    """Where a pane is: a view, and the item selected inside it."""

    view: str
    """`@map`, `@group:glossary`, or a section id for a section on its own page."""
    selected: str | None = None

    @classmethod
    def parse(cls, entry: str) -> Location:
        """`view#selected` or `view`, as written in history and saved state."""
        view, _, selected = entry.partition("#")
        return cls(view, selected or None)

    def __str__(self) -> str:
        if self.selected and self.selected != self.view:
            return f"{self.view}#{self.selected}"
        return self.view

    @property
    def group_id(self) -> str | None:
        """The group of a group page (`@group:glossary` -> `glossary`)."""
        return self.view.removeprefix(GROUP_PREFIX) if self.view.startswith(GROUP_PREFIX) else None

    @property
    def spec(self) -> ViewSpec:
        """The registry row of the view that shows this location."""
        return spec_for(self.view)


def spec_for(view: str) -> ViewSpec:
    named = _NAMED.get(view)
    if named is not None:
        return named
    pattern = GROUP_PREFIX if view.startswith(GROUP_PREFIX) else ""
    return next(spec for spec in VIEWS if spec.pattern and spec.location == pattern)


def resolve(pack: ContentPack, target: str) -> Location:
    """Where `target` opens: a view name, a `view#selected` entry, or a section id, which
    opens selected in the view that shows its kind, or else on its own page."""
    if "#" in target:
        return Location.parse(target)
    section = pack.sections.get(target)
    if section is None:
        return Location(target)
    for spec in VIEWS:
        if spec.shows and isinstance(section, spec.shows):
            return Location(spec.location, target)
    return Location(target)


def is_known(pack: ContentPack, entry: str) -> bool:
    """Whether a saved `entry` still names something in `pack` (else restore drops it)."""
    location = Location.parse(entry)
    if location.selected is not None and location.selected not in pack.sections:
        return False
    group = location.group_id
    if group is not None:
        return any(g.id == group for g in pack.groups)
    return location.view in _NAMED or location.view in pack.sections


def group_location(group_id: str) -> str:
    """What a sidebar group opens: its view (`@map`), or a page of its sections."""
    return _OF_GROUP.get(group_id, GROUP_PREFIX + group_id)


def view_class(spec: ViewSpec) -> type[View]:
    view: type[View] = getattr(importlib.import_module(f"ics_tui.views.{spec.module}"), spec.cls)
    return view


def make_view(context: ViewContext, location: Location) -> View:
    """The view for `location` (its module imported on first use), told what to select."""
    view = view_class(location.spec)(context, location.view)
    view.initial_select = location.selected
    return view


def view_bindings() -> list[Binding]:
    """The explorer screen's keys that open views, in registry order."""
    return [
        Binding(
            spec.key,
            f"view('{spec.location}')",
            spec.description or spec.title,
            show=spec.footer,
            key_display=spec.key_display,
            id=spec.binding_id,
        )
        for spec in VIEWS
        if spec.key
    ]


def palette_views() -> list[tuple[str, str]]:
    """(location, title) of every view the command palette offers by name."""
    return [(spec.location, spec.title) for spec in VIEWS if spec.in_palette and not spec.pattern]


def binding_ids(owners: Iterable[type]) -> Iterator[str]:
    for owner in owners:
        for binding in getattr(owner, "BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                yield binding.id


def remappable_binding_ids(screens: Iterable[type]) -> set[str]:
    """Every binding id a member may remap: those of `screens` (and the app) and of every
    view in the registry (importing each view's module)."""
    views = [view_class(spec) for spec in VIEWS]
    owners = [cls for view in views for cls in view.__mro__]
    return set(binding_ids([*screens, *owners]))
