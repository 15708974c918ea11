"""The two source documents, their known gaps and their reference lists."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content

from ics_tui.core.model import long_date
from ics_tui.views import text
from ics_tui.views.cards import Card, CardView


class ReferencesView(CardView):
    """Where every citation in the app points."""

    HELP = (
        "The source documents, what their copies lack, and their numbered references and footnotes."
    )

    @property
    def title(self) -> str:
        return "Sources and references"

    def make_cards(self) -> ComposeResult:
        for doc in self.model.documents.values():
            lines = [
                text.heading(doc.title),
                Content(
                    f"{doc.publisher}, {long_date(doc.date)}"
                    + (f" ({doc.reference})" if doc.reference else "")
                ),
            ]
            if doc.scope:
                lines.append(Content(doc.scope))
            if doc.note:
                lines.append(Content("Gaps in this copy: " + doc.note).stylize("italic"))
            yield Card(text.join_lines(lines), None)
            refs = [
                Content.assemble(
                    (f"{r.number:>3}  ", "bold"),
                    Content(r.text),
                    ("  (missing from the copy)" if r.missing else "", "italic"),
                )
                for r in doc.references
            ]
            if refs:
                yield Card(text.join_lines(refs), None)
        yield Card(text.join_lines(map_sources()), None)


def map_sources() -> list[Content]:
    """Where the drawn map comes from: the outline's source, and the positions (the project's own)."""
    from ics_tui.core.geo import SOURCE
    from ics_tui.core.mapdraw import POSITIONS_NOTE

    return [
        text.heading("The drawn map of England"),
        Content(f"Outline: {SOURCE}"),
        Content(POSITIONS_NOTE).stylize("italic"),
    ]
