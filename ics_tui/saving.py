"""Bookmark changes saved off the UI thread, retried, and never dropped silently at quit.

The store runs write-behind in the app: a change is made in memory at once (the star
shows) and saved here in a thread, so a lock held by another program, or a slow synced
folder, never freezes the UI (F7). A save that fails is retried every few seconds. At
quit, what is still unsaved is tried once more; if that fails too the member chooses:
retry, save a copy elsewhere and quit, or quit and lose the changes (F1). Exits the
member did not choose (SIGTERM, SIGHUP, a crash) save a copy on their own.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from ics_tui.app import ExplorerApp

RETRY_SECONDS = 5.0


def copy_folders() -> list[Path]:
    """Where a copy of unsaved bookmarks may go, best first: the state folder, home, temp."""
    from ics_tui.data import locations

    folders: list[Path] = []
    try:
        folders.append(locations.state_dir())
    except Exception:  # noqa: BLE001 - no state folder: the next one
        pass
    folders += [Path.home(), Path(tempfile.gettempdir())]
    return folders


class BookmarkSaver:
    def __init__(self, app: ExplorerApp) -> None:
        self.app = app
        self.saving = False  # a save worker is running
        self.again = False  # a change came while it ran: save once more
        self.quit_when_saved = False
        self.retry_timer: Timer | None = None

    @property
    def store(self):
        return self.app.bookmarks

    def save(self) -> None:
        """Save the changes waiting in memory, in a thread; one save at a time."""
        if not self.store.write_behind or self.app.quitting:
            return
        if self.saving:
            self.again = True
            return
        if not self.store.unsaved and not self.quit_when_saved:
            return
        self.saving = True
        self.app.run_worker(self._flush, thread=True, group="bookmarks-save", exit_on_error=False)

    def _flush(self) -> None:
        try:
            saved = self.store.flush()
        except Exception:  # noqa: BLE001 - flush promises not to raise; keep the UI alive anyway
            saved = False
        if not self.app.quitting:
            self.app.call_from_thread(self._done, saved)

    def _done(self, saved: bool) -> None:
        self.saving = False
        self.app.show_bookmark_notices()
        if self.again:
            self.again = False
            self.save()
            return
        if self.quit_when_saved:
            self.quit_when_saved = False
            if saved or not self.store.unsaved:
                self.app.exit()
            else:
                self.ask()
            return
        if not saved and self.store.unsaved and self.store.file_backed and self.retry_timer is None:
            self.retry_timer = self.app.set_timer(RETRY_SECONDS, self._retry)

    def _retry(self) -> None:
        self.retry_timer = None
        self.save()

    # --- quitting ---------------------------------------------------------------------

    def quit(self) -> None:
        """Quit now if nothing is unsaved; else save first, and ask if that fails."""
        from ics_tui.screens.unsaved import UnsavedScreen

        if isinstance(self.app.screen, UnsavedScreen) or self.quit_when_saved:
            return  # already on the way
        if not self.store.unsaved:
            self.app.exit()
            return
        if not self.store.write_behind:
            self.ask()
            return
        self.quit_when_saved = True
        self.app.notify("Saving your bookmarks before quitting…", timeout=3)
        self.save()

    def ask(self) -> None:
        from ics_tui.screens.unsaved import UnsavedScreen

        store = self.store
        where = str(store.path) if store.path else "Bookmarks"
        why = store.last_failure or "they could not be saved"
        self.app.push_screen(
            UnsavedScreen(store.unsaved, where, why, str(copy_folders()[0])), self._answered
        )

    def _answered(self, answer: str | None) -> None:
        if answer == "retry":
            self.quit()
        elif answer == "copy":
            self.app.run_worker(
                self._copy, thread=True, group="bookmarks-copy", exit_on_error=False
            )
        elif answer == "lose":
            count = self.store.unsaved
            self.app.exit(
                message=f"ics-tui: {count} bookmark change(s) were not saved, as you chose."
            )

    def _copy(self) -> None:
        try:
            where = self.store.save_copy(copy_folders())
        except OSError as error:
            self.app.call_from_thread(self._copy_failed, str(error))
            return
        self.app.call_from_thread(self._copied, where)

    def _copied(self, where: Path) -> None:
        self.app.exit(message=self.copy_message(where))

    def _copy_failed(self, why: str) -> None:
        self.app.notify(
            f"The copy could not be saved either ({why}).", severity="error", timeout=10
        )
        self.ask()

    def copy_message(self, where: Path) -> str:
        target = self.store.path or "the bookmarks file"
        return (
            f"ics-tui: your bookmarks could not be saved to {target}; a copy of all of them is in "
            f"{where} (rename it to {Path(str(target)).name} to use it)."
        )

    def rescue(self) -> str | None:
        """For exits nobody chose (SIGTERM, SIGHUP, a crash): one quick try, then a copy.

        Returns the line to print after the terminal is restored, or None if all is saved.
        """
        store = self.store
        if not store.unsaved:
            return None
        store.lock_timeout = min(store.lock_timeout, 1.0)
        if store.write_behind and store.flush(wait=1.0):
            return None
        try:
            return self.copy_message(store.save_copy(copy_folders()))
        except OSError as error:
            return f"ics-tui: {store.unsaved} bookmark change(s) could not be saved ({error})."
