"""The search engine on small packs written here: fields, folding, prefixes, acronyms, typos, phrases, hits."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ics_tui.core.loader import load_content
from ics_tui.core.model import Citation, Content, Section, Term
from ics_tui.core.plaintext import section_text
from ics_tui.core.search import MAX_QUERY_CHARS, SNIPPET_CHARS, Hit, Scope, SearchIndex
from ics_tui.core.search.text import fold, osa_distance, raw_tokens, stem, token_spans

PACK = '''
[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "A test briefing"
publisher = "British Medical Association"
date = "2019-02"
note_word = "ref"

[[document]]
id = "report-2018"
short = "Committee report"
title = "A test report"
publisher = "House of Commons"
date = "2018-06"

[[group]]
id = "notes"
title = "Notes"

[[group]]
id = "ics-map"
title = "ICS map"

[[group]]
id = "compare"
title = "Compare"

[[group]]
id = "tiers"
title = "Tiers"

[[group]]
id = "advice"
title = "Advice"

[[group]]
id = "portability"
title = "Portability"

[[group]]
id = "glossary"
title = "Glossary"

[[group]]
id = "timeline"
title = "Timeline"

[[wave]]
number = 1
title = "First wave"
announced = "2017-03"
body = "The first ten."
[[wave.cite]]
doc = "bma-2019"
heading = "Waves"

[[section]]
id = "notes/networks"
group = "notes"
title = "Practices working together"
body = """GP practices join primary care networks covering about 30,000 to 50,000 patients.

Each network has a clinical director."""
items = ["Networks share staff across practices."]
[[section.cite]]
doc = "bma-2019"
heading = "Neighbourhoods"
paras = [2]

[[section]]
id = "notes/pcns"
group = "notes"
title = "Directors for every practice group"
body = "PCNs are led by a named director, and each of the PCNs must engage the ICS."
[[section.cite]]
doc = "bma-2019"
heading = "Clinical leads"
paras = [4]

[[section]]
id = "notes/trust-speed"
group = "notes"
title = "Relationships first"
body = "A system leader said that change happens at the speed of trust."
[[section.cite]]
doc = "report-2018"
heading = "Local relationships"
paras = [90]

[[section]]
id = "notes/trust-words"
group = "notes"
title = "Hospital mergers"
body = "Two hospital trust boards merged at speed, and the word trust is everywhere: trust, trust."
[[section.cite]]
doc = "report-2018"
heading = "Mergers"
paras = [91]

[[section]]
id = "notes/cafe"
group = "notes"
title = "Café society"
body = "The King’s Fund met in a CAFÉ; a naïve plan cost £250,000 in 2018–19."
[[section.cite]]
doc = "report-2018"
heading = "Odds and ends"
paras = [92]

[[section]]
id = "notes/cited-only"
group = "notes"
title = "A section about nothing much"
body = "Nothing here names the special heading."
[[section.cite]]
doc = "report-2018"
heading = "Quangocracy explained"
paras = [93]

[[ics]]
id = "ics/dorset"
title = "Dorset"
number = 3
wave = 1
notes = "Coastal system"
body = "A first-wave system in the south west."
[[ics.cite]]
doc = "bma-2019"
heading = "ICSs mapped"
[[ics.fact]]
text = "Two hospital trusts are pursuing a controversial merger."
[[ics.fact.cite]]
doc = "bma-2019"
heading = "Trust mergers"
paras = [6]
notes = ["7"]

[[comparison]]
id = "compare/ics-vs-icp"
title = "ICS versus ICP"
left = "ICS"
right = "ICP"
body = "Two models compared."
[[comparison.cite]]
doc = "bma-2019"
heading = "Figure 1"
[[comparison.row]]
aspect = "Legal footing"
left = "Collaboration between partners"
right = "A single contract"
note = "The BMA opposes outsourcing"

[[tier]]
id = "tiers/place"
title = "Place"
level = 3
aliases = ["borough"]
population_min = 250000
population_max = 500000
body = "Where most services are planned."
[[tier.cite]]
doc = "bma-2019"
heading = "ICS structures"

[[principle]]
id = "advice/principle-1"
number = 1
title = "Protect staff pay and conditions"
body = "Terms must not be eroded."
[[principle.cite]]
doc = "bma-2019"
heading = "Principles"

[[portability]]
id = "portability/secondment"
title = "Secondment"
body = "A worker is placed with a host for a while."
suits = "Fixed-term projects with a clear end date."
check = "Indemnity cover at the host."
reasons = ["Keeps continuity of employment"]
[[portability.cite]]
doc = "bma-2019"
heading = "Secondment"

[[term]]
id = "glossary/pcn"
term = "PCN"
expansion = "primary care network"
title = "PCN: primary care network"
body = "A group of practices."
[[term.cite]]
doc = "bma-2019"
heading = "Glossary"

[[term]]
id = "glossary/tupe"
term = "TUPE"
expansion = "Transfer of Undertakings (Protection of Employment)"
title = "TUPE"
body = "The rules when staff move employer."
[[term.cite]]
doc = "bma-2019"
heading = "Glossary"

[[event]]
id = "timeline/2015-12-guidance"
date = "2015-12"
title = "Planning guidance published"
body = "Areas were asked to produce plans."
[[event.cite]]
doc = "report-2018"
heading = "Guidance"
paras = [53]
'''


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    folder = tmp_path_factory.mktemp("pack")
    (folder / "pack.toml").write_text(PACK, encoding="utf-8")
    return load_content(folder)


@pytest.fixture(scope="module")
def index(content: Content) -> SearchIndex:
    return SearchIndex.build(content)


def ids(index: SearchIndex, query: str, limit: int = 20) -> list[str]:
    return [hit.section_id for hit in index.search(query, limit=limit)]


def marked(hit: Hit) -> list[str]:
    return [hit.snippet[a:b] for a, b in hit.marks]


# --- the query basics ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", " ", "\n\t", '""', "!!!", "«»", "—"])
def test_blank_or_wordless_queries_find_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_limit_is_respected_and_zero_gives_nothing(index: SearchIndex) -> None:
    assert len(index.search("a", limit=2)) <= 2
    many = index.search("the", limit=50)
    assert len(many) > 2
    assert len(index.search("the", limit=2)) == 2
    assert index.search("the", limit=0) == []
    assert index.search("the", limit=-3) == []


def test_more_and_rarer_matched_words_rank_higher(index: SearchIndex) -> None:
    hits = index.search("trust speed")
    scores = {h.section_id: h.score for h in hits}
    # Both words, several times, beat both words once; both beat one word ("trusts" in Dorset's fact).
    assert [h.section_id for h in hits[:3]] == [
        "notes/trust-words",
        "notes/trust-speed",
        "ics/dorset",
    ]
    assert scores["notes/trust-words"] > scores["notes/trust-speed"] > 2 * scores["ics/dorset"] > 0


def test_unknown_word_finds_nothing(index: SearchIndex) -> None:
    assert index.search("zyxwvut") == []


# --- fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,expected",
    [
        ("coastal", "ics/dorset"),  # ICS notes
        ("controversial", "ics/dorset"),  # ICS fact
        ("legal footing", "compare/ics-vs-icp"),  # comparison row aspect
        ("single contract", "compare/ics-vs-icp"),  # row right
        ("outsourcing", "compare/ics-vs-icp"),  # row note
        ("borough", "tiers/place"),  # tier alias
        ("500,000", "tiers/place"),  # tier population
        ("500000", "tiers/place"),
        ("half a million", None),  # not said anywhere: no invented synonyms
        ("fixed-term projects", "portability/secondment"),  # suits
        ("indemnity", "portability/secondment"),  # check
        ("continuity", "portability/secondment"),  # reasons
        ("primary care network", "glossary/pcn"),  # glossary expansion
        ("december 2015", "timeline/2015-12-guidance"),  # event date, as words
        ("2015-12", "timeline/2015-12-guidance"),
        ("quangocracy", "notes/cited-only"),  # citation heading
        ("principle 1", "advice/principle-1"),  # principle number
    ],
)
def test_every_field_is_searchable(index: SearchIndex, query: str, expected: str | None) -> None:
    found = ids(index, query, limit=3)
    if expected is None:
        assert "tiers/place" not in found
    else:
        assert found and found[0] == expected, found


def test_title_outranks_a_body_mention(index: SearchIndex) -> None:
    found = ids(index, "secondment")
    assert found[0] == "portability/secondment"
    found = ids(index, "mergers")
    assert found.index("notes/trust-words") < found.index("ics/dorset")


def test_a_rare_word_weighs_more_than_a_common_one(index: SearchIndex) -> None:
    # "speed" is in two sections, "happens" in one: the section with both wins,
    # and of the rest, the one holding the rarer word comes first.
    assert ids(index, "happens speed")[0] == "notes/trust-speed"


def test_all_words_beat_some_words(index: SearchIndex) -> None:
    # notes/trust-words says "trust" three times (once in its title) but never "leader"
    hits = index.search("trust leader ")
    assert hits[0].section_id == "notes/trust-speed"
    assert index.search("trust ")[0].section_id == "notes/trust-words"


# --- folding, stemming, prefixes ------------------------------------------------------------


@pytest.mark.parametrize("query", ["cafe", "CAFÉ", "Café", "cafés", "café!"])
def test_case_accents_and_punctuation_fold(index: SearchIndex, query: str) -> None:
    assert ids(index, query + " ")[0] == "notes/cafe"


@pytest.mark.parametrize(
    "query", ["king's fund", "kings fund", "King’s Fund", "naive", "NAÏVE", "250,000", "250000"]
)
def test_apostrophes_accents_and_thousands(index: SearchIndex, query: str) -> None:
    assert ids(index, query + " ")[0] == "notes/cafe"


def test_plurals_match_both_ways(index: SearchIndex) -> None:
    assert "notes/networks" in ids(index, "network ")
    assert "notes/networks" in ids(index, "networks ")
    assert "portability/secondment" in ids(index, "secondments ")
    assert "ics/dorset" in ids(
        index, "merger "
    )  # "mergers" in its fact's citation, "merger" in the fact


def test_acronym_plurals_stem_to_the_acronym(index: SearchIndex) -> None:
    assert "notes/pcns" in ids(index, "pcn ")
    assert "notes/pcns" in ids(index, "pcns ")


def test_last_word_is_a_prefix_while_typing(index: SearchIndex) -> None:
    assert ids(index, "secondm")[0] == "portability/secondment"
    assert ids(index, "relationsh")[0] == "notes/trust-speed"
    assert "notes/trust-speed" in ids(index, "change happ")


def test_a_space_ends_the_prefix(index: SearchIndex) -> None:
    assert ids(index, "secondm ") == []
    assert ids(index, "relationsh ") == []


def test_only_the_last_word_is_a_prefix(index: SearchIndex) -> None:
    assert "notes/trust-speed" not in ids(index, "relationsh trust")[:1]
    assert ids(index, "relationships trust")[0] == "notes/trust-speed"


def test_an_exact_word_outranks_its_completions(index: SearchIndex) -> None:
    hits = index.search("trust")
    by_id = {h.section_id: h.score for h in hits}
    # "trust" itself (notes/trust-words, twice) beats sections that only hold "trusts"
    assert by_id["notes/trust-words"] > by_id.get("ics/dorset", 0)


# --- acronyms ---------------------------------------------------------------------------------


def test_acronym_finds_its_expansion(index: SearchIndex) -> None:
    found = ids(index, "pcn ")
    assert "notes/networks" in found  # says "primary care networks", never "PCN"
    assert "notes/pcns" in found


def test_expansion_finds_its_acronym(index: SearchIndex) -> None:
    found = ids(index, "primary care network ")
    assert "notes/pcns" in found  # says only "PCNs"
    assert "notes/networks" in found


def test_expansion_found_while_its_last_word_is_typed(index: SearchIndex) -> None:
    assert "notes/pcns" in ids(index, "primary care netw")


def test_acronym_with_bracketed_expansion(index: SearchIndex) -> None:
    assert ids(index, "transfer of undertakings protection of employment")[0] == "glossary/tupe"
    assert ids(index, "tupe")[0] == "glossary/tupe"


def test_acronyms_need_the_glossary(content: Content) -> None:
    without = Content(
        documents=content.documents,
        groups=content.groups,
        sections={k: v for k, v in content.sections.items() if not isinstance(v, Term)},
    )
    index = SearchIndex.build(without)
    assert "notes/networks" not in ids(index, "pcn ")
    assert "notes/pcns" not in ids(index, "primary care network ")


def test_acronym_hit_marks_the_whole_expansion(index: SearchIndex) -> None:
    hit = next(h for h in index.search("pcn ") if h.section_id == "notes/networks")
    assert "primary care networks" in marked(hit)


# --- typos ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typo,expected",
    [
        ("secondmnet", "portability/secondment"),  # swapped letters
        ("secondmen", "portability/secondment"),  # missing letter (and a prefix)
        ("secondmant ", "portability/secondment"),  # wrong letter
        ("secondmenet ", "portability/secondment"),  # extra letter
        ("relatoinsihps ", "notes/trust-speed"),  # two edits in a long word
        ("controversal ", "ics/dorset"),
        ("indemity ", "portability/secondment"),
    ],
)
def test_small_typos_in_longer_words_are_forgiven(
    index: SearchIndex, typo: str, expected: str
) -> None:
    assert ids(index, typo)[:1] == [expected]


@pytest.mark.parametrize("typo", ["cafr ", "seconmdnett ", "xecomdmnet ", "pxlcae "])
def test_typos_are_bounded(index: SearchIndex, typo: str) -> None:
    # short words get no typo allowance; longer ones at most 1 edit (5-7 letters) or 2 (8+)
    found = ids(index, typo)
    assert not {"portability/secondment", "notes/cafe", "tiers/place"} & set(found), found


def test_a_typo_scores_below_the_exact_word(content: Content) -> None:
    index = SearchIndex.build(content)
    exact = index.search("secondment ")[0].score
    typo = index.search("secondmnet ")[0].score
    assert 0 < typo < exact


def misspellings(word: str) -> set[str]:
    """Every word one deletion, one swap of neighbours or one substitution away."""
    out = {word[:i] + word[i + 1 :] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    out |= {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in "aeiost"}
    out |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in "es"}
    return out - {word}


def test_typo_table_finds_every_vocabulary_word_within_its_distance(index: SearchIndex) -> None:
    surfaces = index.vocabulary.surfaces
    vocabulary = [w for w in surfaces if len(w) >= 4 and w.isalpha()]
    typed = sorted(
        {m for w in vocabulary for m in misspellings(w) if len(m) >= 5 and m not in surfaces}
    )
    assert len(typed) > 1000
    for word in typed[::10] + ["hospitla", "directr", "practises", "servcies", "relationshps"]:
        limit = 2 if len(word) >= 8 else 1
        brute = {surfaces[v] for v in vocabulary if 0 < osa_distance(word, v, limit) <= limit}
        assert brute <= {s for s, _ in index.vocabulary.typos(word)}, word


# --- phrases --------------------------------------------------------------------------------------


def test_quoted_phrase_needs_consecutive_words(index: SearchIndex) -> None:
    assert ids(index, '"speed of trust"') == ["notes/trust-speed"]
    assert set(ids(index, "speed of trust")[:2]) == {"notes/trust-speed", "notes/trust-words"}


def test_unclosed_quote_is_a_phrase_being_typed(index: SearchIndex) -> None:
    assert ids(index, '"speed of tr') == ["notes/trust-speed"]


def test_phrase_and_words_together(index: SearchIndex) -> None:
    assert ids(index, 'leader "speed of trust"')[0] == "notes/trust-speed"
    assert ids(index, '"at speed" boards')[0] == "notes/trust-words"


def test_hyphenated_words_rank_higher_together(index: SearchIndex) -> None:
    assert ids(index, "first-wave")[0] == "ics/dorset"


def test_words_standing_together_rank_higher(index: SearchIndex) -> None:
    # notes/trust-words has more of both words; notes/trust-speed has them as "speed of trust"
    apart = {h.section_id: h.score for h in index.search("trust speed ")}
    together = {h.section_id: h.score for h in index.search("speed of trust ")}
    assert apart["notes/trust-words"] > apart["notes/trust-speed"]
    assert together["notes/trust-speed"] > together["notes/trust-words"]


# --- hits --------------------------------------------------------------------------------------------


def test_hit_carries_id_title_snippet_marks_citation_and_text(
    index: SearchIndex, content: Content
) -> None:
    hit = index.search("controversial")[0]
    section = content.get("ics/dorset")
    assert (hit.section_id, hit.title) == ("ics/dorset", "Dorset")
    assert "controversial merger" in hit.snippet
    assert marked(hit) == ["controversial"]
    # the matched fact's own citation, not the section's
    assert hit.citation == content.cite(section.facts[0].citations[0])
    assert '"Trust mergers", para 6, ref 7' in hit.citation
    assert hit.text == section_text(content, section)


def test_snippet_is_cut_around_the_match_with_ellipses(content: Content) -> None:
    words = " ".join(f"filler{i}" for i in range(80))
    body = f"{words} the needle sits here {words}"
    section = Section(
        id="x/long",
        group="notes",
        title="Long",
        body=body,
        citations=(Citation("bma-2019", "Somewhere"),),
    )
    pack = Content(documents=content.documents, groups=content.groups, sections={"x/long": section})
    hit = SearchIndex.build(pack).search("needle")[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= SNIPPET_CHARS + 2
    assert marked(hit) == ["needle"]
    assert "needle" not in hit.snippet[:10]


def test_short_passage_is_shown_whole(index: SearchIndex) -> None:
    hit = index.search("happens")[0]
    assert hit.snippet == "A system leader said that change happens at the speed of trust."
    assert marked(hit) == ["happens"]


def test_title_only_match_shows_the_body(index: SearchIndex) -> None:
    hit = index.search("relationships")[0]
    assert hit.snippet.startswith("A system leader") and hit.marks == ()


def test_hits_are_equal_by_content_and_as_dict_mirrors_them(index: SearchIndex) -> None:
    a, b = index.search("trust"), index.search("trust")
    assert a == b and a is not b  # a new list each time (the hits themselves are cached)
    assert a[0] != a[1]
    d = a[0].as_dict()
    assert d == {
        "id": a[0].section_id,
        "title": a[0].title,
        "score": round(a[0].score, 4),
        "snippet": a[0].snippet,
        "text": a[0].text,
        "citation": a[0].citation,
    }
    assert (
        a[0].snippet.strip("…").split("…")[0][:30] in a[0].text
    )  # the snippet is cut from the text


def test_forget_queries_empties_the_query_caches_and_the_results_stay_the_same(
    index: SearchIndex,
) -> None:
    a = index.search("trust speed")
    assert index.search("trust speed")[0] is a[0]  # from the cache
    index.forget_queries()
    b = index.search("trust speed")
    assert a == b and all(x is not y for x, y in zip(a, b))  # made again, the same


# --- terms and highlight_spans --------------------------------------------------------------------------


def test_terms_lists_what_the_query_matches(index: SearchIndex) -> None:
    assert set(index.terms("pcn ")) >= {"pcn", "pcns", "primary care network"}
    assert "networks" in index.terms("network ")
    assert index.terms('"speed of trust"') == ["speed of trust"]
    assert index.terms("") == []


def test_highlight_spans_in_any_text(index: SearchIndex) -> None:
    text = "Networks: the Network's PCNs and primary care\nnetworks, at the speed of trust."
    spans = index.highlight_spans(text, "pcn ")
    assert [text[a:b] for a, b in spans] == ["PCNs", "primary care\nnetworks"]
    spans = index.highlight_spans(text, "network ")
    assert [text[a:b] for a, b in spans] == ["Networks", "Network's", "networks"]
    spans = index.highlight_spans(text, '"speed of trust"')
    assert [text[a:b] for a, b in spans] == ["speed of trust"]
    assert index.highlight_spans(text, "") == [] and index.highlight_spans("", "pcn") == []


def test_highlight_spans_match_the_opened_section(index: SearchIndex, content: Content) -> None:
    text = section_text(content, content.get("ics/dorset"))
    spans = index.highlight_spans(text, "controversial merger")
    assert {text[a:b].lower() for a, b in spans} >= {"controversial", "merger"}
    assert spans == sorted(spans) and all(a < b for a, b in spans)


# --- robustness -----------------------------------------------------------------------------------------


NASTY = [
    "(",
    ")",
    "[",
    "]",
    "[b]",
    "[/]",
    "*",
    "+",
    "?",
    "\\",
    "^",
    "$",
    ".*",
    "|",
    "{1,2}",
    "\x00",
    "\x1b[31m",
    "\x9b",
    "\u202e",
    "\ud7ff",
    "💥",
    "ǅ",
    "ﬁ",
    "İ",
    "ß",
    "\u0301",
    "'",
    "’",
    '"',
    "“",
    "«",
    "-",
    "_",
    ",",
    "0,000",
]


@given(
    st.text(max_size=300)
    | st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=30).map("".join)
)
@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_query_returns_a_list_without_error(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert isinstance(hits, list)
    for hit in hits:
        assert all(0 <= a < b <= len(hit.snippet) for a, b in hit.marks)
    assert isinstance(index.terms(query), list)
    spans = index.highlight_spans("Dorset trust networks: the speed of trust " + query, query)
    assert all(0 <= a < b for a, b in spans)


@given(st.text(max_size=200))
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_can_be_highlighted(index: SearchIndex, text: str) -> None:
    for a, b in index.highlight_spans(text, "trust netw"):
        assert 0 <= a < b <= len(text)


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "trust " * 2_000,
        "\x00" * 10_000,
        "é" * 10_000,
        '"' * 5_000,
        "secondmnet " * 500,
        "a " * 5000,
    ],
)
def test_huge_queries_give_the_hits_of_their_first_256_characters(
    index: SearchIndex, query: str
) -> None:
    assert index.search(query) == index.search(query[:MAX_QUERY_CHARS])


def test_words_past_the_query_cap_are_ignored(index: SearchIndex) -> None:
    assert MAX_QUERY_CHARS == 256
    assert ids(index, " " * (MAX_QUERY_CHARS - 6) + "trust")  # ends at the cap: searched
    assert ids(index, " " * MAX_QUERY_CHARS + "trust") == []  # starts past it: ignored
    assert ids(index, "zzzz " * 51 + "x" + "trust") == ids(index, "zzzz " * 51 + "x")


def test_a_match_only_in_a_citation_shows_the_citation_as_the_snippet(index: SearchIndex) -> None:
    [hit] = index.search("quangocracy")
    assert hit.section_id == "notes/cited-only"
    assert hit.snippet == hit.citation and "Quangocracy explained" in hit.snippet
    assert marked(hit) == ["Quangocracy"]


WORDY = st.text(alphabet=st.sampled_from(list("abcdeNHSé’'-,. \n0159ßİ\u0301[]*")), max_size=80)


@given(
    st.lists(st.tuples(WORDY, WORDY, WORDY), max_size=8), st.lists(WORDY, min_size=1, max_size=5)
)
@settings(max_examples=60, deadline=None)
def test_any_content_builds_and_searches(
    texts: list[tuple[str, str, str]], queries: list[str]
) -> None:
    sections: dict[str, Section] = {}
    for n, (title, body, term) in enumerate(texts):
        cite = (Citation("doc", title or "heading"),)
        if n % 3 == 2:
            sections[f"t/{n}"] = Term(
                id=f"t/{n}",
                group="g",
                title=title or "-",
                body=body or "-",
                citations=cite,
                term=term or "-",
                expansion=body or "-",
            )
        else:
            sections[f"s/{n}"] = Section(
                id=f"s/{n}",
                group="g",
                title=title or "-",
                body=body or "-",
                citations=cite,
                items=(term,),
            )
    index = SearchIndex.build(Content(documents={}, groups=(), sections=sections))
    for query in queries + ["ab", "nhs ", "secondmnet"]:
        for hit in index.search(query):
            assert hit.section_id in sections
            assert all(0 <= a < b <= len(hit.snippet) for a, b in hit.marks)
    index.warm()
    assert all(isinstance(index.search(q), list) for q in queries)


def test_non_string_queries_give_nothing(index: SearchIndex) -> None:
    assert index.search(None) == []  # type: ignore[arg-type]
    assert index.terms(None) == []  # type: ignore[arg-type]
    assert index.highlight_spans(None, "x") == []  # type: ignore[arg-type]


def test_empty_content_builds_and_finds_nothing() -> None:
    index = SearchIndex.build(Content(documents={}, groups=(), sections={}))
    assert index.search("anything") == [] and index.search("secondmnet") == []


def test_searches_from_many_threads_agree(content: Content) -> None:
    index = SearchIndex.build(content)
    queries = [
        "trust",
        "pcn",
        "secondmnet",
        '"speed of trust"',
        "primary care netw",
        "cafe",
        "borough",
    ]
    expected = {q: ids(SearchIndex.build(content), q) for q in queries}
    errors: list[str] = []

    def worker(offset: int) -> None:
        for i in range(60):
            q = queries[(i + offset) % len(queries)]
            if ids(index, q) != expected[q]:
                errors.append(q)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# --- text analysis -------------------------------------------------------------------------------------


@given(
    st.text(alphabet=st.sampled_from(list("ab1_ ',.-\n\t’“”–…£é\u0301ßİ½x\x00\x7f")), max_size=60)
    | st.text(max_size=60)
)
@settings(max_examples=500, deadline=None)
def test_fast_tokenizer_agrees_with_the_pattern(text: str) -> None:
    # raw_tokens (the build's fast path) and token_spans (snippets, highlighting) must agree
    assert raw_tokens(text) == [word for _, _, word in token_spans(text)]


_PIECES = st.text(
    alphabet=st.sampled_from(list("ab1_ ',.-\n’“”–£é\u0301ßİ½")), max_size=20
) | st.text(max_size=20)


@given(st.lists(_PIECES, max_size=6))
@settings(max_examples=300, deadline=None)
def test_passages_joined_by_a_space_tokenize_as_their_concatenation(texts: list[str]) -> None:
    # the build tokenizes a field's passages in one string; a passage's own words, needed
    # later for phrases and snippets, must be exactly its share of them
    assert raw_tokens(" ".join(texts)) == [word for text in texts for word in raw_tokens(text)]


def test_passages_made_on_first_use_match_their_fields(index: SearchIndex) -> None:
    # every stem of a doc's passages is one it was indexed under, in the field it came from
    for doc in range(len(index.postings.ids)):
        passages = index.postings.doc_passages(doc)
        body = set(index.postings.counts[doc][2])
        for field, _, stems, _ in passages:
            assert set(stems) <= index.postings.doc_stems[doc]
            if field == 2:
                assert set(stems) <= body
        assert sum(len(p[2]) for p in passages if p[0] == 2) == len(index.postings.counts[doc][2])


def test_tokens_fold_and_stem() -> None:
    assert raw_tokens("King’s Fund: 250,000 people, 2018–19; A&E") == [
        "King’s",
        "Fund",
        "250,000",
        "people",
        "2018",
        "19",
        "A",
        "E",
    ]
    assert [fold(t) for t in ["King’s", "CAFÉ", "250,000", "ﬁnal", "Straße"]] == [
        "king",
        "cafe",
        "250000",
        "final",
        "strasse",
    ]
    assert [
        stem(w)
        for w in [
            "networks",
            "bodies",
            "processes",
            "churches",
            "status",
            "analysis",
            "trusts",
            "ics",
        ]
    ] == ["network", "body", "process", "church", "status", "analysis", "trust", "ics"]
    assert (
        stem("icss", {"ics"}) == "ics"
        and stem("gps", {"gp"}) == "gp"
        and stem("ics", {"ics", "ic"}) == "ics"
    )


def test_core_search_imports_no_textual() -> None:
    code = "import sys, ics_tui.core.search, ics_tui.cli.search; print('textual' in sys.modules, 'rich' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert out.stdout.split() == ["False", "False"]


def test_a_word_only_in_a_sections_items_is_found_and_shown(index: SearchIndex) -> None:
    hits = {h.section_id: h for h in index.search("staff")}
    assert hits["notes/networks"].snippet == "Networks share staff across practices."
    assert marked(hits["notes/networks"]) == ["staff"]


def test_the_lru_cache_keeps_the_newest_entries_up_to_its_size() -> None:
    from ics_tui.core.search.lru import LRU

    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.hit("a") == 1  # a is now the newest
    cache.put("c", 3)
    assert (
        len(cache) == 2 and cache.hit("b") is None and cache.hit("a") == 1 and cache.hit("c") == 3
    )


# --- scopes, questions and "X vs Y" (issue 13) -----------------------------------------------------


def test_scopes_are_read_from_the_query_and_taken_out_of_it(index: SearchIndex) -> None:
    from ics_tui.core.search.query import Scope, without_scope

    rest, scopes = index.parser.scopes("legislation doc:Report kind:glossary in:bma")
    assert rest.split() == ["legislation"]
    assert scopes == (Scope("doc", "report"), Scope("kind", "glossary"), Scope("doc", "bma"))
    assert (
        without_scope("legislation doc:report kind:glossary", Scope("doc", "report"))
        == "legislation kind:glossary"
    )
    assert index.parser.scopes("doc: x")[1] == ()  # an empty scope is no scope


def test_a_question_drops_its_question_words_and_filler(index: SearchIndex) -> None:
    assert index.parse("how many networks").words == ("networks",)
    assert index.parse("how many networks").counting
    assert not index.parse("networks").counting
    asked = index.parse("what did the committee say about networks ")
    assert asked.words == ("networks",) and [str(s) for s in asked.scopes] == ["doc:report"]
    assert asked.scopes[0].asked
    # a query that is all question words is searched as typed
    assert index.parse("what is").parts


def test_a_leading_document_name_scopes_the_rest(index: SearchIndex) -> None:
    parsed = index.parse("committee networks")
    assert parsed.words == ("networks",) and [str(s) for s in parsed.scopes] == ["doc:report"]
    assert index.parse("bma").scopes == () and index.parse("bma").words == ("bma",)
    assert index.parse("local committee").scopes == ()  # only a leading name counts


def test_versus_reads_both_sides(index: SearchIndex) -> None:
    parsed = index.parse("pcn vs ccg")
    assert parsed.versus is not None
    left, right = parsed.versus
    assert "pcn" in left and "ccg" in right
    assert index.parse("pcn ccg").versus is None


def test_a_scope_restricts_hits_and_an_unknown_scope_allows_nothing(
    index: SearchIndex, content: Content
) -> None:
    everything = index.search("network", limit=50)
    only_report = index.search("network doc:report", limit=50)
    assert {h.section_id for h in only_report} < {h.section_id for h in everything}
    for hit in only_report:
        assert any(c.doc == "report-2018" for c in content.get(hit.section_id).citations)
    assert index.search("network doc:nothing") == []
    assert [str(s) for s in index.explain("network doc:nothing").unknown_scopes] == ["doc:nothing"]


def big_pack() -> Content:
    """2,400 sections: a big pack (>= EAGER_DOCS), where every section says "care" (a posting long
    enough to be cut) and rarer words pick out a few."""
    rare = ["dorset", "luton", "cumbria", "dudley", "nottingham", "frimley", "berkshire", "surrey"]
    sections: dict[str, Section] = {}
    for n in range(2400):
        words = [rare[n % 8]] * (1 + n % 3) if n % 7 == 0 else []
        title = f"Care note {n}" + (" on mergers" if n % 50 == 0 else "")
        body = " ".join(["Integrated care across the area"] + words + ["and more care"] * (n % 5))
        sections[f"s/{n}"] = Section(
            id=f"s/{n}", group="g", title=title, body=body, citations=(Citation("doc", "Heading"),)
        )
    return Content(documents={}, groups=(), sections=sections)


@pytest.mark.parametrize(
    "query", ["care dorset", "dorset care merg", "luton", "mergers care", "nottingham dudley"]
)
def test_a_big_pack_ranks_as_if_every_posting_were_read(
    query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Packs of 2,000+ sections take a faster path: long postings scored at build and cut, then
    # the best candidates rescored exactly. It must find what reading everything finds.
    from ics_tui.core.search import index as index_module

    content = big_pack()
    fast = SearchIndex.build(content)
    assert fast.postings.big
    got = [h.section_id for h in fast.search(query, limit=10)]
    monkeypatch.setattr(index_module, "EAGER_DOCS", 10**9)  # the same pack, read the small way
    exhaustive = SearchIndex.build(content)
    assert not exhaustive.postings.big
    want = [h.section_id for h in exhaustive.search(query, limit=10)]
    assert want and got == want


# --- details a mutation run found untested (issue 18) ---------------------------------------


def small_index(*sections: Section) -> SearchIndex:
    return SearchIndex.build(Content(documents={}, groups=(), sections={s.id: s for s in sections}))


def test_a_tier_alias_weighs_as_a_name_above_the_same_word_in_a_body() -> None:
    from ics_tui.core.model import Tier

    cite = (Citation("doc", "Heading"),)
    index = small_index(
        Section(
            id="s/body",
            group="g",
            title="Other",
            body="Where it is planned borough.",
            citations=cite,
        ),
        Tier(
            id="t/place",
            group="tiers",
            title="Place",
            body="Where it is planned.",
            citations=cite,
            level=3,
            aliases=("borough",),
            population_min=1000,
        ),
    )
    hits = index.search("borough")
    assert [h.section_id for h in hits] == ["t/place", "s/body"]
    assert hits[0].score > 1.15 * hits[1].score


def test_an_overview_of_three_sections_is_raised_when_its_title_names_the_query() -> None:
    cite = (Citation("doc", "Heading"),)
    members = [
        Section(id=f"m/{k}", group="m", title=f"Principle {k}", body="A rule.", citations=cite)
        for k in range(3)
    ]
    common = dict(group="o", title="The principles", body="Three of them.", citations=cite)
    overview = Section(id="o/list", items=("one", "two"), see_also=("m/0", "m/1", "m/2"), **common)
    plain = Section(id="o/plain", items=("one", "two"), **common)
    hits = small_index(plain, overview, *members).search("principles")
    scores = {h.section_id: h.score for h in hits}
    assert scores["o/list"] == pytest.approx(1.5 * scores["o/plain"])


def test_field_norms_are_named_by_field(index: SearchIndex) -> None:
    norms = index.postings.field_norms(0)
    assert norms._fields == ("title", "names", "body", "cite", "title_bonus")
    assert tuple(norms) == index.postings.norms[0]


def test_one_side_of_versus_takes_the_acronym_of_its_words(index: SearchIndex) -> None:
    parsed = index.parse("primary care network vs ccg")
    assert parsed.versus is not None and "pcn" in parsed.versus[0]


def test_a_question_is_read_from_its_first_word_only_when_that_word_is_unquoted(
    index: SearchIndex,
) -> None:
    assert index.parse('what "primary care"').words == ("primary", "care")
    assert index.parse('"how" many networks').words == ("how", "many", "networks")


def test_putting_a_cached_key_again_makes_it_the_newest() -> None:
    from ics_tui.core.search.lru import LRU

    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 3)  # "a" again: now "b" is the oldest
    cache.put("c", 4)
    assert dict(cache) == {"a": 3, "c": 4}


def test_a_written_scope_is_not_marked_as_asked(index: SearchIndex) -> None:
    assert index.parse("networks doc:report").scopes == (Scope("doc", "report"),)
    assert not index.parse("networks doc:report").scopes[0].asked


def osa_reference(a: str, b: str) -> int:
    """Optimal string alignment distance, written out plainly."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_osa_distance_matches_the_plain_definition_on_every_short_pair() -> None:
    from itertools import product

    words = ["".join(p) for n in range(5) for p in product("abc", repeat=n)]
    for a in words:
        for b in words:
            want = osa_reference(a, b)
            for limit in (1, 2):
                got = osa_distance(a, b, limit)
                assert got == (want if want <= limit else limit + 1), (a, b, limit)
