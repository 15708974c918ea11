"""ICS versus ICP (and STP versus ICS): one item per aspect, as a table row or a labelled block.

Where the pane is wide enough, each aspect is a row of a table whose columns share the pane's
width and whose header stays on screen while the rows scroll. Below that width each aspect is a
labelled block (Aspect, ICS, ICP, BMA position), so every word shows; no cell is ever cut with `…`.
Up/down move aspect by aspect, and `y` or `b` act on the comparison the cursor is in.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ics_tui.core.model import Comparison, ComparisonRow
from ics_tui.views import text
from ics_tui.views.cards import Card, CardScroll, CardView

COMFORTABLE = 80
"""Below this many columns of text, aspects are labelled blocks rather than table rows."""

RATIOS = (2, 3, 3, 3)
NOTE_LABEL = "BMA position / note"


def _has_notes(comparison: Comparison) -> bool:
    return any(row.note for row in comparison.rows)


def _table(comparison: Comparison, header: bool) -> Table:
    """An empty table with the comparison's columns (cells fold long words, never `…`)."""
    table = Table(
        show_lines=False,
        expand=True,
        pad_edge=False,
        show_header=header,
        show_edge=False,
        box=None,
        padding=(0, 1),
    )
    labels = ["Aspect", comparison.left, comparison.right] + (
        [NOTE_LABEL] if _has_notes(comparison) else []
    )
    for label, ratio in zip(labels, RATIOS):
        table.add_column(Text(label, style="bold"), ratio=ratio, overflow="fold")
    return table


def header_table(comparison: Comparison) -> Table:
    return _table(comparison, header=True)


def row_table(comparison: Comparison, row: ComparisonRow) -> Table:
    table = _table(comparison, header=False)
    cells = [Text(row.aspect, style="bold"), Text(row.left), Text(row.right)]
    if _has_notes(comparison):
        cells.append(Text(row.note or "—", style="italic"))
    table.add_row(*cells)
    return table


def row_block(comparison: Comparison, row: ComparisonRow) -> Content:
    """An aspect as a labelled block: every word shows at any width."""
    lines = [
        Content(row.aspect).stylize("bold"),
        Content.assemble((f"{comparison.left}: ", "bold"), row.left),
        Content.assemble((f"{comparison.right}: ", "bold"), row.right),
    ]
    if row.note:
        lines.append(Content.assemble(("BMA position: ", "bold"), (row.note, "italic")))
    return text.join_lines(lines)


class RowCard(Card):
    """One aspect of a comparison; drawn as a table row or as a labelled block."""

    def __init__(self, comparison: Comparison, row: ComparisonRow) -> None:
        super().__init__(row_block(comparison, row), comparison.id, classes="compare-row")
        self.comparison = comparison
        self.row = row
        self.as_table = False

    def draw(self, as_table: bool) -> None:
        self.as_table = as_table
        if as_table:
            self.update(row_table(self.comparison, self.row))
        else:
            self.update(self.text)


class CompareView(CardView):
    """Each comparison: its summary, one item per aspect, then the sources of each aspect."""

    HELP = (
        "Comparisons side by side: ICS versus ICP (BMA briefing, Figure 1) and STP versus ICS "
        "(Committee report). Up/down move aspect by aspect; y copies the comparison you are in."
    )

    as_table: bool | None = None
    """Aspects drawn as table rows (wide pane) or labelled blocks; None until first sized."""

    @property
    def title(self) -> str:
        return "Comparisons: " + ", ".join(c.title for c in self.model.comparisons)

    def compose(self) -> ComposeResult:
        yield Static("", id="compare-header")
        with CardScroll(classes="cards"):
            yield from self.make_cards()

    def make_cards(self) -> ComposeResult:
        for comparison in self.model.comparisons:
            intro = text.join_lines(
                [text.heading(comparison.title)]
                + [text.styled(p, self.glossary) for p in comparison.paragraphs()]
            )
            note = text.project_note(comparison, self.glossary)
            if note is not None:
                intro = text.join_blocks([intro, note])
            yield Card(intro, comparison.id, classes="compare-intro")
            for row in comparison.rows:
                yield RowCard(comparison, row)
            sources = [text.citation_line(self.model, comparison.citations, "Sources: ")]
            for row in comparison.rows:
                if row.citations:
                    sources.append(text.citation_line(self.model, row.citations, f"{row.aspect}: "))
            yield Card(text.join_lines(sources), comparison.id, classes="compare-sources")

    def on_resize(self) -> None:
        if self.removed:
            return
        as_table = self.size.width - 6 >= COMFORTABLE
        if as_table != self.as_table:
            self.as_table = as_table
            for card in self.query(RowCard):
                card.draw(as_table)
            self.show_header()

    def on_descendant_focus(self, event) -> None:
        super().on_descendant_focus(event)
        self.show_header()

    def show_header(self) -> None:
        """In table form, the header of the comparison the cursor is in stays on screen."""
        if self.removed or not self.query("#compare-header"):
            return
        header = self.query_one("#compare-header", Static)
        header.display = bool(self.as_table)
        if self.as_table:
            section = self.model.sections.get(self.current_section_id() or "")
            comparison = section if isinstance(section, Comparison) else self.model.comparisons[0]
            header.update(header_table(comparison))

    def highlight(self, query: str) -> None:
        super().highlight(query)
        if self.as_table:  # (table rows are not marked; their blocks are, below comfortable width)
            for card in self.query(RowCard):
                card.draw(True)
