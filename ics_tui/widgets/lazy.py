"""`textual.lazy.Lazy` that gives up quietly when its place has gone before it could mount."""

from __future__ import annotations

from textual.lazy import Lazy as _Lazy
from textual.widget import Widget


class Lazy(_Lazy):
    """Mounts its widget after the first refresh, unless the app is closing by then.

    `q` pressed in the first moments closed the screen while the sidebar was still waiting
    to be mounted: Textual's Lazy then raised MountError and the app crashed (F5).
    """

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        parent = self.parent
        if parent is None:
            return
        assert isinstance(parent, Widget)

        async def mount() -> None:
            if not (self.is_attached and parent.is_attached) or getattr(
                self.app, "quitting", False
            ):
                return
            await parent.mount(self._replace_widget, after=self)
            await self.remove()

        self.call_after_refresh(mount)
