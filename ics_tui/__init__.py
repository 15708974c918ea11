"""ICS Explorer: the BMA briefing and the Committee report on integrated care systems, offline."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ics-tui")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
