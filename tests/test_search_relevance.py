"""Relevance on the shipped content: what members type, and the section that must come up.

Each query is written from the source documents (the briefing and the Committee report);
the expected section is the one that holds that fact. It must be in the top 3, and for
the issue's acceptance queries it must be first.
"""

from __future__ import annotations

import pytest

from ics_tui.core.search import SearchIndex
from ics_tui.data.locations import shipped_content_dir


@pytest.fixture(scope="module")
def index(model_content) -> SearchIndex:
    return SearchIndex.build(model_content)


@pytest.fixture(scope="module")
def model_content():
    from ics_tui.core.loader import load_content

    return load_content(shipped_content_dir())


# (query, expected section id) -- the expected section must be among the first three hits.
TOP3 = [
    # the examples
    ("pcn", "glossary/pcn"),
    ("place population", "tiers/place"),
    ("dorset merger", "ics/dorset"),
    ("luton", "ics/bedfordshire-luton-and-milton-keynes"),
    ("honorary contract", "portability/honorary-contracts"),
    ("secondmnet", "portability/secondment"),
    ("ICP vs ICS difference", "compare/ics-vs-icp"),
    ("70-90", "tiers/where-work-happens"),
    ("Chris Ham", "report/ics-ham-caution"),
    ("speed of trust", "report/stp-speed-of-trust"),
    ("Dudley", "timeline/2020-dudley-icp"),
    ("North Cumbria merger", "ics/north-cumbria"),
    # acronyms, both ways
    ("primary care network", "glossary/pcn"),
    ("primary care networks", "bma/theme-primary-community-care"),
    ("ccg merger", "bma/theme-ccgs"),
    ("clinical commissioning groups merging", "bma/theme-ccgs"),
    ("tupe", "glossary/tupe"),
    ("transfer of undertakings", "glossary/tupe"),
    ("lnc", "glossary/lnc"),
    ("local negotiating committee", "glossary/lnc"),
    ("accountable care system", "glossary/acs"),
    ("nhs improvement", "glossary/nhsi"),
    ("a&e", "glossary/a-and-e"),
    ("SY&B pressures", "report/ics-pressures-syb"),
    # facts and figures
    ("neighbourhood 50,000", "tiers/neighbourhood"),
    ("region population", "tiers/region"),
    ("system over 1 million people", "tiers/system"),
    ("greater manchester 2.7 million", "report/ics-variation"),
    ("44 plans published", "report/stp-plans-published"),
    ("provider deficit 800 million", "timeline/2019-02-provider-deficit"),
    ("conversation starter", "report/stp-plans-conversation-starter"),
    ("38 degrees investigation", "timeline/2016-08-26-38-degrees"),
    ("stp boundaries", "report/stp-boundaries"),
    ("epsom st helier", "ics/surrey-heartlands"),
    ("nottingham council suspends", "timeline/2018-12-nottingham-suspends"),
    ("licence to attend", "portability/licence-to-attend"),
    ("joint employment", "portability/joint-employment"),
    ("pay and conditions", "advice/principle-1"),
    ("gp partnership model", "advice/principle-2"),
    ("privatisation", "advice/principle-5"),
    ("alliance agreement", "bma/alliance-agreement"),
    ("system control total", "glossary/system-control-total"),
    ("nascent and fragile", "report/ics-ham-caution"),
    ("writing the manual", "report/ics-frontrunners"),
    ("tokenistic badge", "report/ics-badge-risk"),
    ("physician associate", "glossary/physician-associate"),
    ("360 degrees transparency", "glossary/360-degrees-transparency"),
    ("stp dashboard ratings", "report/stp-dashboard"),
    ("hospital services review", "timeline/2018-05-syb-hospital-services-review"),
    ("blackpool fylde", "ics/blackpool-and-fylde-coast"),
    ("what every ics must have", "tiers/long-term-plan-criteria"),
    ("natural geography", "ics/nottinghamshire"),
    ("first wave of 10", "timeline/2017-03-next-steps-first-wave"),
    # prefixes, as typed
    ("secondm", "portability/secondment"),
    ("honorary contr", "portability/honorary-contracts"),
    ("luto", "ics/bedfordshire-luton-and-milton-keynes"),
    ("north cumb", "ics/north-cumbria"),
    # typos
    ("intergrated care provider", "glossary/icp"),
    ("portabilty safeguards", "portability/safeguards"),
    ("nottingam", "ics/nottinghamshire"),
    ("tranparency accountability", "bma/accountability"),
    # phrases
    ('"speed of trust"', "report/stp-speed-of-trust"),
    ('"natural geography"', "ics/nottinghamshire"),
    ('"writing the manual"', "report/ics-frontrunners"),
    # case, accents and punctuation folded
    ("LUTON", "ics/bedfordshire-luton-and-milton-keynes"),
    ("Nóttinghamshire", "ics/nottinghamshire"),
    ("king's fund 70-90%", "tiers/where-work-happens"),
    # scoped to one document or kind (issue 13)
    ("legislation doc:report", "report/rec-ics-support"),
    ("legal framework doc:report", "report/rec-ics-support"),
    ("tupe kind:glossary", "glossary/tupe"),
    ("kind:timeline dudley", "timeline/2020-dudley-icp"),
    ("doc:bma mergers", "bma/theme-trust-mergers"),
    ("privatisation doc:bma", "advice/principle-5"),
    ("kind:portability secondment", "portability/secondment"),
    ("kind:glossary icp", "glossary/icp"),
    # a leading document name asks within that document
    ("bma conclusion", "bma/conclusion"),
    ("committee legislation", "report/rec-ics-support"),
    ("bma regional councils", "advice/join-local-bodies"),
    # questions: question words and filler do not drive ranking
    ("how many ICSs", "ics/map-overview"),
    ("how many ICSs are there", "ics/map-overview"),
    ("how many integrated care systems", "ics/map-overview"),
    ("how many principles", "advice/five-principles"),
    ("what is a pcn", "glossary/pcn"),
    ("what is an ics", "glossary/ics"),
    ("who is chris ham", "report/ics-ham-caution"),
    ("what did the bma say about privatisation", "advice/principle-5"),
    ("what did the committee say about boundaries", "report/stp-boundaries"),
    ("what did the committee recommend", "report/recommendations-overview"),
    ("what can members do", "advice/member-actions"),
    # "X vs Y": the comparison of X and Y
    ("icp vs ics", "compare/ics-vs-icp"),
    ("ics versus icp", "compare/ics-vs-icp"),
    ("stp vs ics", "compare/stp-vs-ics"),
    ("ics vs stp", "compare/stp-vs-ics"),
    # overviews and lists win when the query names the set
    ("five principles", "advice/five-principles"),
    ("what are the five principles", "advice/five-principles"),
    ("bma principles", "advice/five-principles"),
    ("recommendations", "report/recommendations-overview"),
    ("committee recommendations", "report/recommendations-overview"),
    ("list the recommendations", "report/recommendations-overview"),
    ("member actions", "advice/member-actions"),
    ("member advice", "advice/member-actions"),
    ("list of icss", "ics/map-overview"),
    ("the 14 icss", "ics/map-overview"),
    # word families meet
    ("legal basis", "report/rec-stp-partnerships-strategy"),
    ("law doc:report", "report/rec-ics-support"),
    ("recommend boundaries", "report/rec-meaningful-boundaries"),
    ("merging trusts", "bma/theme-trust-mergers"),
]

FIRST = [
    ("pcn", "glossary/pcn"),
    ("place population", "tiers/place"),
    ("luton", "ics/bedfordshire-luton-and-milton-keynes"),
    ("secondmnet", "portability/secondment"),
    ("dorset merger", "ics/dorset"),
    ("North Cumbria merger", "ics/north-cumbria"),
    ("Chris Ham", "report/ics-ham-caution"),
    ("speed of trust", "report/stp-speed-of-trust"),
    # issue 13's acceptance queries, and more of their kind
    ("five principles", "advice/five-principles"),
    ("how many ICSs", "ics/map-overview"),
    ("icp vs ics", "compare/ics-vs-icp"),
    ("stp vs ics", "compare/stp-vs-ics"),
    ("recommendations", "report/recommendations-overview"),
    ("member actions", "advice/member-actions"),
    ("how many principles", "advice/five-principles"),
    ("what is a pcn", "glossary/pcn"),
    ("who is chris ham", "report/ics-ham-caution"),
    ("tupe kind:glossary", "glossary/tupe"),
    ("kind:timeline dudley", "timeline/2020-dudley-icp"),
    ("bma conclusion", "bma/conclusion"),
]


@pytest.mark.parametrize("query,expected", TOP3, ids=[q for q, _ in TOP3])
def test_expected_section_in_top_three(index, model_content, query, expected):
    assert expected in model_content.sections, f"{expected} is not a section of the shipped content"
    top = [hit.section_id for hit in index.search(query, limit=3)]
    assert expected in top, f"{query!r}: expected {expected} in the top 3, got {top}"


@pytest.mark.parametrize("query,expected", FIRST, ids=[q for q, _ in FIRST])
def test_acceptance_queries_put_the_right_fact_first(index, query, expected):
    hits = index.search(query, limit=5)
    assert hits and hits[0].section_id == expected, [h.section_id for h in hits]


def test_legislation_in_the_report_finds_its_legal_basis_and_legal_framework(index, model_content):
    # issue 13: paras 92 (no legal basis) and 106 (the current legal framework)
    hits = index.search("legislation doc:report", limit=5)
    ids = [hit.section_id for hit in hits]
    assert "report/rec-stp-partnerships-strategy" in ids and "report/rec-ics-support" in ids, ids
    for hit in hits:
        section = model_content.sections[hit.section_id]
        assert any(c.doc == "report-2018" for c in section.citations), hit.section_id
    paras = {
        p for hit in hits for c in model_content.sections[hit.section_id].citations for p in c.paras
    }
    assert {92, 106} <= paras


def test_the_five_principles_come_first_together(index, model_content):
    first = index.search("five principles", limit=1)[0]
    section = model_content.sections[first.section_id]
    assert len(section.items) == 5
    assert set(section.see_also) == {p.id for p in model_content.principles}


def test_a_word_in_neither_document_says_so(index):
    assert index.search("mcp", limit=5) == []
    outcome = index.explain("mcp")
    assert not outcome.found and [w for w, _ in outcome.absent] == ["mcp"]
    assert "“mcp” is in neither document" in outcome.message()
    assert "fewer" not in outcome.message()


def test_words_that_exist_are_never_called_absent(index):
    # "mcp" is absent and said to be; "ics" finds results, and the note names only "mcp"
    outcome = index.explain("mcp ics")
    assert outcome.found and [w for w, _ in outcome.absent] == ["mcp"]
    assert outcome.message().startswith("“mcp” is in neither document")
    assert index.explain("tokenistic secondment").message() == ""
    assert not index.explain(
        "qqxqzq tokenistic"
    ).fewer_words  # one word is absent: no "fewer words"
    # each word alone finds something, the phrase nothing: only then "try fewer words"
    phrase = index.explain('"tokenistic secondment"')
    assert not phrase.found and phrase.fewer_words and "try fewer words" in phrase.message()
    assert not phrase.absent


def test_the_suite_counts(index):
    """Reported by the benchmark and README: how many queries, how many pass top 1 / top 3."""
    top1 = sum(
        1 for q, expected in TOP3 if [h.section_id for h in index.search(q, limit=1)] == [expected]
    )
    top3 = sum(
        1 for q, expected in TOP3 if expected in [h.section_id for h in index.search(q, limit=3)]
    )
    assert top3 == len(TOP3)
    assert top1 >= len(FIRST)


def test_a_hit_shows_where_its_words_are(index):
    hit = index.search("luton", limit=1)[0]
    assert hit.marks, hit
    assert all(hit.snippet[a:b].lower() == "luton" for a, b in hit.marks)
    assert hit.citation.startswith("BMA briefing")


def test_acronym_hit_marks_the_expansion_in_its_snippet(index):
    hits = index.search("pcn", limit=10)
    marked = {hit.snippet[a:b].lower() for hit in hits for a, b in hit.marks}
    assert "primary care network" in marked or "primary care networks" in marked
    assert "pcns" in marked or "pcn" in marked


def test_a_lone_letter_completes_only_as_the_whole_query(index):
    ids = lambda query, limit=4: [hit.section_id for hit in index.search(query, limit=limit)]  # noqa: E731
    # The first keystroke completes: "d" finds the d-words (December, doctors, Dorset...)...
    hits = index.search("d", limit=10)
    marks = [hit.snippet[a:b] for hit in hits for a, b in hit.marks]
    assert len(hits) == 10 and len(marks) >= 5 and all(m[0] in "dD" for m in marks), marks
    # ...but a lone letter after a word does not (it would pull in every m-word while typing
    # "dorset merger"): the hits are those of "dorset".
    assert ids("dorset m") == ids("dorset") and ids("dorset m")[0] == "ics/dorset"
    # Two letters are enough to complete again: "me" is on its way to "merger".
    assert "bma/theme-trust-mergers" in ids("dorset me") and "bma/theme-trust-mergers" not in ids(
        "dorset"
    )


def test_a_search_without_a_limit_gives_the_best_twenty(index):
    assert len(index.search("care", limit=500)) > 20
    assert [h.section_id for h in index.search("care")] == [
        h.section_id for h in index.search("care", limit=20)
    ]
    assert len(index.search("care")) == 20
