"""ICS Explorer: the BMA briefing and the Committee report on integrated care systems, offline."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # `__version__` is looked up only when asked for (`--version`): importlib.metadata costs
    # start-up time that opening the explorer does not need.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ics-tui")
        except PackageNotFoundError:  # running from a checkout that was never installed
            return "0.0.0+unknown"
    raise AttributeError(name)
