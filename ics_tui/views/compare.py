"""ICS versus ICP (and STP versus ICS) as aligned columns, one row per aspect."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult

from ics_tui.core.model import Comparison, Content as Model
from ics_tui.views import text
from ics_tui.views.cards import Card, CardView


def comparison_table(model: Model, comparison: Comparison) -> Table:
    """A Rich table with plain `Text` cells (a `str` cell would be parsed as markup)."""
    table = Table(show_lines=True, expand=True, title_justify="left", pad_edge=False)
    table.add_column(Text("Aspect"), ratio=2, style="bold")
    table.add_column(Text(comparison.left), ratio=3)
    table.add_column(Text(comparison.right), ratio=3)
    has_notes = any(row.note for row in comparison.rows)
    if has_notes:
        table.add_column(Text("BMA position / note"), ratio=3, style="italic")
    for row in comparison.rows:
        cells = [Text(row.aspect), Text(row.left), Text(row.right)]
        if has_notes:
            cells.append(Text(row.note or "—"))
        table.add_row(*cells)
    return table


class CompareView(CardView):
    """Each comparison as a card: summary, the table, then the sources of each row."""

    HELP = "Comparisons side by side: ICS versus ICP (BMA briefing, Figure 1) and STP versus ICS (Committee report)."

    @property
    def title(self) -> str:
        return "Comparisons: " + ", ".join(c.title for c in self.model.comparisons)

    def make_cards(self) -> ComposeResult:
        for comparison in self.model.comparisons:
            intro = text.join_lines([text.heading(comparison.title)] + [text.styled(p, self.glossary) for p in comparison.paragraphs()])
            note = text.project_note(comparison, self.glossary)
            if note is not None:
                intro = text.join_blocks([intro, note])
            yield Card(intro, comparison.id, classes="compare-intro")
            yield Card(comparison_table(self.model, comparison), comparison.id, classes="compare-table")  # type: ignore[arg-type]
            sources = [text.citation_line(self.model, comparison.citations, "Sources: ")]
            for row in comparison.rows:
                if row.citations:
                    sources.append(text.citation_line(self.model, row.citations, f"{row.aspect}: "))
            yield Card(text.join_lines(sources), comparison.id, classes="compare-sources")
