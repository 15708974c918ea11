"""Search benchmark: index build time and per-keystroke latency at 1x, 10x and 100x content.

    python benchmarks/search_bench.py [--content DIR] [--scales 1,10,100]

For each scale it builds a synthetic pack in memory (benchmarks/synthetic.py; nothing is
written to disk), times `SearchIndex.build` (median of several builds, each from a cold
word cache, as at start-up), then types each of the fixed queries below one keystroke at a
time on a freshly built, cold index: every prefix ("d", "do", "dor", ...) is one search,
as the app runs one per keystroke. It prints a markdown table and the growth ratios.
Targets: p95 <= 2 ms at 1x and <= 20 ms at 100x; build <= 20 ms at 1x.

Keystrokes are typed twice: "cold" straight after build, where first uses pay for
postings and the typo table, and then after `index.warm()`, as the app does in the worker
that builds its index (p50/p95/max). Times are wall-clock (what a member waits); "p95 CPU"
is the searching thread's CPU time, which leaves out time other processes held the CPU.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import scaled, size  # noqa: E402
from ics_tui.core.loader import load_content  # noqa: E402
from ics_tui.core.search import SearchIndex  # noqa: E402
from ics_tui.core.search.text import fold, raw_tokens  # noqa: E402

# What members type: facts, places, people, acronyms, phrases, and a few typos.
QUERIES = [
    "pcn",
    "place population",
    "dorset merger",
    "luton",
    "honorary contract",
    "secondmnet",
    "ICP vs ICS difference",
    "70-90",
    "Chris Ham",
    "speed of trust",
    "Dudley",
    "North Cumbria merger",
    "primary care network",
    '"speed of trust"',
    "nottingham council",
    "greater manchester devolution",
    "surrey heartlands",
    "south yorkshire bassetlaw",
    "west yorkshire harrogate",
    "blackpool fylde coast",
    "stp boundaries",
    "sustainability and transformation partnership",
    "integrated care provider contract",
    "tupe",
    "staff portability",
    "joint employment",
    "licence to attend",
    "pay and conditions",
    "local negotiating committee",
    "lmc",
    "ccg merger",
    "clinical commissioning group",
    "accountable care system",
    "five year forward view",
    "long term plan",
    "neighbourhood 50,000",
    "region population",
    "system control total",
    "funding gap",
    "shared patient records",
    "workforce planning",
    "physician associate",
    "social prescribing",
    "two-tier system",
    "king's fund",
    "simon stevens",
    "governance weak",
    "legislation",
    "competition rules",
    "transparency",
    "first wave",
    "second wave 2018",
    "footprint",
    "engage with your ccg",
    "devolution area",
    "alliance agreement",
    "service reconfiguration",
    "trust mergers",
    "public health local authority",
    "recommendations",
    "intergrated care",
    "accountible care",
    "nottingam",
    "portabilty",
]

SHIPPED = ROOT / "content"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_build(content, repeat: int) -> tuple[float, float, float]:
    """Median wall, median CPU and fastest wall milliseconds of `SearchIndex.build`, each
    from a cold word cache."""
    wall, cpu = [], []
    for _ in range(repeat):
        fold.cache_clear()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.thread_time()
        SearchIndex.build(content)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), min(wall)


def keystrokes(index: SearchIndex) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each keystroke's search (20 hits, snippets read)."""
    wall, cpu = [], []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start, start_cpu = time.perf_counter(), time.thread_time()
            hits = index.search(query[:end], limit=20)
            for hit in hits:  # what the results list shows
                _ = (hit.title, hit.snippet, hit.marks, hit.citation)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def fts5_baseline(content) -> dict[str, float]:
    """The same content in SQLite FTS5 (porter stemmer, accents folded, bm25 with the title
    weighted up, snippet()), typed the same way: the standard library's other option."""
    import sqlite3

    from ics_tui.core.plaintext import fields

    def build():
        db = sqlite3.connect(":memory:")
        db.execute(
            "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, body, cites, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        rows = []
        for s in content:
            body = "\n".join(
                [
                    s.body,
                    *s.items,
                    *(f"{k}: {v}" for k, v in fields(content, s)),
                    *(f.text for f in getattr(s, "facts", ())),
                    *(f"{r.aspect} {r.left} {r.right} {r.note}" for r in getattr(s, "rows", ())),
                ]
            )
            rows.append((s.id, s.title, body, "\n".join(content.cite(c) for c in s.citations)))
        db.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
        return db

    times = []
    for _ in range(5):
        start = time.perf_counter()
        db = build()
        times.append((time.perf_counter() - start) * 1000)
    sql = (
        "SELECT id, snippet(t, 2, '«', '»', '…', 20) FROM t WHERE t MATCH ? "
        "ORDER BY bm25(t, 0, 5.0, 1.0, 0.3) LIMIT 20"
    )

    def match(query: str) -> str:
        words = [w.replace('"', '""') for w in (fold(t) for t in raw_tokens(query)) if w]
        if not words:
            return ""
        ends_open = query[-1:].isalnum()
        return " ".join(
            f'"{w}"' + ("*" if ends_open and i == len(words) - 1 else "")
            for i, w in enumerate(words)
        )

    def run(query: str) -> list[str]:
        q = match(query)
        return [row[0] for row in db.execute(sql, (q,))] if q else []

    latencies = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            run(query[:end])
            latencies.append((time.perf_counter() - start) * 1000)
    suite = _relevance_suite()
    found = sum(1 for q, expected in suite if expected in run(q)[:3])
    return dict(
        build=statistics.median(times),
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        max=max(latencies),
        top3=found,
        suite=len(suite),
    )


def _relevance_suite() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_search_relevance import TOP3

    return TOP3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--content", default=str(SHIPPED), help="the pack to scale (default: the shipped content)"
    )
    parser.add_argument(
        "--scales", default="1,10,100", help="comma-separated multiples (default 1,10,100)"
    )
    parser.add_argument(
        "--fts5",
        action="store_true",
        help="also measure SQLite FTS5 on the 1x content, for comparison",
    )
    args = parser.parse_args(argv)
    base = load_content(args.content)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    rows = []
    load_before = os.getloadavg()[0]
    for factor in scales:
        content = scaled(base, factor)
        build_ms, build_cpu, build_min = time_build(
            content, repeat=9 if factor == 1 else 3 if factor <= 10 else 1
        )
        fold.cache_clear()
        gc.collect()
        index = SearchIndex.build(content)
        gc.disable()  # time the search, not the collector's pauses of this big benchmark
        try:
            cold, _ = keystrokes(index)  # straight after build: first uses pay for what warm() does
            gc.enable()
            index.vocabulary.forget_typo_table()  # (built by the cold pass's first typo: time it here)
            start = time.perf_counter()
            index.warm()  # as the app does in its index worker
            warm_ms = (time.perf_counter() - start) * 1000
            index.forget_queries()
            gc.collect()
            gc.disable()
            times, cpu = keystrokes(index)
        finally:
            gc.enable()
        rows.append(
            dict(
                factor=factor,
                sections=len(content),
                chars=size(content),
                words=len(index.vocabulary.surfaces),
                build=build_ms,
                build_cpu=build_cpu,
                build_min=build_min,
                warm=warm_ms,
                n=len(times),
                cold95=percentile(cold, 95),
                cold_max=max(cold),
                p50=percentile(times, 50),
                p95=percentile(times, 95),
                max=max(times),
                cpu50=percentile(cpu, 50),
                cpu95=percentile(cpu, 95),
            )
        )
        print(f"  {factor}x done", file=sys.stderr)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load_before:.2f} before and "
        f"{os.getloadavg()[0]:.2f} after; {len(QUERIES)} queries typed one keystroke at a time"
    )
    print()
    print(
        "| content | sections | text (chars) | distinct words | build (ms) | warm (ms) | keystrokes "
        "| p50 (ms) | p95 (ms) | max (ms) | p95 CPU (ms) | cold p95 (ms) | cold max (ms) |"
    )
    print(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for r in rows:
        print(
            f"| {r['factor']}x | {r['sections']:,} | {r['chars']:,} | {r['words']:,} | {r['build']:.1f} "
            f"| {r['warm']:.0f} | {r['n']} | {r['p50']:.3f} | {r['p95']:.3f} | {r['max']:.1f} "
            f"| {r['cpu95']:.3f} | {r['cold95']:.3f} | {r['cold_max']:.1f} |"
        )
    print()
    print(
        "build: median of 9 builds at 1x, 3 at 10x, 1 at 100x; fastest: "
        + ", ".join(f"{r['factor']}x {r['build_min']:.1f} ms" for r in rows)
        + "; median CPU time: "
        + ", ".join(f"{r['factor']}x {r['build_cpu']:.1f} ms" for r in rows)
    )
    if args.fts5:
        base_index = SearchIndex.build(base)
        suite = _relevance_suite()
        ours = sum(
            1
            for q, expected in suite
            if expected in [h.section_id for h in base_index.search(q, limit=3)]
        )
        fts = fts5_baseline(base)
        print()
        print(
            "| 1x content | build (ms) | p50 (ms) | p95 (ms) | max (ms) | relevance suite in top 3 |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        r = rows[0] if rows and rows[0]["factor"] == 1 else None
        if r:
            print(
                f"| ics_tui.core.search | {r['build']:.1f} | {r['p50']:.3f} | {r['p95']:.3f} | {r['max']:.1f} | {ours}/{len(suite)} |"
            )
        print(
            f"| SQLite FTS5 (porter, bm25, snippet) | {fts['build']:.1f} | {fts['p50']:.3f} | {fts['p95']:.3f} "
            f"| {fts['max']:.1f} | {fts['top3']}/{fts['suite']} |"
        )
    print()
    first = rows[0]
    for r in rows[1:]:
        grow = r["chars"] / first["chars"]
        print(
            f"{r['factor']}x vs {first['factor']}x: content x{grow:.0f}, p50 x{r['p50'] / first['p50']:.1f}, "
            f"p95 x{r['p95'] / first['p95']:.1f}, build x{r['build'] / first['build']:.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
