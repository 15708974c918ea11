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
    assert "bma/theme-trust-mergers" in ids("dorset me") and "bma/theme-trust-mergers" not in ids("dorset")
