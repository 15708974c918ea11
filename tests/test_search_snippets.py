"""Snippet choice and cutting: which passage is shown, where it is cut, what is marked."""

from __future__ import annotations

from ics_tui.core.model import Citation, Content, Section
from ics_tui.core.search import SNIPPET_CHARS, SearchIndex
from ics_tui.core.search.snippets import cut, window


def test_a_long_word_near_the_start_is_cut_inside_rather_than_shortening_the_snippet() -> None:
    # the only space in the first SNIPPET_CHARS characters is before the middle: cutting there
    # would show less than half a snippet, so the long word is cut instead
    text = "a" * 70 + " " + "b" * 150
    snippet, shift = cut(text, 0, SNIPPET_CHARS)
    assert shift == 0 and snippet.endswith("…")
    assert len(snippet) == SNIPPET_CHARS + 1


def test_a_snippet_ends_at_a_word_boundary_past_its_middle() -> None:
    text = " ".join(f"word{i:02d}" for i in range(60))
    snippet, shift = cut(text, 0, SNIPPET_CHARS)
    assert shift == 0 and snippet.endswith("word21…") and len(snippet) <= SNIPPET_CHARS + 1


def test_the_window_goes_to_the_densest_run_of_marks() -> None:
    words = [f"w{i:03d}" for i in range(80)]
    text = " ".join(words)  # 399 characters
    at = [text.index(w) for w in ("w000", "w060", "w062", "w064")]
    marks = [(a, a + 4) for a in at]
    snippet, shift = window(text, marks)
    # one mark at the start, three together near the end: the window shows the three
    assert snippet.startswith("…") and "w060 w061 w062 w063 w064" in snippet
    assert "w000" not in snippet
    assert text[shift + 1 : shift + 5] == snippet[1:5]  # the shift maps snippet to text


def test_a_section_whose_title_has_no_words_still_marks_its_body() -> None:
    section = Section(
        id="s/dash",
        group="g",
        title="—",
        body="Practices join networks.",
        citations=(Citation("doc", "Heading"),),
    )
    index = SearchIndex.build(Content(documents={}, groups=(), sections={section.id: section}))
    (hit,) = index.search("networks")
    assert hit.snippet == "Practices join networks."
    assert [hit.snippet[a:b] for a, b in hit.marks] == ["networks"]


def test_a_cut_moves_back_to_a_space_only_if_it_is_near() -> None:
    text = "x" * 30 + " " + "y" * 300
    # the space is 20 characters back from 50: too far, the word is cut where asked
    snippet, shift = cut(text, 50, 50 + SNIPPET_CHARS)
    assert snippet.startswith("…yyy") and shift == 49  # the "…" stands at 49
    # 19 back from 49: the snippet starts at the word after the space
    snippet, shift = cut(text, 49, 49 + SNIPPET_CHARS)
    assert snippet.startswith("…yyy") and shift == 30


def test_of_two_equally_dense_runs_of_marks_the_window_shows_the_first() -> None:
    text = " ".join(f"w{i:03d}" for i in range(80))
    marks = [(text.index(w), text.index(w) + 4) for w in ("w010", "w011", "w060", "w061")]
    snippet, _ = window(text, marks)
    assert "w010 w011" in snippet and "w060" not in snippet
