"""A hypothesis state machine: two copies of the app share one bookmarks file, checked against a plain dict.

The model is the file: an insertion-ordered dict of id -> (section id, title,
note, added). Each copy of the app (a `BookmarkStore`) acts on what it last saw,
which may be stale; the model spells out what a merged change must do then.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ics_tui.data import bookmarks
from ics_tui.data.bookmarks import (
    FILE_NAME,
    Bookmark,
    BookmarkStore,
    clean_note,
    clean_title,
    parse,
)

SECTIONS = st.sampled_from(["ics/dorset", "tiers/place", "principles/one", "gone/from-content"])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=24)
TITLES = TEXT.filter(lambda t: clean_title(t) != "")
STORE = st.integers(0, 1)


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test is about what the file holds, not about surviving power cuts: skip the slow fsyncs."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.fixture(autouse=True)
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each change happens a second after the last, so "newest first" orders distinct times.

    With the real clock a run fits in one second and every bookmark has the same `added`.
    """
    start = datetime(2026, 11, 23, 12, 0, 0, tzinfo=timezone.utc)
    ticks = itertools.count()
    monkeypatch.setattr(
        bookmarks,
        "utc_now",
        lambda: (start + timedelta(seconds=next(ticks))).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


Entry = tuple[str, str, str, str]  # section_id, title, note, added


def entry(b: Bookmark) -> Entry:
    return (b.section_id, b.title, b.note, b.added)


class TwoCopies(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ics-bookmarks-model-"))
        self.stores = [BookmarkStore.open(self.folder), BookmarkStore.open(self.folder)]
        self.model: dict[str, Entry] = {}
        self.removed: list[Bookmark] = []

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ---------------------------------------------------------------------

    def expect_add(self, section: str, title: str) -> str | None:
        """The id `add` must return if the section is on disk already, else None (a new one)."""
        for bookmark_id, (section_id, *_rest) in self.model.items():
            if section_id == section:
                return bookmark_id
        return None

    def check_store(self, store: BookmarkStore) -> None:
        assert {b.id: entry(b) for b in store.all()} == self.model

    def pick(self, data: st.DataObject, store: BookmarkStore) -> Bookmark | None:
        seen = store.all()
        return data.draw(st.sampled_from(seen)) if seen else None

    # --- rules -------------------------------------------------------------------------

    @rule(which=STORE, section=SECTIONS, title=TEXT)
    def add(self, which: int, section: str, title: str) -> None:
        store = self.stores[which]
        existing = self.expect_add(section, title)
        made = store.add(section, title)
        if existing is not None:
            assert made.id == existing
        else:
            assert made.id not in self.model and made.section_id == section
            assert made.title == (clean_title(title) or section) and made.note == ""
            self.model[made.id] = entry(made)
        self.check_store(store)

    @rule(which=STORE, section=SECTIONS, title=TEXT)
    def toggle(self, which: int, section: str, title: str) -> None:
        store = self.stores[which]
        shown = store.find(section)  # the member acts on what this copy shows
        if shown is None:
            existing = self.expect_add(section, title)
            made = store.toggle(section, title)
            assert made is not None
            if existing is not None:
                assert made.id == existing
            else:
                self.model[made.id] = entry(made)
        else:
            assert store.toggle(section, title) is None
            self.model.pop(shown.id, None)
        self.check_store(store)

    @rule(which=STORE, note=TEXT, data=st.data())
    def set_note(self, which: int, note: str, data: st.DataObject) -> None:
        store = self.stores[which]
        target = self.pick(data, store)
        if target is None:
            return
        changed = store.set_note(target.id, note)
        assert changed.note == clean_note(note) and changed.id == target.id
        if target.id in self.model:
            section_id, title, _, added = self.model[target.id]
            self.model[target.id] = (section_id, title, clean_note(note), added)
        else:  # the other copy deleted it: the note brings it back rather than being lost
            self.model[target.id] = (
                target.section_id,
                target.title,
                clean_note(note),
                target.added,
            )
        self.check_store(store)

    @rule(which=STORE, title=TITLES, data=st.data())
    def rename(self, which: int, title: str, data: st.DataObject) -> None:
        store = self.stores[which]
        target = self.pick(data, store)
        if target is None:
            return
        store.rename(target.id, title)
        if target.id in self.model:
            section_id, _, note, added = self.model[target.id]
            self.model[target.id] = (section_id, clean_title(title), note, added)
        else:
            self.model[target.id] = (
                target.section_id,
                clean_title(title),
                target.note,
                target.added,
            )
        self.check_store(store)

    @rule(which=STORE, data=st.data())
    def remove(self, which: int, data: st.DataObject) -> None:
        store = self.stores[which]
        target = self.pick(data, store)
        if target is None:
            return
        on_disk = self.model.pop(target.id, None)
        removed = store.remove(target.id)
        assert removed.id == target.id
        assert entry(removed) == (on_disk or entry(target))
        self.removed.append(removed)
        self.check_store(store)

    @rule(which=STORE, data=st.data())
    def restore(self, which: int, data: st.DataObject) -> None:
        if not self.removed:
            return
        store = self.stores[which]
        bookmark = data.draw(st.sampled_from(self.removed))
        restored = store.restore(bookmark)
        if bookmark.id in self.model:
            assert entry(restored) == self.model[bookmark.id]
        else:
            assert restored == bookmark  # back exactly as it was: same id, note and dates
            self.model[bookmark.id] = entry(bookmark)
        self.check_store(store)

    @rule(which=STORE)
    def reload(self, which: int) -> None:
        self.stores[which].reload()
        self.check_store(self.stores[which])

    @rule()
    def start_a_third_copy(self) -> None:
        fresh = BookmarkStore.open(self.folder)
        assert fresh.notices == [] and fresh.persistent
        self.check_store(fresh)

    # --- always ------------------------------------------------------------------------

    @invariant()
    def file_matches_model_in_order(self) -> None:
        path = self.folder / FILE_NAME
        saved = parse(path.read_bytes()) if path.exists() else []
        assert [(b.id, entry(b)) for b in saved] == list(self.model.items())

    @invariant()
    def nothing_to_tell_and_everything_saved(self) -> None:
        for store in self.stores:
            assert store.notices == [] and store.persistent and store.moved_aside is None

    @invariant()
    def listed_newest_added_first(self) -> None:
        for store in self.stores:
            listed = store.all()
            times = [b.added_at for b in listed]
            assert None not in times and times == sorted(times, reverse=True)
            assert len(set(times)) == len(
                times
            )  # the ticking clock: no ties, so the order means something


TwoCopies.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_two_copies_against_a_plain_model = TwoCopies.TestCase
