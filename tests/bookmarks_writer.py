"""A second copy of the app, for tests/test_bookmarks_store.py: add bookmarks to a folder at the same time as another.

python tests/bookmarks_writer.py FOLDER PREFIX COUNT GO_FILE
    opens the store, creates GO_FILE.PREFIX.ready, waits until GO_FILE exists, then adds COUNT bookmarks with section ids PREFIX/0..N-1,
    and prints one JSON line: {"notices": [...], "seen": [store size after each add],
    "persistent": bool}.

python tests/bookmarks_writer.py --crash-before-replace FOLDER SECTION
    adds one bookmark but dies (os._exit) after the temporary file is written and fsynced,
    just before os.replace, as a power cut or a kill would.
"""

from __future__ import annotations

import json
import os
import sys
import time


def add_many(folder: str, prefix: str, count: int, go_file: str) -> None:
    from ics_tui.data.bookmarks import BookmarkStore

    store = BookmarkStore.open(folder, lock_timeout=30)
    with open(f"{go_file}.{prefix}.ready", "w"):
        pass  # imported and opened: the test starts both copies together once both say so
    deadline = time.monotonic() + 30
    while not os.path.exists(go_file):
        if time.monotonic() > deadline:
            raise SystemExit("the go file never appeared")
        time.sleep(0.001)
    seen = []
    for n in range(count):
        store.add(f"{prefix}/{n}", f"{prefix} {n}")
        seen.append(len(store))
    print(json.dumps({"notices": store.notices, "seen": seen, "persistent": store.persistent}))


def crash_before_replace(folder: str, section: str) -> None:
    from ics_tui.data.bookmarks import BookmarkStore

    store = BookmarkStore.open(folder)

    def die(src, dst, *args, **kwargs):  # noqa: ANN001
        os._exit(9)

    os.replace = die  # type: ignore[assignment]
    store.add(section, section)
    raise SystemExit("os.replace was not reached")


if __name__ == "__main__":
    if sys.argv[1] == "--crash-before-replace":
        crash_before_replace(sys.argv[2], sys.argv[3])
    else:
        add_many(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
