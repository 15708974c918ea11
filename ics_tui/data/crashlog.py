"""Keep tracebacks for developers in a file, so members only ever see one line."""

from __future__ import annotations

import datetime as _dt
import traceback

from ics_tui.data import locations


def log_crash(error: BaseException | None = None) -> str | None:
    """Append the traceback of `error` (or the one being handled) to crash.log; return its path."""
    try:
        folder = locations.state_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        details = (
            "".join(traceback.format_exception(error))
            if error is not None
            else traceback.format_exc()
        )
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {_dt.datetime.now().isoformat(timespec='seconds')}\n{details}\n")
        return str(path)
    except OSError:
        return None
