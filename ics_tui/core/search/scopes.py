"""Scopes: a query restricted to one document (`doc:report`) or kind (`kind:glossary`)."""

from __future__ import annotations

from dataclasses import dataclass

from ics_tui.core.kinds import every_citation, kind_of, named
from ics_tui.core.model import Content, Section
from ics_tui.core.search.query import Scope


@dataclass(frozen=True)
class Chip:
    """A scope understood, as the search screen shows it: `doc:report` is "Committee report"."""

    scope: Scope
    label: str


@dataclass(frozen=True)
class Scoping:
    docs: frozenset[int] | None  # the docs allowed (None: every doc)
    chips: tuple[Chip, ...]  # the scopes understood
    unknown: tuple[Scope, ...]  # scopes naming no document, kind or group


def resolve_scopes(content: Content, scopes: tuple[Scope, ...]) -> Scoping:
    """Docs allowed by every scope key (values of one key are alternatives)."""
    sections = list(content)
    chips: list[Chip] = []
    unknown: list[Scope] = []
    allowed: set[int] | None = None
    for key in ("doc", "kind"):
        tests = []
        for scope in (s for s in scopes if s.key == key):
            found = _doc_test(content, scope) if key == "doc" else _kind_test(content, scope)
            if found is None:
                unknown.append(scope)
                continue
            label, test = found
            chips.append(Chip(scope, label))
            tests.append(test)
        if tests:
            these = {d for d, section in enumerate(sections) if any(t(section) for t in tests)}
            allowed = these if allowed is None else allowed & these
    if allowed is None and unknown:
        allowed = set()  # a scope that names nothing allows nothing
    return Scoping(
        frozenset(allowed) if allowed is not None else None, tuple(chips), tuple(unknown)
    )


class _Test:
    def __call__(self, section: Section) -> bool:
        raise NotImplementedError


def _doc_test(content: Content, scope: Scope) -> tuple[str, _Test] | None:
    value = scope.value
    ids = [
        d.id
        for d in content.documents.values()
        if d.id.lower().startswith(value)
        or any(w.lower().startswith(value) for w in d.short.split())
    ]
    if not ids:
        return None
    label = " or ".join(content.documents[i].short for i in ids)
    return label, _Cites(frozenset(ids))


class _Cites(_Test):
    def __init__(self, docs: frozenset[str]) -> None:
        self.docs = docs

    def __call__(self, section: Section) -> bool:
        return any(c.doc in self.docs for c in every_citation(section))


class _Kind(_Test):
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, section: Section) -> bool:
        return kind_of(section).name == self.name


class _Group(_Test):
    def __init__(self, group: str) -> None:
        self.group = group

    def __call__(self, section: Section) -> bool:
        return section.group == self.group


def _kind_test(content: Content, scope: Scope) -> tuple[str, _Test] | None:
    kind = named(scope.value)
    if kind is not None:
        return kind.label, _Kind(kind.name)
    groups = [g for g in content.groups if g.id == scope.value] or [
        g
        for g in content.groups
        if g.id.startswith(scope.value) or g.title.lower().startswith(scope.value)
    ]
    if groups:
        return groups[0].title, _Group(groups[0].id)
    return None
