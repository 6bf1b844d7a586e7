"""Two installations of warta side by side, alternating, on the same corpus: a change's cost in one run.

    python benchmarks/ab_compare.py --other ../baseline/.venv/bin/python [--rounds 5]

*other* is the Python of another checkout's environment (for instance the
commit before a refactoring, cloned and set up with ``make setup``); this
environment is the one running the script.  For each, alternately (A B, then
B A, ...), so that the machine's drift in speed falls on both:

* a full ``warta ingest`` of id-news into a new index (wall time, peak memory);
* ``warta ingest`` again over the unchanged corpus;
* the 1,000 queries of data/queries-1000.tsv, each once, in one fresh process
  (the batch code path, p50 and p95 per query);
* a cold ``warta search`` process (the median of `COLD_RUNS`).

Each side queries the index it built itself.  Medians are printed, with the
ratio of this installation to the other.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_ingest import DEFAULT_DATA, batch_latency, run_measured

COLD_RUNS = 7  # a cold start is short and noisy: several a round


def measure(python: str, data: Path, index: Path) -> dict[str, float]:
    warta = [python, "-m", "warta"]
    full, peak, _ = run_measured([*warta, "ingest", str(data), "--index", str(index), "-q"])
    again, _, _ = run_measured([*warta, "ingest", str(data), "--index", str(index), "-q"])
    batch = batch_latency(index, python)
    colds = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run(
            [*warta, "search", "gencatan senjata", "--index", str(index)], capture_output=True, check=True
        )
        colds.append(time.perf_counter() - started)
    cold = statistics.median(colds)
    return {
        "ingest_s": full,
        "peak_mb": peak,
        "unchanged_s": again,
        "batch_p50_ms": batch["p50_ms"],
        "batch_p95_ms": batch["p95_ms"],
        "cold_search_s": cold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", required=True, help="the Python of the other installation")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sides = {"this": sys.executable, "other": args.other}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            order = list(sides) if n % 2 == 0 else list(reversed(sides))
            for name in order:
                index = Path(tmp) / f"{name}-{n}"
                results[name].append(measure(sides[name], args.data, index))
                print(f"round {n + 1} {name}: {json.dumps(results[name][-1])}", file=sys.stderr, flush=True)
    print(
        f"{'':<16}{'this':>10}{'other':>10}{'this/other':>12}   (medians of {args.rounds} alternating rounds)"
    )
    for key in results["this"][0]:
        mine = statistics.median(r[key] for r in results["this"])
        theirs = statistics.median(r[key] for r in results["other"])
        print(f"{key:<16}{mine:>10.2f}{theirs:>10.2f}{mine / theirs:>12.3f}")


if __name__ == "__main__":
    main()
