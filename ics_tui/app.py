"""ICS Explorer: the Textual app that ties content, views, search and bookmarks together."""

from __future__ import annotations

import re

from textual.app import App
from textual.binding import Binding

from ics_tui.core.model import month_year, Action, Comparison, Content as Model, Ics, PortabilityOption, Principle, Tier
from ics_tui.core.plaintext import section_text
from ics_tui.data.state import PaneState, load_state, save_state
from ics_tui.views.base import View
from ics_tui.views.text import Glossary
from ics_tui.widgets.pane import Pane

VIEW_TITLES = {"@map": "ICS map", "@compare": "ICS vs ICP", "@tiers": "Structural tiers", "@advice": "Member advice"}
ADVICE_GROUPS = {"advice", "portability"}


class ExplorerApp(App):
    """Browse the two documents in one or two panes, from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "ICS Explorer"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
    ]

    def __init__(self, model: Model, *, remember: bool = True) -> None:
        super().__init__()
        self.model = model
        self.glossary = Glossary(model)
        self.remember = remember
        self.focused_pane: Pane | None = None
        state = load_state() if remember else PaneState()
        self.initial_targets = [t for t in state.targets if self._known(t)] or ["@map"]
        self.initial_focus = state.focus if len(self.initial_targets) > state.focus else 0
        self._save_pending = False

    # --- start-up -----------------------------------------------------------------

    def on_mount(self) -> None:
        from ics_tui.screens.main import MainScreen

        self.push_screen(MainScreen(self.initial_targets))

    def sources_line(self) -> str:
        docs = sorted(self.model.documents.values(), key=lambda d: d.date, reverse=True)
        return " · ".join(f"{d.short} ({month_year(d.date)})" for d in docs)

    # --- where things open ------------------------------------------------------

    def _known(self, target: str) -> bool:
        if target.startswith("@group:"):
            return any(g.id == target[7:] for g in self.model.groups)
        return target in VIEW_TITLES or target in ("@references", "@bookmarks") or target in self.model.sections

    def resolve(self, target: str) -> tuple[str, str | None]:
        """The view that shows `target`, and the item to select inside it."""
        section = self.model.sections.get(target)
        if section is None:
            return target, None
        if isinstance(section, Ics):
            return "@map", target
        if isinstance(section, Comparison):
            return "@compare", target
        if isinstance(section, Tier):
            return "@tiers", target
        if isinstance(section, (Principle, Action, PortabilityOption)):
            return "@advice", target
        return target, None

    def make_view(self, location: str) -> View:
        from ics_tui import views

        return views.make_view(self, location)

    def open(self, target: str, *, pane: Pane | None = None, focus: bool = True, terms: list[str] | None = None) -> None:
        """Open a section or view in a pane (the focused one unless told otherwise)."""
        pane = pane or self.focused_pane or self.screen.query(Pane).first()
        view = pane.go(target)
        if terms:
            view.call_after_refresh(view.highlight, terms)
        if focus:
            self.call_after_refresh(self.screen.focus_pane, pane)

    def match_spans(self, text: str, terms: list[str]) -> list[tuple[int, int]]:
        """Where any of `terms` occurs in `text`, ignoring case (for highlighting)."""
        if not terms:
            return []
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if t), re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]

    # --- actions -------------------------------------------------------------------

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def current_section_id(self) -> str | None:
        pane = self.focused_pane
        if pane is None or pane.view is None:
            return None
        return pane.view.current_section_id()

    def copy_current(self) -> None:
        section_id = self.current_section_id()
        section = self.model.sections.get(section_id or "")
        if section is None:
            self.notify("Nothing to copy here: move to a section or an item first.", severity="warning")
            return
        self.copy_to_clipboard(section_text(self.model, section))
        self.notify(f"Copied “{section.title}” with its sources ({len(section.citations)} citation(s)).", title="Copied")

    def bookmarked_ids(self) -> set[str]:
        return set()

    # --- remembering where the member was ---------------------------------

    def schedule_save(self) -> None:
        if self.remember and not self._save_pending:
            self._save_pending = True
            self.set_timer(0.5, self.save_state)

    def save_state(self) -> None:
        self._save_pending = False
        if not self.remember:
            return
        panes = list(self.screen.query(Pane)) if self.screen.is_attached else []
        if not panes:
            return
        focus = panes.index(self.focused_pane) if self.focused_pane in panes else 0
        save_state(PaneState([p.target for p in panes], focus))

    async def action_quit(self) -> None:
        self.save_state()
        self.exit()
