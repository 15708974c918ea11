"""`search`: the explorer's search from the command line, as plain text or JSON lines."""

from __future__ import annotations

import argparse
import json

from ics_tui.cli.common import CommandError, load, plain_output

OPEN, CLOSE = "«", "»"


def register(subparsers: argparse._SubParsersAction) -> None:
    search = subparsers.add_parser(
        "search",
        help="search every section; print the best matches with their sources",
        description="Search every section of the content: titles, text, structured fields and citations. "
        "The last word also matches as the start of a word, acronyms match their expansions (pcn, "
        '"primary care network"), small typos are forgiven and "quoted words" must stand together. '
        "doc:bma, doc:report and kind:glossary in the query (or --doc, --kind) restrict it; question "
        "words (how many, what did ... say about) do not count. Exit status 0 with matches, 1 with none.",
    )
    search.add_argument(
        "query", nargs="+", help='what to look for, e.g. pcn, "place population", luton'
    )
    search.add_argument(
        "--limit",
        "-n",
        type=_positive,
        default=10,
        metavar="N",
        help="show at most N results (default 10)",
    )
    search.add_argument(
        "--doc",
        action="append",
        default=[],
        metavar="DOC",
        help="only sections citing this document: bma or report (as doc:DOC in the query)",
    )
    search.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        help="only this kind or group: glossary, ics, comparison, tier, principle, action, "
        "portability, event, recommendations... (as kind:KIND in the query)",
    )
    search.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line: id, title, score, snippet, text (unwrapped "
        "paragraphs separated by blank lines), citation",
    )
    search.add_argument(
        "--plain",
        action="store_true",
        default=None,
        help="no «» around matched words (the default when the output is not a terminal)",
    )
    search.set_defaults(handler=run_search)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def marked(snippet: str, marks: tuple[tuple[int, int], ...]) -> str:
    """The snippet with each matched word or phrase between « and »."""
    out, last = [], 0
    for start, end in marks:
        out += [snippet[last:start], OPEN, snippet[start:end], CLOSE]
        last = end
    out.append(snippet[last:])
    return "".join(out)


def paragraphs(text: str) -> str:
    """Plain text for a script or a screen reader: every line (a paragraph, a field, a list item
    or a citation) its own paragraph, unwrapped, separated by blank lines."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def run_search(args: argparse.Namespace) -> int:
    from ics_tui.core.plaintext import section_text
    from ics_tui.core.search import SearchIndex

    content = load(args, cached=True)
    query = " ".join(args.query)
    scopes = [f"doc:{d}" for d in args.doc] + [f"kind:{k}" for k in args.kind]
    if any(not s.split(":", 1)[1].strip() or " " in s for s in scopes):
        raise CommandError("--doc and --kind take one word each, e.g. --doc report", status=2)
    if not query.strip() and not scopes:
        raise CommandError("give some words to search for", status=1)
    query = " ".join([query, *scopes]).strip()
    index = SearchIndex.build(content)
    hits = index.search(query, limit=args.limit)
    outcome = index.explain(query)
    if outcome.unknown_scopes:
        raise CommandError(outcome.message(), status=2)
    plain = plain_output(args.plain)
    for rank, hit in enumerate(hits, 1):
        if args.json:
            record = hit.as_dict()
            section = content.get(hit.section_id)
            if section is not None:
                record["text"] = paragraphs(
                    section_text(content, section, width=0, underline=False)
                )
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"{rank}. {hit.title}  [{hit.section_id}]")
            print(f"   {hit.citation}")
            print(f"   {hit.snippet if plain else marked(hit.snippet, hit.marks)}")
            print()
    note = outcome.message()
    if not hits and not args.json:
        from ics_tui.core.sanitize import clean_text

        print(
            f"No section matches “{clean_text(query)}”."
            + (f" {note}" if note != "No matches." else "")
        )
    elif note and not args.json:
        print(note)
    return 0 if hits else 1
