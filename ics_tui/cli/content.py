"""`validate`, `sections` and `show`: the content as plain text."""

from __future__ import annotations

import argparse

from ics_tui.cli.common import CommandError, load
from ics_tui.core.plaintext import section_text


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser("validate", help="check a content folder and summarise what it holds")
    validate.add_argument("dir", nargs="?", help="content folder (default: the one in use)")
    validate.add_argument(
        "--sources", metavar="DIR",
        help="folder of the source documents' plain-text copies: also check every footnote mark, "
             "number and timeline date against them (default: $ICS_TUI_SOURCES)",
    )
    validate.set_defaults(handler=run_validate)

    sections = subparsers.add_parser("sections", help="list every section id and title")
    sections.set_defaults(handler=run_sections)

    show = subparsers.add_parser("show", help="print a section as plain text with its citations")
    show.add_argument("id", help="a section id, as `ics-tui sections` lists them (e.g. ics/dorset)")
    show.set_defaults(handler=run_show)


def summary(counts: dict[str, int]) -> str:
    order = ["document", "section", "ics", "wave", "fact", "comparison", "comparison row", "tier",
             "principle", "action", "portability", "term", "event", "project note"]
    plural = {"ics": "ICSs", "comparison row": "comparison rows", "portability": "portability options",
              "term": "glossary terms", "event": "timeline events", "action": "actions",
              "project note": "project notes (the project's own, not from the sources)"}
    parts = [f"{counts[k]} {plural.get(k, k + 's')}" for k in order if counts.get(k)]
    return ", ".join(parts)


def run_validate(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from ics_tui.core import checks

    if args.dir:
        args.content = args.dir
    content = load(args)
    problems = checks.check_content(content)
    sources = getattr(args, "sources", None) or os.environ.get("ICS_TUI_SOURCES")
    checked = "source copies not given (--sources DIR): footnote, number and date checks skipped"
    if sources:
        folder = Path(sources)
        if not folder.is_dir():
            raise CommandError(f"--sources {folder}: not a folder of source copies")
        found, missing = checks.check_sources(content, folder)
        problems += found
        checked = f"checked against the source copies in {folder}"
        if missing:
            checked += f" (no copy found for {', '.join(missing)})"
    if problems:
        lines = [f"content in {content.source_dir} has {len(problems)} problem(s):"]
        lines += [f"  {p}" for p in problems]
        raise CommandError("\n".join(lines), status=1)
    total = len(content)
    print(f"OK: {content.source_dir} holds {total} sections: {summary(content.counts())}")
    print(checked)
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
