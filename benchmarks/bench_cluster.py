"""warta on a Dask cluster beside warta alone, on id-news: ingest, query latency, where the time goes.

1. Ingest: ``warta ingest DATA --rebuild`` alone (one worker process per
   shard, as today), alone in one process (the library's ``workers=False``: the
   fair reference for one worker), then with ``--cluster local:1`` and ``--cluster local:2``
   (a local Dask cluster of 1 or 2 worker processes, started by the command
   and counted in its time), and with ``--cluster tcp://...`` on a cluster already
   running (``dask scheduler`` and 2 ``dask worker`` processes started for the run, as a
   real cluster is): wall time and peak memory of the command's process tree (a running
   cluster's workers are not the command's: their memory is not counted), in rounds that
   alternate their order (``--rounds``, default 2), medians.
2. Queries: the 1,000 queries of data/queries-1000.tsv, top 10 with
   snippets, in one process holding the index alone and through a local
   cluster of 2 workers (``Searcher(cluster=...)``): a warm-up pass, then a
   timed pass that alternates the two query by query; p50 and p95 of each.
   Every query's totals, ids and scores are compared (to 1e-9).
3. Where a cluster query's time goes: the calls to the shards it makes
   (round trips, each to every shard at once or to those holding the page)
   and the time spent waiting for them, per query; opening (gathering every
   shard's digest).

    python benchmarks/bench_cluster.py [--rounds N] [--data PATH] [--skip-ingest]

Results are printed and written to benchmarks/out/cluster.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench_ingest import BATCH_QUERIES, DEFAULT_DATA, OUT, run_measured

WARTA = str(Path(sys.executable).with_name("warta"))
RUNNING = "tcp://127.0.0.1:8799"  # a scheduler and 2 workers started for the run, as a real cluster runs
SETUPS = {
    "alone": [],
    "alone, 1 process": None,  # the library's workers=False: analysis and writing in one process
    "cluster local:1": ["--cluster", "local:1"],
    "cluster local:2": ["--cluster", "local:2"],
    "running, 2 workers": ["--cluster", RUNNING],
}
ONE_PROCESS = "import sys, warta; warta.ingest([sys.argv[1]], sys.argv[2], rebuild=True, workers=False)"


def read_queries(path: Path) -> list[str]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t", 1)[1] if "\t" in line else line)
    return out


@contextlib.contextmanager
def running_cluster(workers: int = 2) -> Iterator[None]:
    """``dask scheduler`` and *workers* ``dask worker`` processes, as on a real cluster, for the run."""
    dask = str(Path(sys.executable).with_name("dask"))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    port = RUNNING.rsplit(":", 1)[1]
    procs = [subprocess.Popen([dask, "scheduler", "--port", port, "--dashboard-address", ":0"], **quiet)]
    time.sleep(3)
    procs += [
        subprocess.Popen([dask, "worker", RUNNING, "--nthreads", "1", "--dashboard-address", ":0"], **quiet)
        for _ in range(workers)
    ]
    from distributed import Client

    with Client(RUNNING, timeout=30) as client:
        client.wait_for_workers(workers, timeout=60)
    try:
        yield
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


def bench_ingest(data: Path, work: Path, rounds: int) -> dict[str, dict[str, float]]:
    times: dict[str, list[float]] = {name: [] for name in SETUPS}
    memory: dict[str, list[int]] = {name: [] for name in SETUPS}
    names = list(SETUPS)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            index = work / name.replace(" ", "-").replace(":", "")
            extra = SETUPS[name]
            if extra is None:
                cmd = [sys.executable, "-c", ONE_PROCESS, str(data), str(index)]
            else:
                cmd = [WARTA, "ingest", str(data), "--index", str(index), "--rebuild", "--quiet", *extra]
            seconds, peak, _out = run_measured(cmd)
            times[name].append(seconds)
            memory[name].append(peak)
            print(f"  round {r + 1}: {name}: {seconds:.1f} s, {peak} MB", flush=True)
    base = statistics.median(times["alone"])
    return {
        name: {
            "seconds": statistics.median(times[name]),
            "runs": times[name],
            "peak_mb": statistics.median(memory[name]),
            "against_alone": statistics.median(times[name]) / base,
        }
        for name in SETUPS
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_queries(index: Path, queries: list[str]) -> dict[str, object]:
    from warta import Searcher
    from warta.cluster import Cluster
    from warta.cluster.search import Shards

    calls = {"n": 0, "seconds": 0.0}

    def counted(method):
        def run(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                calls["n"] += 1
                calls["seconds"] += time.perf_counter() - started

        return run

    Shards.call = counted(Shards.call)  # type: ignore[method-assign]
    Shards.scoring = counted(Shards.scoring)  # type: ignore[method-assign]
    with Cluster("local:2") as cluster:
        started = time.perf_counter()
        spread = Searcher(index, cluster=cluster)
        opened = time.perf_counter() - started
        alone = Searcher(index)
        for q in queries:  # warm-up: both read their posting lists once
            alone.search(q, limit=10)
            spread.search(q, limit=10)
        timings: dict[str, list[float]] = {"alone": [], "cluster": []}
        per_query_calls: list[int] = []
        waiting: list[float] = []
        differ = []
        for q in queries:
            started = time.perf_counter()
            want = alone.search(q, limit=10)
            timings["alone"].append(time.perf_counter() - started)
            calls["n"], calls["seconds"] = 0, 0.0
            started = time.perf_counter()
            got = spread.search(q, limit=10)
            timings["cluster"].append(time.perf_counter() - started)
            per_query_calls.append(calls["n"])
            waiting.append(calls["seconds"])
            same = (
                got.total == want.total
                and [h.id for h in got.hits] == [h.id for h in want.hits]
                and all(
                    abs(g.score - w.score) <= 1e-9 * max(1, abs(w.score))
                    for g, w in zip(got.hits, want.hits, strict=True)
                )
                and [h.snippet for h in got.hits] == [h.snippet for h in want.hits]
            )
            if not same:
                differ.append(q)
        spread.close()
        alone.close()
    out: dict[str, object] = {"queries": len(queries), "differing": differ, "open_seconds": opened}
    for name, values in timings.items():
        out[name] = {
            "p50_ms": 1000 * percentile(values, 50),
            "p95_ms": 1000 * percentile(values, 95),
            "mean_ms": 1000 * statistics.mean(values),
        }
    out["calls_per_query"] = {"median": statistics.median(per_query_calls), "max": max(per_query_calls)}
    out["waiting_p50_ms"] = 1000 * percentile(waiting, 50)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--skip-ingest", action="store_true", help="only the queries (an index is built once)"
    )
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no corpus at {args.data} (../shared/data/id-news): nothing to measure")
    results: dict[str, object] = {
        "data": str(args.data),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        work = Path(tmp)
        if args.skip_ingest:
            run_measured([WARTA, "ingest", str(args.data), "--index", str(work / "alone"), "--quiet"])
        else:
            print("ingest (alternating rounds):", flush=True)
            with running_cluster():
                results["ingest"] = ingest = bench_ingest(args.data, work, args.rounds)
            for name, found in ingest.items():
                print(
                    f"{name:>16}: {found['seconds']:.1f} s ({found['against_alone']:.2f}x alone), "
                    f"{found['peak_mb']:.0f} MB peak",
                    flush=True,
                )
        print("queries (1,000, top 10 with snippets, alternating alone and cluster):", flush=True)
        results["queries"] = found = bench_queries(work / "alone", read_queries(BATCH_QUERIES))
    for name in ("alone", "cluster"):
        f = found[name]  # type: ignore[index]
        print(f"{name:>16}: p50 {f['p50_ms']:.2f} ms, p95 {f['p95_ms']:.2f} ms, mean {f['mean_ms']:.2f} ms")
    print(
        f"cluster: opened in {found['open_seconds']:.2f} s (every shard's digest); "  # type: ignore[index]
        f"calls to the shards per query: median {found['calls_per_query']['median']}, "  # type: ignore[index]
        f"max {found['calls_per_query']['max']}; waiting for them, p50 {found['waiting_p50_ms']:.2f} ms; "  # type: ignore[index]
        f"queries whose results differ from one index: {len(found['differing'])}"  # type: ignore[index, arg-type]
    )
    OUT.mkdir(exist_ok=True)
    (OUT / "cluster.json").write_text(json.dumps(results, indent=2), "utf-8")


if __name__ == "__main__":
    main()
