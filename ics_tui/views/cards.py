"""Views made of focusable cards: one card per item, up/down between them.

A card is the unit a member bookmarks, copies or opens; the focused card is
marked with a bar and a ▶, not by colour alone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ics_tui.views import text
from ics_tui.messages import OpenRequested
from ics_tui.views.base import View
from ics_tui.views.registry import resolve


class Card(Static, can_focus=True):
    """One item (a principle, a comparison, a section of a group page)."""

    def __init__(self, content: Content, section_id: str | None = None, classes: str = "") -> None:
        super().__init__(content, markup=False, classes=f"card {classes}".strip())
        self.section_id = section_id
        self.text = content if isinstance(content, Content) else None

    def mark(self, spans: list[tuple[int, int]]) -> None:
        if self.text is not None:
            self.update(text.mark_matches(self.text, spans))


class CardView(View):
    """A scrolling column of cards and headings."""

    BINDINGS = [
        Binding("down,j", "move(1)", "Next item", show=False),
        Binding("up,k", "move(-1)", "Previous item", show=False),
        Binding("enter", "open_item", "Open", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="cards"):
            yield from self.make_cards()

    def make_cards(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def cards(self) -> list[Card]:
        return list(self.query(Card))

    def focused_card(self) -> Card | None:
        focused = self.screen.focused if self.is_attached else None
        return focused if isinstance(focused, Card) and focused in self.cards else None

    def current_section_id(self) -> str | None:
        card = self.focused_card() or self._last_card
        if card is not None and card.section_id:
            return card.section_id
        return super().current_section_id()

    _last_card: Card | None = None

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, Card):
            self._last_card = event.widget

    def focus_main(self) -> None:
        card = self._last_card if self._last_card in self.cards else None
        cards = self.cards
        if card is None and cards:
            card = cards[0]
        if card is not None:
            card.focus()

    def action_move(self, step: int) -> None:
        cards = self.cards
        if not cards:
            return
        current = self.focused_card()
        index = cards.index(current) + step if current in cards else 0
        cards[max(0, min(index, len(cards) - 1))].focus()

    def select(self, section_id: str) -> bool:
        for card in self.cards:
            if card.section_id == section_id:
                card.focus()
                self.query_one(VerticalScroll).scroll_to_widget(card, animate=False, top=True)
                self._last_card = card
                return True
        return False

    def highlight(self, query: str) -> None:
        """Mark the search matches in the card the search opened, and scroll to it."""
        target = self.current_section_id()
        for card in self.cards:
            if card.section_id == target and card.text is not None:
                card.mark(self.context.match_spans(card.text.plain, query))

    def action_open_item(self) -> None:
        card = self.focused_card()
        if card is not None and card.section_id and card.section_id != self.location:
            if resolve(self.model, card.section_id).view != self.location:
                self.post_message(OpenRequested(card.section_id))
