"""`validate`, `sections` and `show`: the content as plain text."""

from __future__ import annotations

import argparse

from ics_tui.cli.common import CommandError, load
from ics_tui.core.model import Content
from ics_tui.core.plaintext import section_text


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser("validate", help="check a content folder and summarise what it holds")
    validate.add_argument("dir", nargs="?", help="content folder (default: the one in use)")
    validate.set_defaults(handler=run_validate)

    sections = subparsers.add_parser("sections", help="list every section id and title")
    sections.set_defaults(handler=run_sections)

    show = subparsers.add_parser("show", help="print a section as plain text with its citations")
    show.add_argument("id", help="a section id, as `ics-tui sections` lists them (e.g. ics/dorset)")
    show.set_defaults(handler=run_show)


def summary(content: Content) -> str:
    """'2 documents, 3 waves, 40 sections, 42 ICSs, 120 facts, ...': what `validate` counts."""
    from ics_tui.core.kinds import counts

    parts = [(len(content.documents), "documents"), (len(content.waves), "waves")]
    parts += [(n, label) for label, n in counts(list(content))]
    return ", ".join(f"{n} {label}" for n, label in parts if n)


def run_validate(args: argparse.Namespace) -> int:
    if args.dir:
        args.content = args.dir
    content = load(args)
    total = len(content)
    print(f"OK: {content.source_dir} holds {total} sections: {summary(content)}")
    return 0


def run_sections(args: argparse.Namespace) -> int:
    content = load(args)
    for section in content:
        print(f"{section.id}\t{section.title}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    content = load(args)
    section = content.get(args.id)
    if section is None:
        import difflib

        close = difflib.get_close_matches(args.id, list(content.sections), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else " `ics-tui sections` lists them."
        raise CommandError(f'no section "{args.id}".{hint}', status=1)
    print(section_text(content, section), end="")
    return 0
