"""The structural tiers: region, system, place and neighbourhood nested, on a log scale."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ics_tui.core.model import Tier
from ics_tui.views import text
from ics_tui.views.base import View, ViewContext
from ics_tui.views.reader import Reader
from ics_tui.views.section import section_blocks

SCALE_FROM, SCALE_TO = 4, 7  # 10,000 to 10,000,000 people
BAR_COLUMN = 10  # where every bar starts (after "log scale" and a space on the scale line), so the scale lines up at every depth
MAX_BAR, MIN_BAR = 36, 12


def bar_width(available: int) -> int:
    """As wide a bar as the pane allows, so nothing wraps and the scale stays aligned."""
    return max(MIN_BAR, min(MAX_BAR, available - BAR_COLUMN - 4))


def scale_position(people: float, width: int) -> int:
    place = (math.log10(max(people, 10**SCALE_FROM)) - SCALE_FROM) / (SCALE_TO - SCALE_FROM)
    return round(min(1.0, place) * width)


def bar(tier: Tier, width: int) -> str:
    """'·' up to the smallest population, '█' across the stated range, '░▶' where no top is given."""
    start = scale_position(tier.population_min, width)
    if tier.population_max is None:
        return "·" * start + "█" + "░" * max(0, width - start - 1) + "▶"
    end = max(start + 1, scale_position(tier.population_max, width))
    return "·" * start + "█" * (end - start)


def nesting(depth: int, corner: str) -> str:
    return "│ " * depth + corner


def compact(people: int) -> str:
    if people >= 1_000_000:
        return f"{people / 1_000_000:g}m"
    return f"{people / 1000:g}k"


def tier_prompt(tier: Tier, depth: int, width: int) -> Content:
    low, high = tier.population_min, tier.population_max
    span = (
        f"{compact(low)}+"
        if high is None
        else compact(low)
        if high == low
        else f"{compact(low)}–{compact(high)}"
    )
    label = Content.assemble(nesting(depth, "┌─ "), (tier.title, "bold"), f": {span}")
    bar_line = (("│ " * (depth + 1)).ljust(BAR_COLUMN)) + bar(tier, width)
    return Content.assemble(label, "\n", bar_line)


def scale_line(width: int) -> str:
    line = list("log scale".ljust(BAR_COLUMN) + " " * (width + 4))
    for exponent, label in ((4, "10k"), (5, "100k"), (6, "1m"), (7, "10m")):
        column = BAR_COLUMN + scale_position(10**exponent, width)
        if exponent == SCALE_TO:
            column -= len(label) - 1  # end the last label under the end of the bar
        for offset, char in enumerate(label):
            if column + offset < len(line):
                line[column + offset] = char
    return "".join(line).rstrip()


def diagram_options(tiers: list[Tier], width: int) -> list[Option]:
    options = [Option(tier_prompt(t, depth, width), id=t.id) for depth, t in enumerate(tiers)]
    closing = "\n".join(nesting(depth, "└─") for depth in reversed(range(len(tiers))))
    legend = "█ stated range  ░▶ no top given"
    options.append(
        Option(Content(closing + "\n" + scale_line(width) + "\n" + legend), disabled=True)
    )
    return options


class TierList(OptionList):
    """The diagram's tiers with the pager's keys: j/k; with four tiers a page is all of them,
    so space/pgdn, G and end go to the last tier, pgup/w, g and home to the first."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("g,home,pageup,w,shift+space", "first", show=False),
        Binding("G,end,pagedown,space", "last", show=False),
    ]


class TiersView(View):
    """A diagram to choose a tier from, its role below, and the findings that go with it."""

    HELP = "Region, system, place and neighbourhood, nested, with population ranges drawn to a log scale. Up/down choose a tier."

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__(context, location)
        self.tiers = self.model.tiers
        self.selected_id = self.tiers[0].id if self.tiers else None

    @property
    def title(self) -> str:
        return "Structural tiers: " + ", ".join(t.title.lower() for t in self.tiers)

    def compose(self) -> ComposeResult:
        self.drawn_width = MAX_BAR
        diagram = TierList(*diagram_options(self.tiers, self.drawn_width), id="tier-diagram")
        # hidden until the view knows its width: a pane just split off would otherwise show
        # the diagram drawn for the old, wider pane, wrapped apart, for a frame or more
        diagram.styles.visibility = "hidden"
        yield diagram
        with Reader(id="tier-detail", classes="detail"):
            yield Static("", id="tier-detail-text", markup=False)

    def on_resize(self) -> None:
        """Redraw the diagram to the pane's width (it has no wrapping that keeps the scale aligned)."""
        if self.removed:
            return
        width = bar_width(self.size.width - 2)
        option_list = self.query_one(OptionList)
        option_list.styles.visibility = "visible"
        if width == self.drawn_width:
            return
        self.drawn_width = width
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(diagram_options(self.tiers, width))
        option_list.highlighted = highlighted

    def on_mount(self) -> None:
        # A view replaced before its mount, or in a pane closed in the same burst, has no children.
        if (
            self.tiers
            and not self.removed
            and self.query(OptionList)
            and self.query("#tier-detail-text")
        ):
            self.query_one(OptionList).highlighted = 0
            self.show_detail(self.tiers[0].id)

    def show_detail(self, tier_id: str) -> None:
        tier = self.model.sections.get(tier_id)
        if not isinstance(tier, Tier):
            return
        if tier_id != self.selected_id and self.query("#tier-detail"):
            # another tier: its text from the top, not where the last one was left
            self.query_one("#tier-detail").scroll_home(animate=False)
        self.selected_id = tier_id
        parts = [text.join_blocks(section_blocks(self.model, tier, self.glossary))]
        group = self.model.group(tier.group)
        for related in group.see_also if group else ():
            section = self.model.sections.get(related)
            if section is not None:
                parts.append(Content("─" * 30))
                parts.append(text.join_blocks(section_blocks(self.model, section, self.glossary)))
        found = self.query("#tier-detail-text")
        if found and not self.removed:  # (a highlight still queued as the view goes: no detail)
            found.first(Static).update(self.marked(text.join_blocks(parts)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.show_detail(event.option.id)
            self.announce_move()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#tier-detail").focus()

    def current_section_id(self) -> str | None:
        return self.selected_id

    def next_match(self, query: str, step: int) -> bool:
        """n / N: the next (previous) tier whose text mentions the last search."""
        found = self.next_matching([t.id for t in self.tiers], query, step)
        if found is None:
            return False
        self.query_text = query
        self.select(found)
        return True

    def select(self, section_id: str) -> bool:
        option_list = self.query_one(OptionList)
        for index, tier in enumerate(self.tiers):
            if tier.id == section_id:
                option_list.highlighted = index
                self.show_detail(section_id)
                return True
        return False

    def focus_main(self) -> None:
        self.query_one(OptionList).focus()
