"""`validate`, `sections` and `show`: the content as plain text."""

from __future__ import annotations

import argparse
import sys

from ics_tui.cli.common import CommandError, load, output_width, plain_output
from ics_tui.core.model import Content


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser(
        "validate", help="check a content folder and summarise what it holds"
    )
    validate.add_argument("dir", nargs="?", help="content folder (default: the one in use)")
    validate.add_argument(
        "--sources",
        metavar="DIR",
        help="folder of the source documents' plain-text copies: also check every footnote mark, "
        "number and timeline date against them (default: $ICS_TUI_SOURCES)",
    )
    validate.set_defaults(handler=run_validate)

    sections = subparsers.add_parser(
        "sections",
        help="list section ids and titles (filter by --group, --kind or a word)",
        description="List every section id and title, one per line, tab-separated. "
        "The filters combine: `ics-tui sections --group advice`, `--kind term`, `--word pcn`.",
    )
    sections.add_argument(
        "--group", metavar="ID", help="only sections in this contents group (e.g. advice)"
    )
    sections.add_argument(
        "--kind", metavar="KIND", help="only sections of this kind (e.g. ics, term, event)"
    )
    sections.add_argument(
        "--word", metavar="WORD", help="only sections whose id or title holds WORD"
    )
    sections.set_defaults(handler=run_sections)

    show = subparsers.add_parser(
        "show",
        help="print a section, or every section of a group, as plain text with its citations",
        description="Print a section (ics/dorset) or a whole contents group (advice, glossary) as "
        "plain text with its sources. Wraps to the terminal's width; when the output is not a "
        "terminal, paragraphs are left unwrapped and the title is not underlined.",
    )
    show.add_argument(
        "id",
        help="a section id or a group id, as `ics-tui sections` and "
        "`ics-tui sections --group` list them (e.g. ics/dorset, advice)",
    )
    show.add_argument(
        "--width", type=int, metavar="N", help="wrap at N columns; 0 leaves paragraphs unwrapped"
    )
    show.add_argument(
        "--plain",
        action="store_true",
        default=None,
        help="no underlined titles (the default when the output is not a terminal)",
    )
    show.set_defaults(handler=run_show)


def summary(content: Content) -> str:
    """'2 documents, 2 waves, 79 sections, 15 ICSs, 46 facts, ...': what `validate` counts."""
    from ics_tui.core.kinds import counts

    parts = [(len(content.documents), "documents"), (len(content.waves), "waves")]
    parts += [(n, label) for label, n in counts(list(content))]
    notes = sum(1 for s in content if s.editor_note)
    parts.append((notes, "project notes (the project's own, not from the sources)"))
    return ", ".join(f"{n} {label}" for n, label in parts if n)


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
    print(f"OK: {content.source_dir} holds {total} sections: {summary(content)}")
    print(checked)
    return 0


def run_sections(args: argparse.Namespace) -> int:
    content = load(args, cached=True)
    if args.group and not any(g.id == args.group for g in content.groups):
        known = ", ".join(g.id for g in content.groups)
        raise CommandError(f'no group "{args.group}". Groups: {known}', status=1)
    kinds = {s.kind for s in content}
    if args.kind and args.kind not in kinds:
        raise CommandError(f'no kind "{args.kind}". Kinds: {", ".join(sorted(kinds))}', status=1)
    word = (args.word or "").casefold()
    shown = 0
    for section in content:
        if args.group and section.group != args.group:
            continue
        if args.kind and section.kind != args.kind:
            continue
        if word and word not in section.id.casefold() and word not in section.title.casefold():
            continue
        print(f"{section.id}\t{section.title}")
        shown += 1
    return 0 if shown or not (args.group or args.kind or word) else 1


def run_show(args: argparse.Namespace) -> int:
    from ics_tui.core.plaintext import section_text

    content = load(args, cached=True)
    plain = plain_output(args.plain)
    width = output_width(args.width, plain)
    section = content.get(args.id)
    if section is not None:
        sys.stdout.write(section_text(content, section, width, underline=not plain))
        return 0
    group = next((g for g in content.groups if g.id == args.id.removeprefix("@group:")), None)
    if group is not None:
        members = content.in_group(group.id)
        heading = f"{group.title} ({len(members)} section{'' if len(members) == 1 else 's'})"
        sys.stdout.write(
            heading
            + "\n"
            + ("" if plain else "=" * min(len(heading), width or len(heading)) + "\n")
        )
        for member in members:
            sys.stdout.write("\n" + section_text(content, member, width, underline=not plain))
        return 0
    import difflib

    choices = list(content.sections) + [g.id for g in content.groups]
    close = difflib.get_close_matches(args.id, choices, n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else " `ics-tui sections` lists them."
    raise CommandError(f'no section or group "{args.id}".{hint}', status=1)
