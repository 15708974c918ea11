"""Command-palette providers: open any section by name, or jump to a matching fact.

Prompts are built as `Content` (the palette parses plain strings as markup, and
content is untrusted); the source line rides inside the prompt, not in `help`.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ics_tui.host import search_host
from ics_tui.messages import OpenRequested
from ics_tui.screens.search import hit_prompt
from ics_tui.views.registry import GROUP_PREFIX, palette_views


def _titled(title: str, detail: str, positions: tuple[int, ...] = ()) -> Content:
    prompt = Content(title)
    for offset in positions:
        prompt = prompt.stylize("bold underline", offset, offset + 1)
    return Content.assemble(prompt, "\n", (detail, "italic $text-muted"))


class SectionsProvider(Provider):
    """Every view, group and section, matched on its title (short strings: the fuzzy matcher is cheap there)."""

    async def startup(self) -> None:
        model = search_host(self.app).model
        self.views = palette_views()
        entries = [(target, title, "view") for target, title in self.views]
        entries += [
            (GROUP_PREFIX + g.id, g.title, "group") for g in model.groups if model.in_group(g.id)
        ]
        entries += [(s.id, s.title, model.group_title(s.group)) for s in model]
        self.entries = entries

    async def discover(self) -> Hits:
        for target, title, where in self.entries[: len(self.views)]:
            yield DiscoveryHit(_titled(f"Open {title}", where), self.opener(target), text=title)

    def opener(self, target: str, query: str = "") -> partial[bool]:
        """The command that asks the explorer screen (through the app) to open `target`."""
        return partial(self.app.post_message, OpenRequested(target, query=query))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for target, title, where in self.entries:
            score, positions = matcher.fuzzy_search.match(query, title)
            if score > 0:
                prompt = _titled(title, f"{where} · {target}", tuple(positions))
                yield Hit(score, prompt, self.opener(target), text=title)


class FactsProvider(Provider):
    """The search index's best hits, so the palette also finds facts inside sections."""

    async def startup(self) -> None:
        search_host(self.app).prepare_search()

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        for hit in search_host(self.app).search_index.search(query, limit=8):
            yield Hit(
                min(hit.score / 100, 0.5),  # below exact title matches
                Content.assemble(("Fact · ", "$text-muted"), hit_prompt(hit)),
                partial(self.app.post_message, OpenRequested(hit.section_id, query=query)),
                text=hit.title,
            )
