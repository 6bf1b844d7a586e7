"""What typo correction costs: the 1,000 timing queries with correction off and on, interleaved.

    python benchmarks/bench_typos.py [--index DIR] [--passes 3]

Each query is searched with ``correct=False`` and ``correct=True`` one after
the other in one process (so that the machine's drift hits both alike), for
``--passes`` passes; prints p50 and p95 of each, the queries correction
slows most, and the time to build the index's word list (``words.txt``) from
scratch and to find it current.  The index defaults to the one
``eval_relevance.py`` builds (``/tmp/warta-relevance/id-news/index``).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import warta
from warta.engine import open_index
from warta.engine.vocabulary import WORDS_FILE, refresh_words

HERE = Path(__file__).resolve().parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=Path("/tmp/warta-relevance/id-news/index"))
    parser.add_argument("--queries", type=Path, default=HERE / "data" / "queries-1000.tsv")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    queries = [
        line.rstrip("\n").split("\t")[-1] for line in args.queries.open(encoding="utf-8") if line.strip()
    ]

    index = open_index(args.index)
    builds = []
    for _ in range(3):
        (args.index / WORDS_FILE).unlink(missing_ok=True)
        start = time.perf_counter()
        refresh_words(index)
        builds.append(time.perf_counter() - start)
    start = time.perf_counter()
    refresh_words(index)
    current = time.perf_counter() - start
    built = statistics.median(builds)
    print(f"word list: built in {built:.3f} s (median of 3), found current in {current * 1000:.1f} ms")

    off: dict[str, list[float]] = {q: [] for q in queries}
    on: dict[str, list[float]] = {q: [] for q in queries}
    with warta.Searcher(args.index) as searcher:
        searcher.search("gencatan senjata", limit=10)  # open everything once
        for _ in range(args.passes):
            for query in queries:
                for timings, correct in ((off, False), (on, True)):
                    start = time.perf_counter()
                    searcher.search(query, limit=10, correct=correct)
                    timings[query].append(time.perf_counter() - start)
    best_off = [min(t) * 1000 for t in off.values()]
    best_on = [min(t) * 1000 for t in on.values()]
    print(f"{len(queries)} queries, top 10, best of {args.passes} passes each, in one process:")
    print(
        f"  correction off: p50 {statistics.median(best_off):.2f} ms, p95 {percentile(best_off, 0.95):.2f} ms"
    )
    print(
        f"  correction on:  p50 {statistics.median(best_on):.2f} ms, p95 {percentile(best_on, 0.95):.2f} ms"
    )
    added = sorted(((min(on[q]) - min(off[q])) * 1000, q) for q in queries)
    print(
        f"  added by correction: median {statistics.median(a for a, _ in added):.2f} ms, "
        f"over 5 ms for {sum(1 for a, _ in added if a > 5)} queries"
    )
    for ms, query in reversed(added[-8:]):
        print(f"    +{ms:.1f} ms  {query}")


if __name__ == "__main__":
    main()
