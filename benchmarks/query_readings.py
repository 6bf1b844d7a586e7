"""What reading a query once per language costs: one reading against all, interleaved.

    python benchmarks/query_readings.py INDEX [--repeat 3]

Runs the benchmark queries (benchmarks/data/queries-id.tsv) on INDEX twice
each, alternately: once as warta does (one reading per stemmer of the
index's languages) and once as if the index held Indonesian only (one
reading).  Alternating query by query cancels the drift of this machine's
speed.  Prints p50, mean and the ratio of total times.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import warta
from warta.engine.search import EngineSearcher

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    queries = [
        line.split("\t")[-1].strip() for line in (HERE / "data" / "queries-id.tsv").open() if line.strip()
    ]
    every_language = EngineSearcher._term_counts

    def indonesian_only(self: EngineSearcher, fieldname: str) -> dict[str, int]:
        counts = every_language(self, fieldname)
        return {"id": counts.get("id", 0)} if fieldname == "lang" else counts

    one: list[float] = []
    every: list[float] = []
    with warta.Searcher(args.index) as searcher:
        searcher.search("gempa")  # open the columns
        print("languages in the index:", ", ".join(searcher._engine._term_counts("lang")))
        for query in queries * args.repeat:
            for variant, times in ((indonesian_only, one), (every_language, every)):
                EngineSearcher._term_counts = variant  # type: ignore[method-assign]
                started = time.perf_counter()
                searcher.search(query, limit=10)
                times.append((time.perf_counter() - started) * 1000)
    EngineSearcher._term_counts = every_language  # type: ignore[method-assign]
    print(f"one reading:   p50 {statistics.median(one):.1f} ms, mean {statistics.mean(one):.1f} ms")
    print(f"all readings:  p50 {statistics.median(every):.1f} ms, mean {statistics.mean(every):.1f} ms")
    print(f"total time, all readings / one reading: {sum(every) / sum(one):.2f}")


if __name__ == "__main__":
    main()
