"""Member advice: the five principles, what to do now, implications, and staff portability compared."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content

from ics_tui.core.model import Action, PortabilityOption
from ics_tui.views import text
from ics_tui.views.cards import Card, CardView


def portability_table(options: list[PortabilityOption]) -> Table:
    table = Table(show_lines=True, expand=True, pad_edge=False)
    for label, ratio in (
        ("Option", 2),
        ("What it is", 4),
        ("When it suits", 3),
        ("What to check", 3),
    ):
        table.add_column(Text(label), ratio=ratio)
    for option in options:
        table.add_row(
            Text(option.title, style="bold"),
            Text(option.body),
            Text(option.suits),
            Text(option.check),
        )
    return table


class AdviceView(CardView):
    """Everything a member can act on, in the order they would use it."""

    HELP = "The BMA's five principles, what members can do now, implications for doctors, and staff-portability options. Up/down move between items; enter opens one."

    @property
    def title(self) -> str:
        return "Member advice"

    def card_text(self, section, prefix: str = "") -> Content:
        lines = [text.heading(prefix + section.title)]
        lines += [text.styled(p, self.glossary) for p in section.paragraphs()]
        lines += [Content.assemble("• ", text.styled(i, self.glossary)) for i in section.items]
        note = text.project_note(section, self.glossary)
        if note is not None:
            lines.append(note)
        lines.append(text.citation_line(self.model, section.citations))
        return text.join_lines(lines)

    def make_cards(self) -> ComposeResult:
        principles = self.model.principles
        yield Card(
            text.heading(f"The BMA's {len(principles)} principles for any model of integration"),
            None,
            classes="card-heading",
        )
        for principle in principles:
            yield Card(self.card_text(principle, f"{principle.number}. "), principle.id)
        actions = self.model.of_kind(Action)
        yield Card(text.heading("What members can do now"), None, classes="card-heading")
        for action in actions:
            yield Card(self.card_text(action), action.id)
        advice = self.model.group("advice")
        for group_id in advice.with_groups if advice else ():
            implications = self.model.in_group(group_id)
            if not implications:
                continue
            title = self.model.group_title(group_id)
            yield Card(
                text.heading(f"{title} ({len(implications)}; enter opens one)"),
                None,
                classes="card-heading",
            )
            for section in implications:
                summary = section.paragraphs()[0] if section.paragraphs() else ""
                lines = [
                    Content(section.title).stylize("bold"),
                    text.styled(summary, self.glossary),
                ]
                if summary.rstrip().endswith(":"):  # ("Two examples:" is followed by the examples)
                    lines += [
                        Content.assemble("• ", text.styled(i, self.glossary)) for i in section.items
                    ]
                yield Card(text.join_lines(lines), section.id)
        options = self.model.of_kind(PortabilityOption)
        if options:
            yield Card(
                text.heading("Staff portability options compared"), None, classes="card-heading"
            )
            yield Card(portability_table(options), None)  # type: ignore[arg-type]
            for option in options:
                body = self.card_text(option)
                if option.reasons:
                    reasons = [Content("Reasons given for it:").stylize("bold")] + [
                        Content("• " + r) for r in option.reasons
                    ]
                    body = text.join_lines([body, *reasons])
                yield Card(body, option.id)
            group = self.model.group(options[0].group)
            for related in group.see_also if group else ():
                safeguards = self.model.sections.get(related)
                if safeguards is not None:
                    yield Card(self.card_text(safeguards), safeguards.id)
