"""Checks `ics-tui validate` runs on a loaded pack beyond what the loader enforces.

The loader refuses a pack it cannot show. These checks find content that would show but
says more than its citations do (the December 2026 fidelity review's classes of error):

- record-level citations must cover every paragraph the record's own facts or rows cite,
  so the "Sources" line under a record holds everything its body draws on;
- a record that lists `derived` numbers or dates must say in `editor_note` how the
  project arrived at them.

`check_sources` adds the checks that need the source copies (`ics_tui.core.source_checks`).
Every problem is returned as a loader `Problem`, `file:line: message`, the line being the
record's `id`. Standard library only; no Textual.
"""

from __future__ import annotations

import re
from pathlib import Path

from ics_tui.core.loader import Problem
from ics_tui.core.model import Citation, Comparison, Content, Ics, Section


def covers(record: tuple[Citation, ...], nested: Citation) -> bool:
    """Whether some record-level citation holds every paragraph a nested one cites."""
    for citation in record:
        if citation.doc != nested.doc or citation.heading != nested.heading:
            continue
        if not citation.paras or set(nested.paras) <= set(citation.paras):
            return True
    return False


def _nested(section: Section) -> list[tuple[str, Citation]]:
    out: list[tuple[str, Citation]] = []
    if isinstance(section, Ics):
        for index, fact in enumerate(section.facts, start=1):
            out += [(f"fact {index}", c) for c in fact.citations]
    if isinstance(section, Comparison):
        out += [(f'row "{row.aspect}"', c) for row in section.rows for c in row.citations]
    return out


def record_findings(section: Section) -> list[str]:
    """Problems with one record that need no source text."""
    out = []
    for where, citation in _nested(section):
        if not covers(section.citations, citation):
            paras = f", paras {list(citation.paras)}" if citation.paras else ""
            out.append(
                f'{where} cites "{citation.heading}"{paras} ({citation.doc}), which the '
                "record's own [[...cite]] tables do not cover"
            )
    if section.derived and not section.editor_note:
        out.append(
            f"lists derived values {list(section.derived)} but has no editor_note saying how "
            "the project arrived at them"
        )
    return out


class _Locator:
    """The line of each record's `id = "..."` in its file, read only when a problem needs it."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.lines: dict[str, dict[str, int]] = {}

    def where(self, section: Section) -> tuple[str, int | None]:
        if self.folder is None or not section.source_file:
            return section.source_file or "?", None
        path = self.folder / section.source_file
        if section.source_file not in self.lines:
            found: dict[str, int] = {}
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                text = ""
            for number, line in enumerate(text.splitlines(), start=1):
                match = re.match(r'\s*id\s*=\s*"([^"]+)"', line)
                if match:
                    found.setdefault(match.group(1), number)
            self.lines[section.source_file] = found
        return str(path), self.lines[section.source_file].get(section.id)


def check_content(content: Content) -> list[Problem]:
    """Problems every pack can be checked for, source copies or not."""
    locate = _Locator(content.source_dir)
    out = []
    for section in content:
        for message in record_findings(section):
            file, line = locate.where(section)
            out.append(Problem(file, line, f'"{section.id}": {message}'))
    return out


def check_sources(content: Content, folder: Path) -> tuple[list[Problem], list[str]]:
    """Problems found against the source copies in `folder`, and the documents not found there."""
    from ics_tui.core import source_checks

    sources, missing = source_checks.find_sources(folder, content)
    locate = _Locator(content.source_dir)
    out = []
    for finding in source_checks.check_content(content, sources):
        section = content.get(finding.section_id)
        if section is None:  # a wave
            out.append(
                Problem(
                    str(content.source_dir or "?"), None, f"{finding.section_id}: {finding.message}"
                )
            )
            continue
        file, line = locate.where(section)
        out.append(Problem(file, line, f'"{finding.section_id}": {finding.message}'))
    return out, missing
