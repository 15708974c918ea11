"""Text whose bullet and source lines hang under their first word, at any width.

`text.hanging` wraps at a known width, so the view must redraw the text when the width changes.
The view's own Resize comes before its children are laid out again, so a width read then can
still be the old one (the map's detail kept lines hung at the one-pane width after a split,
on some runs only). The Static's own Resize carries its new width: it says so, and the view
redraws.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Static


class HangingText(Static):
    """A Static that posts `WidthChanged` whenever it is laid out at a new width."""

    class WidthChanged(Message):
        """The text's width changed: lines hung at the old width must be hung again."""

        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    _told_width = 0

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        if width and width != self._told_width:
            self._told_width = width
            self.post_message(self.WidthChanged(width))
