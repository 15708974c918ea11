"""Every way out restores the terminal; no byte from the terminal stops the app.

- SIGTERM and SIGHUP end the app through its normal exit, which leaves the alternate
  screen, turns mouse tracking off and shows the cursor again (F22). Unsaved bookmark
  changes get one quick save, else a copy (`BookmarkSaver.rescue`).
- Textual's input thread decodes stdin as strict UTF-8: one Latin-1 byte (a "£" from a
  terminal set to ISO-8859-1) printed a full traceback and ended the app (F6). Bytes
  that are not UTF-8 now arrive as U+FFFD, which no binding uses.
- Textual 8.2.8 races patched here (re-check each when Textual is upgraded): the palette
  and OptionList crashes found by the race hunt, and a Resize lost between layout passes
  (`resize_after_lazy_layout`).
"""

from __future__ import annotations

import codecs
import functools
import signal
from typing import Any, Callable

EXIT_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None
)


def install() -> None:
    """Everything here that must be in place before the app runs."""
    forgiving_input()
    guard_option_list_paging()
    guard_palette_gathering()
    resize_after_lazy_layout()


def resize_after_lazy_layout() -> None:
    """Send Resize to every widget whose size changed since the last layout pass told it.

    Textual 8.2.8 compares each layout pass with the compositor's last full map, but that map is
    also rebuilt lazily between passes (when a new widget is drawn, or a region is looked up):
    a widget resized in between then gets no Resize. The map view, split beside another pane
    on Python 3.13, kept its one-pane layout with the drawing over the list. The pass now
    compares with the map as it stood after the previous pass.
    """
    from textual._compositor import Compositor

    reflow = Compositor.reflow
    if getattr(reflow, "_ics_guarded", False):
        return
    build_full_map = vars(Compositor)["full_map"].fget  # (the property's own getter)

    def full_map(self: Any) -> Any:
        if self.root is not None and self._full_map_invalidated:
            if getattr(self, "_ics_told_map", None) is None:
                self._ics_told_map = self._full_map  # what the widgets were last told
        return build_full_map(self)

    def told_reflow(self: Any, parent: Any, size: Any) -> Any:
        told = getattr(self, "_ics_told_map", None)
        if told is not None:
            self._full_map = told
            self._ics_told_map = None
        return reflow(self, parent, size)

    told_reflow._ics_guarded = True  # type: ignore[attr-defined]
    Compositor.full_map = property(full_map)  # type: ignore[method-assign,assignment]
    Compositor.reflow = told_reflow  # type: ignore[method-assign]


def guard_palette_gathering() -> None:
    """The command palette's gathering worker queried its list after the palette had closed
    (ctrl+p, a letter, escape in one burst): NoMatches ended the app. Its results have
    nowhere to go then, so they are dropped (found by the race-hunting test)."""
    from textual import work
    from textual.command import CommandPalette
    from textual.css.query import NoMatches

    current = CommandPalette._gather_commands
    if getattr(current, "_ics_guarded", False):
        return
    raw = current.__wrapped__  # type: ignore[attr-defined]

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def gather(self: Any, search_value: str) -> None:
        try:
            await raw(self, search_value)
        except NoMatches:
            if self.is_attached and self.is_active:
                raise

    gather._ics_guarded = True  # type: ignore[attr-defined]
    CommandPalette._gather_commands = gather  # type: ignore[method-assign]

    # Its watchers likewise query children that are gone once it has closed (seed 121).
    for name in ("_watch__show_busy", "_watch__list_visible"):
        setattr(CommandPalette, name, _quiet_when_closed(getattr(CommandPalette, name), NoMatches))
    # A page key before the palette has composed its list (ctrl+p, pagedown in one burst)
    # found no CommandList: there is nothing to page yet, so the key does nothing.
    paging = CommandPalette._action_command_list
    if not getattr(paging, "_ics_guarded", False):

        def page_if_listed(self: Any, action: str) -> None:
            try:
                paging(self, action)
            except NoMatches:
                pass

        page_if_listed._ics_guarded = True  # type: ignore[attr-defined]
        CommandPalette._action_command_list = page_if_listed  # type: ignore[method-assign]
    # A second enter or escape in the same burst dismissed it twice, popping the screen below.
    for name in ("_select_or_command", "_action_escape"):
        original = getattr(CommandPalette, name)
        guarded_method = _only_while_active(original)
        setattr(CommandPalette, name, guarded_method)
        # handlers registered with @on keep the function itself: swap it there too
        for handlers in CommandPalette._decorated_handlers.values():
            handlers[:] = [(guarded_method if m is original else m, s) for m, s in handlers]


def _only_while_active(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method`, doing nothing once its screen is no longer the active one (dismissed)."""
    import functools

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not (self.is_attached and self.is_active):
            return None
        return method(self, *args, **kwargs)

    return run


def _quiet_when_closed(method: Callable[..., Any], error: type[Exception]) -> Callable[..., Any]:
    """`method`, ignoring `error` when its screen has already closed."""
    import functools
    import inspect

    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def run_async(self: Any, *args: Any) -> Any:
            try:
                return await method(self, *args)
            except error:
                if self.is_attached and self.is_active:
                    raise
                return None

        return run_async

    @functools.wraps(method)
    def run(self: Any, *args: Any) -> Any:
        try:
            return method(self, *args)
        except error:
            if self.is_attached and self.is_active:
                raise
            return None

    return run


def guard_option_list_paging() -> None:
    """Page up/down in an OptionList whose lines are not laid out yet (the command palette
    a moment after ctrl+p) raised KeyError inside Textual: there is no page to move by
    yet, so the key does nothing (found by the race-hunting test)."""
    from textual.widgets import OptionList

    move_page = OptionList._move_page
    if getattr(move_page, "_ics_guarded", False):
        return

    def guarded(self: Any, direction: int) -> None:
        if (self.highlighted or 0) not in self._index_to_line or not self._lines:
            return
        move_page(self, direction)  # type: ignore[arg-type]

    guarded._ics_guarded = True  # type: ignore[attr-defined]
    OptionList._move_page = guarded  # type: ignore[method-assign]


def forgiving_input() -> None:
    """Make Textual's terminal drivers decode input bytes with errors="replace"."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # pragma: no cover - Windows
        return

    def decoder(encoding: str) -> Callable[..., Any]:
        return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")

    linux_driver.getincrementaldecoder = decoder  # type: ignore[attr-defined]


def install_exit_signals(loop: Any, on_signal: Callable[[int], None]) -> None:
    """Call `on_signal(signum)` on the event loop for SIGTERM and SIGHUP (where there are any)."""
    for signum in EXIT_SIGNALS:
        try:
            loop.add_signal_handler(signum, on_signal, signum)
        except (
            NotImplementedError,
            RuntimeError,
            ValueError,
        ):  # pragma: no cover - not the main thread, or Windows
            pass
