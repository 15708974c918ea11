"""Requests that views, widgets and dialogs post upwards; the explorer screen acts on them.

Views never call the app: they post one of these and whoever hosts them (the explorer
screen, or the app for dialogs and the palette) decides what happens.
"""

from __future__ import annotations

from typing import Literal

from textual.message import Message

BookmarkAction = Literal["toggle", "note", "rename", "delete", "undo"]


class OpenRequested(Message):
    """Open `target` (a section id, a view, a `view#selected` entry) in a pane.

    `other`: in the other pane, splitting if there is one pane. `query`: a search whose
    matches to mark. `focus`: move the focus to the pane that opens it. `bookmarked`:
    opened from a bookmark (one whose section is missing is reported, not opened).
    """

    def __init__(
        self,
        target: str,
        *,
        other: bool = False,
        query: str = "",
        focus: bool = True,
        bookmarked: bool = False,
    ) -> None:
        super().__init__()
        self.target = target
        self.other = other
        self.query = query
        self.focus = focus
        self.bookmarked = bookmarked


class BookmarkRequested(Message):
    """Toggle, annotate, rename, delete or undo a bookmark (`bookmark_id`: which one, when
    not the section the member is on)."""

    def __init__(self, action: BookmarkAction, bookmark_id: str | None = None) -> None:
        super().__init__()
        self.action: BookmarkAction = action
        self.bookmark_id = bookmark_id


class StateChanged(Message):
    """Panes changed: save where the member is (`now`, or after a short pause)."""

    def __init__(self, now: bool = False) -> None:
        super().__init__()
        self.now = now


class ReadyForKeys(Message):
    """What held typed keys back has finished (a view has mounted and taken its focus, the
    contents have mounted): the app forwards the keys waiting, in the order typed."""
