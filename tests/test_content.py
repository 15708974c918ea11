"""The shipped content: what a member relies on being there, complete and cited."""

from __future__ import annotations

import subprocess
import sys

import pytest
import wording

from ics_tui.core.loader import load_content
from ics_tui.core.model import Action, Comparison, Ics, PortabilityOption, Term
from ics_tui.data.locations import shipped_content_dir


@pytest.fixture(scope="module")
def content():
    return load_content(shipped_content_dir())


def test_fourteen_icss_in_two_waves(content):
    mapped = content.mapped_icss
    assert [i.number for i in mapped] == list(range(1, 15))
    by_wave = {w.number: [i for i in mapped if i.wave == w.number] for w in content.waves}
    assert (len(by_wave[1]), len(by_wave[2])) == (10, 4)
    assert {w.number: w.announced for w in content.waves} == {1: "2017-03", 2: "2018-05"}
    assert {i.title for i in mapped if i.devolution_area} == {
        "Greater Manchester",
        "Surrey Heartlands",
    }
    north_cumbria = content.sections["ics/north-cumbria"]
    assert "merger" in north_cumbria.notes.lower()
    assert any("Northumberland" in f.text for f in north_cumbria.facts)


def test_report_only_systems_are_kept_apart_from_the_map(content):
    blackpool = content.sections["ics/blackpool-and-fylde-coast"]
    assert isinstance(blackpool, Ics) and blackpool.number is None and blackpool.wave is None
    assert any("300,000" in f.text for f in blackpool.facts)
    assert "ics/first-wave-ten" in content.sections


def test_every_ics_fact_is_cited_and_dorset_has_both_documents(content):
    for ics in content.icss:
        # a page with no facts is a map-only ICS, and says so once instead of three times
        assert ics.facts or "beyond its place on the briefing's map" in ics.body, ics.id
        assert not any(f.text.startswith("Number ") for f in ics.facts), (
            "the header gives the map number"
        )
        assert all(f.citations for f in ics.facts), ics.id
    dorset_docs = {c.doc for f in content.sections["ics/dorset"].facts for c in f.citations}
    assert dorset_docs == {"bma-2019", "report-2018"}


def test_tiers_have_numeric_population_ranges(content):
    tiers = {t.title.lower(): t for t in content.tiers}
    assert list(tiers) == ["region", "system", "place", "neighbourhood"]
    assert (tiers["region"].population_min, tiers["region"].population_max) == (
        5_000_000,
        10_000_000,
    )
    assert (tiers["system"].population_min, tiers["system"].population_max) == (1_000_000, None)
    assert (tiers["place"].population_min, tiers["place"].population_max) == (250_000, 500_000)
    assert tiers["neighbourhood"].population_max == 50_000
    assert "locality" in tiers["neighbourhood"].aliases
    assert "70" in content.sections["tiers/where-work-happens"].body
    assert len(content.sections["tiers/long-term-plan-criteria"].items) == 4


def test_advice_principles_and_portability(content):
    assert [p.number for p in content.principles] == [1, 2, 3, 4, 5]
    assert len(content.of_kind(Action)) >= 4
    options = {o.title for o in content.of_kind(PortabilityOption)}
    assert {"Joint employment", "Secondment", "Honorary contracts"} <= options
    secondment = content.sections["portability/secondment"]
    assert len(secondment.reasons) == 7


def test_comparisons_carry_every_row(content):
    ics_icp = content.sections["compare/ics-vs-icp"]
    assert isinstance(ics_icp, Comparison) and (ics_icp.left, ics_icp.right) == ("ICS", "ICP")
    assert len(ics_icp.rows) == 5
    assert isinstance(content.sections["compare/stp-vs-ics"], Comparison)


def test_glossary_covers_the_acronyms_members_meet(content):
    terms = {t.term for t in content.of_kind(Term)}
    assert {
        "ICS",
        "ICP",
        "STP",
        "PCN",
        "MDT",
        "CCG",
        "LMC",
        "LNC",
        "TUPE",
        "CQC",
        "NHSI",
        "A&E",
    } <= terms


def test_every_report_paragraph_is_cited_somewhere(content):
    cited = {p for s in content for c in s.citations if c.doc == "report-2018" for p in c.paras}
    missing = set(range(52, 108)) - cited
    assert not missing, f"report paragraphs never cited: {sorted(missing)}"


def test_every_section_has_a_citation_and_a_body(content):
    for section in content:
        assert section.citations, section.id
        assert section.body.strip(), section.id


def test_timeline_runs_from_planning_guidance_to_2021(content):
    dates = [e.date for e in content.events]
    assert dates == sorted(dates)
    assert any(d.startswith("2015-12") for d in dates) and dates[-1].startswith("2021")


def test_no_run_of_twelve_words_is_copied_from_the_sources():
    # Runs everywhere: against the sources' fingerprints, which a clean clone has.
    runs = wording.Fingerprinted(wording.read_fingerprints())
    assert len(runs) > 10_000
    assert wording.copied_runs(shipped_content_dir(), runs) == []


def test_a_copied_run_is_found_by_its_fingerprint(tmp_path):
    run = tuple("one two three four five six seven eight nine ten eleven twelve".split())
    runs = wording.Fingerprinted({wording.fingerprint(run)})
    (tmp_path / "a.toml").write_text(
        '[[section]]\nbody = "So: One two three four five six seven eight nine '
        'ten eleven twelve, and more."\nnote = "\u201cone two three four five six '
        'seven eight nine ten eleven twelve\u201d"\n',
        encoding="utf-8",
    )
    assert wording.copied_runs(tmp_path, runs) == [
        ("a.toml", " ".join(run))
    ]  # the quoted one is allowed


def test_the_fingerprints_are_those_of_the_sources():
    if not wording.SEEDS.is_dir():
        pytest.skip("the source documents (../shared/seeds) are not beside this checkout")
    assert wording.read_fingerprints() == {wording.fingerprint(r) for r in wording.source_runs()}


def test_core_imports_no_textual():
    code = (
        "import sys, ics_tui.core.model, ics_tui.core.loader, ics_tui.core.plaintext, ics_tui.data.state, "
        "ics_tui.core.checks, ics_tui.core.source_checks, "
        "ics_tui.data.config, ics_tui.cli.content, ics_tui.core.mapdraw, ics_tui.cli.drawn_map\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
