"""pytest plugin for tools/mutate.py: leave out tests that drive the app, and slow ones.

Core and data code is reached far faster by the tests that call it directly; the app tests
(Pilot, snapshots) take minutes and reach it only through the UI. `--mutate-ui` keeps them.
"""

from __future__ import annotations

import inspect


def pytest_addoption(parser):
    parser.addoption("--mutate-ui", action="store_true", help="keep the tests that drive the app")
    parser.addoption("--mutate-no-property", action="store_true", help="leave out hypothesis tests")


def _drives_the_app(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    if names & {"app", "snap_compare", "pilot"}:
        return True
    try:
        source = inspect.getsource(item.function)
    except (AttributeError, OSError, TypeError):
        return False
    return "run_test(" in source or "ExplorerApp(" in source


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        slow = item.get_closest_marker("slow") is not None
        if config.getoption("--mutate-no-property"):
            slow = slow or getattr(getattr(item, "function", None), "is_hypothesis_test", False)
        if slow or (not config.getoption("--mutate-ui") and _drives_the_app(item)):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
