"""A footer that shows the keys that fit, most useful first, never a key cut in half."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Lower comes first. Help is first at every size: it leads to every other key. The place's
# own keys (filter, delete...) come next, as they are what differs from place to place.
RANK = {"help": 0, "close": 1, "cancel": 1, "open": 1}
RANK_LAST = {
    "open_other": 15,  # (after the place's own keys: at 80 columns, export before it)
    "search": 20,
    "bookmark": 21,
    "view": 22,
    "copy": 23,
    "back": 24,
    "split": 25,
    "quit": 26,
}
PALETTE_WIDTH = 13


def _rank(action: str) -> int:
    name = action.split("(")[0].rsplit(".", 1)[-1]
    if name in RANK:
        return RANK[name]
    return RANK_LAST.get(name, 10)


class FittingFooter(Footer):
    """Textual's footer, with the keys ranked and those that do not fit left out (help lists all)."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        seen: set[str] = set()
        shown = []
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled, tooltip))
        shown.sort(key=lambda entry: _rank(entry[0].action))
        room = self.size.width or self.app.size.width
        room -= PALETTE_WIDTH if self.show_command_palette else 0
        keys = []
        for binding, enabled, tooltip in shown:
            display = self.app.get_key_display(binding)
            width = len(display) + len(binding.description) + 3
            if width > room:
                continue  # (a shorter one further on may still fit)
            room -= width
            keys.append(
                FooterKey(
                    binding.key,
                    display,
                    binding.description,
                    binding.action,
                    disabled=not enabled,
                    tooltip=tooltip,
                ).data_bind(compact=Footer.compact)
            )
        self.styles.grid_size_columns = max(1, len(keys))
        yield from keys
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            try:
                _node, binding, enabled, tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            except KeyError:
                return
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    _fitted_width = 0

    def on_resize(self) -> None:
        if self.size.width != self._fitted_width:
            self._fitted_width = self.size.width
            self.call_after_refresh(self.recompose)
