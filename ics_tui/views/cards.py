"""Views made of focusable cards: one card per item, up/down between them.

A card is the unit a member bookmarks, copies or opens. The cursor is the focused card,
marked with a thick bar (a shape, so it shows without colour) and a lighter background,
and it is always on screen: up/down (j/k) move it item by item, space/pgdn and pgup/w page
and take it along, g/home and G/end go to the first and last item.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ics_tui.messages import OpenRequested
from ics_tui.views import text
from ics_tui.views.base import View
from ics_tui.views.registry import resolve

# The keys a pager reader expects, shared by every card view (and listed in help).
PAGER_BINDINGS = [
    Binding("down,j", "move(1)", "Next item", show=False, id="cards.next"),
    Binding("up,k", "move(-1)", "Previous item", show=False, id="cards.previous"),
    Binding("pagedown,space", "page(1)", "Page down", show=False, id="cards.page_down"),
    Binding("pageup,w,shift+space", "page(-1)", "Page up", show=False, id="cards.page_up"),
    Binding("home,g", "edge(0)", "Top", show=False, id="cards.top"),
    Binding("end,G", "edge(-1)", "Bottom", show=False, id="cards.bottom"),
]


class CardScroll(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The column of cards. It has no keys of its own: a scroll container's up/down would
    otherwise win over the view's and scroll lines while the cursor stayed behind."""


class Card(Static, can_focus=True):
    """One item (a principle, a comparison row, a section of a group page).

    Headings (class `card-heading`) are cards that the cursor skips: they are not items.
    """

    def __init__(self, content: Content, section_id: str | None = None, classes: str = "") -> None:
        super().__init__(content, markup=False, classes=f"card {classes}".strip())
        self.section_id = section_id
        self.text = content if isinstance(content, Content) else None
        self.is_marked = False
        if "card-heading" in classes.split():
            self.can_focus = False

    _marks: tuple[list[tuple[int, int]], tuple[int, int] | None] = ([], None)
    _hung_at = 0

    def mark(self, spans: list[tuple[int, int]], current: tuple[int, int] | None = None) -> None:
        if self.text is not None:
            self.is_marked = bool(spans)
            self._marks = (spans, current)
            self._show()

    def on_resize(self, event: events.Resize) -> None:
        """Bullets hang under their text: set them again at a new width."""
        if self.text is not None and self._width() != self._hung_at and "• " in self.text.plain:
            self._show()

    def _width(self) -> int:
        """The width the text is set in (inside padding and border)."""
        return max(0, self.size.width - self.styles.gutter.width)

    def _show(self) -> None:
        assert self.text is not None
        spans, current = self._marks
        shown = text.mark_matches(self.text, spans, current) if spans else self.text
        self._hung_at = self._width()
        self.update(text.hang_bullets(shown, self._hung_at))


class CardView(View):
    """A scrolling column of cards and headings."""

    BINDINGS = [*PAGER_BINDINGS, Binding("enter", "open_item", "Open", show=False)]

    def compose(self) -> ComposeResult:
        with CardScroll(classes="cards"):
            yield from self.make_cards()

    def make_cards(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def cards(self) -> list[Card]:
        """The items the cursor moves between (headings are not items)."""
        return [card for card in self.query(Card) if card.can_focus]

    def focused_card(self) -> Card | None:
        focused = self.screen.focused if self.is_attached else None
        return focused if isinstance(focused, Card) and focused in self.cards else None

    def cursor_card(self) -> Card | None:
        """The item under the cursor. `_last_card` is set the moment a key moves the cursor,
        before the focus (applied later by Textual) lands: keys typed fast must count from it."""
        cards = self.cards
        if self._last_card in cards:
            return self._last_card
        return self.focused_card()

    def current_section_id(self) -> str | None:
        card = self.cursor_card()
        if card is not None and card.section_id:
            return card.section_id
        return super().current_section_id()

    _last_card: Card | None = None

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, Card):
            moved = event.widget is not self._last_card
            self._last_card = event.widget
            if moved:
                self.announce_move()

    def focus_main(self) -> None:
        card = self._last_card if self._last_card in self.cards else None
        cards = self.cards
        if card is None and cards:
            card = cards[0]
        if card is not None:
            self._put_cursor(card)

    def _put_cursor(self, card: Card, top: bool = False) -> None:
        """Focus `card` and scroll just enough to show it (its top first when it is tall)."""
        card.focus(scroll_visible=False)
        self._last_card = card
        self.query_one(CardScroll).scroll_to_widget(card, animate=False, top=top, immediate=True)

    def action_move(self, step: int) -> None:
        cards = self.cards
        if not cards:
            return
        current = self.cursor_card()
        index = cards.index(current) + step if current in cards else 0
        self._put_cursor(cards[max(0, min(index, len(cards) - 1))])

    def _visible(self, card: Card) -> bool:
        scroll = self.query_one(CardScroll)
        region = card.virtual_region
        top = scroll.scroll_y
        return region.y < top + scroll.scrollable_content_region.height and region.bottom > top

    def action_page(self, step: int) -> None:
        """Page like a pager; the cursor comes along when its item leaves the screen."""
        scroll = self.query_one(CardScroll)
        height = max(1, scroll.scrollable_content_region.height - 1)
        scroll.scroll_to(y=scroll.scroll_y + step * height, animate=False, immediate=True)
        cards = self.cards
        current = self.cursor_card()
        if not cards or (current in cards and self._visible(current)):
            return
        visible = [card for card in cards if self._visible(card)]
        if visible:
            card = visible[0] if step > 0 else visible[-1]
            card.focus(scroll_visible=False)
            self._last_card = card

    def action_edge(self, index: int) -> None:
        cards = self.cards
        if cards:
            self._put_cursor(cards[index])
            scroll = self.query_one(CardScroll)
            scroll.scroll_to(
                y=0 if index == 0 else scroll.max_scroll_y, animate=False, immediate=True
            )

    def select(self, section_id: str) -> bool:
        for card in self.cards:
            if card.section_id == section_id:
                self._put_cursor(card, top=True)
                return True
        return False

    def highlight(self, query: str) -> None:
        """Mark the search matches in every card, the card the search opened first."""
        self.query_text = query
        self._match_cards(query)

    def _match_cards(self, query: str, current: tuple[Card, tuple[int, int]] | None = None) -> list:
        """Mark `query` in every card; [(card, span), ...] in reading order."""
        found = []
        for card in self.query(Card):
            if card.text is None:
                continue
            spans = self.context.match_spans(card.text.plain, query)
            if spans or card.is_marked:
                card.mark(spans, current[1] if current and current[0] is card else None)
            found += [(card, span) for span in spans]
        return found

    def next_match(self, query: str, step: int) -> bool:
        """Move the cursor to the next (step 1) or previous (-1) item holding a match."""
        self.query_text = query
        found = [(card, span) for card, span in self._match_cards(query) if card.can_focus]
        if not found:
            return False
        cards = self.cards
        current = self.cursor_card()
        here = cards.index(current) if current in cards else -1
        order = [cards.index(card) for card, _ in found]
        if step > 0:
            later = [i for i, position in enumerate(order) if position > here]
            chosen = later[0] if later else 0
        else:
            earlier = [i for i, position in enumerate(order) if position < here]
            chosen = earlier[-1] if earlier else len(found) - 1
        card, span = found[chosen]
        self._match_cards(query, (card, span))
        self._put_cursor(card)
        return True

    def action_open_item(self) -> None:
        card = self.cursor_card()
        if card is not None and card.section_id and card.section_id != self.location:
            if resolve(self.model, card.section_id).view != self.location:
                self.post_message(OpenRequested(card.section_id))
