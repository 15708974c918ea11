"""What search says about a query's outcome: the words of an empty or partial result."""

from __future__ import annotations

import pytest

from ics_tui.core.search import SearchIndex
from ics_tui.core.search.outcome import Outcome
from ics_tui.core.search.query import Scope
from ics_tui.core.search.scopes import Chip
from ics_tui.data.locations import shipped_content_dir


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    from ics_tui.core.loader import load_content

    return SearchIndex.build(load_content(shipped_content_dir()))


@pytest.mark.parametrize("query", ["", "   ", None, 42])
def test_explaining_a_blank_or_non_string_query_says_no_matches(index, query) -> None:
    outcome = index.explain(query)
    assert outcome == Outcome(found=False)
    assert outcome.message() == "No matches."


def test_an_unknown_scope_is_named_with_the_scopes_to_try(index) -> None:
    assert index.explain("network doc:nothing").message() == (
        "“doc:nothing” names no document, kind or group; try doc:bma, doc:report or kind:glossary."
    )
    assert (
        index.explain("network doc:nothing kind:minutes")
        .message()
        .startswith("“doc:nothing” and “kind:minutes” name no document, kind or group;")
    )


def test_words_in_neither_document_are_listed_with_commas_and_and(index) -> None:
    assert index.explain("zyxwv").message() == "“zyxwv” is in neither document."
    assert index.explain("zyxwv qqqqq").message() == (
        "“zyxwv” and “qqqqq” are in neither document."
    )
    assert index.explain("zyxwv qqqqq jjjjjj").message() == (
        "“zyxwv”, “qqqqq” and “jjjjjj” are in neither document."
    )


def test_results_that_leave_words_out_say_which(index) -> None:
    assert index.explain("networks zyxwv").message() == (
        "“zyxwv” is in neither document; these results match the other words."
    )
    assert index.explain("networks zyxwv qqqqq").message() == (
        "“zyxwv” and “qqqqq” are in neither document; these results match the other words."
    )


def test_a_scope_that_hides_every_result_says_how_many_it_hid(index) -> None:
    outcome = index.explain("wessex kind:glossary")
    assert not outcome.found and outcome.outside_scope == 3
    assert outcome.message() == (
        "Nothing in glossary terms matches; without the scope there are 3 results."
    )


def test_one_hidden_result_is_counted_in_the_singular() -> None:
    chips = (Chip(Scope("doc", "report"), "Committee report"), Chip(Scope("kind", "term"), "terms"))
    assert Outcome(False, chips, outside_scope=1).message() == (
        "Nothing in Committee report and terms matches; without the scope there is 1 result."
    )


def test_results_name_at_most_three_words_they_leave_out(index) -> None:
    assert index.explain("networks zyxwv qqqqq jjjjjj kkkkkk").message() == (
        "“zyxwv” and “qqqqq” and “jjjjjj” are in neither document; "
        "these results match the other words."
    )
