"""`ics-tui map`: the map of England with the 14 ICSs, as plain text for the shell and pasting."""

from __future__ import annotations

import argparse

from ics_tui.cli.common import CommandError, load

MIN_WIDTH, MAX_WIDTH = 20, 400


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "map",
        help="print the map of England with the ICSs numbered, and its legend",
        description="Print the map of England with each ICS at its approximate place, numbered "
        "as on "
        "the BMA map, and the numbered legend. Plain text (no colours or escape codes).",
    )
    command.add_argument(
        "--width",
        type=int,
        default=None,
        metavar="N",
        help=f"map width in characters ({MIN_WIDTH}-{MAX_WIDTH}; default: the "
        "terminal's, at most 60)",
    )
    command.add_argument(
        "--blocks",
        action="store_true",
        help="draw with half blocks instead of braille dots (for fonts without braille)",
    )
    command.set_defaults(handler=run_map)


def run_map(args: argparse.Namespace) -> int:
    import shutil

    from ics_tui.core.mapdraw import BLOCKS, BRAILLE, plain_map

    width = args.width
    if width is None:
        width = min(60, max(MIN_WIDTH, shutil.get_terminal_size((60, 24)).columns - 1))
    elif not MIN_WIDTH <= width <= MAX_WIDTH:
        raise CommandError(f"--width must be between {MIN_WIDTH} and {MAX_WIDTH}, not {width}")
    content = load(args)
    print(plain_map(content, width, BLOCKS if args.blocks else BRAILLE), end="")
    return 0
