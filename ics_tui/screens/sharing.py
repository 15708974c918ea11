"""Taking text out of the explorer: `y` copies a section, `e` (and the palette) exports bookmarks.

Both write files and may run a clipboard tool, so the work runs in a worker thread; the
member hears the outcome in a toast that names where the text went. A result that comes
back after the explorer screen has gone is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from ics_tui.views.base import ViewContext

if TYPE_CHECKING:
    from ics_tui.core.model import Section
    from ics_tui.data.bookmarks import Bookmark

FORMAT_NAMES = {"markdown": "Markdown", "html": "HTML"}


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class Sharing:
    """Copy and export for the explorer screen."""

    def __init__(self, screen: Screen[Any], context: ViewContext) -> None:
        self.screen = screen
        self.context = context

    def _deliver(self, message: str, **kwargs: Any) -> None:
        """Show a worker's outcome, unless the screen closed meanwhile (the app is quitting)."""
        if self.screen.is_attached:
            self.screen.notify(message, **kwargs)

    def _from_worker(self, message: str, **kwargs: Any) -> None:
        try:
            self.screen.app.call_from_thread(self._deliver, message, **kwargs)
        except RuntimeError:
            pass  # the app closed while the worker ran: nobody to tell

    # --- copy ---------------------------------------------------------------------------

    def copy(self, section: Section) -> None:
        """Copy a section as unwrapped plain text with its full references."""
        from ics_tui.core.plaintext import all_citations, section_text

        pack = self.context.pack
        text = section_text(pack, section, width=0, underline=False, references=True)
        citations = all_citations(section)
        documents = len({c.doc for c in citations})
        what = (
            f"“{section.title}” with {plural(len(citations), 'citation')} "
            f"from {plural(documents, 'document')}"
        )
        # OSC 52 goes to the terminal from the UI thread (the driver writes it); a terminal
        # without it drops it silently, hence the tool and the file below.
        self.screen.app.copy_to_clipboard(text)
        self.screen.run_worker(
            lambda: self._copy_out(text, what), thread=True, group="copy", exit_on_error=False
        )

    def _copy_out(self, text: str, what: str) -> None:
        from ics_tui.data.clipboard import copy_text

        result = copy_text(text)
        if result.tool:
            message = f"Copied {what} to the clipboard ({result.tool})."
        else:
            message = f"Sent {what} to the terminal's clipboard (OSC 52); some terminals ignore it."
        if result.file is not None:
            message += f" The text is also saved in {result.file}"
        if result.problem:
            message += f" ({result.problem})"
        severity = "information" if result.tool or result.file else "warning"
        self._from_worker(message, title="Copied", severity=severity, timeout=10)

    # --- export ---------------------------------------------------------------------------

    def export(self, fmt: str = "markdown", suggested: str | None = None, why: str = "") -> None:
        """Ask where to save the bookmarks (a free name in Documents, else the home folder,
        is offered), then save. Asked again, with a free name, if the file exists."""
        from ics_tui.data.export import default_export_path
        from ics_tui.screens.prompt import TextPrompt

        if not self.context.bookmarks.all():
            self.screen.notify(
                "There are no bookmarks to export yet: press b on a section first.",
                severity="warning",
            )
            return
        if suggested is None:
            try:
                suggested = str(default_export_path(fmt))
            except OSError:
                suggested = ""

        def chosen(path: str | None) -> None:
            if path and path.strip():
                bookmarks = self.context.bookmarks.all()
                self.screen.run_worker(
                    lambda: self._export_to(path.strip(), fmt, bookmarks),
                    thread=True,
                    group="export",
                    exit_on_error=False,
                )

        title = why or (
            f"Export bookmarks as {FORMAT_NAMES[fmt]} to (an existing file is never replaced)"
        )
        self.screen.app.push_screen(TextPrompt(title, suggested, "a file name"), chosen)

    def _export_to(self, path: str, fmt: str, bookmarks: list[Bookmark]) -> None:
        from pathlib import Path

        from ics_tui.data.export import (
            ExportError,
            ExportExists,
            free_name,
            render,
            write_export,
        )

        target = Path(path).expanduser()
        try:
            write_export(target, render(self.context.pack, bookmarks, fmt))
        except ExportExists:
            # Asked again, with the next free name beside it: nothing to retype.
            offer = str(free_name(target.parent, target.stem, target.suffix))
            why = f"{target.name} already exists (it is kept); export to"
            try:
                self.screen.app.call_from_thread(self.export, fmt, offer, why)
            except RuntimeError:
                pass  # the app closed while the worker ran
            return
        except ExportError as error:
            self._from_worker(
                f"Not exported: {error}.", title="Export", severity="error", timeout=15
            )
            return
        self._from_worker(
            f"Exported {plural(len(bookmarks), 'bookmark')} to {target}", title="Export", timeout=15
        )
