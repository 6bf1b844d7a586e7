"""`warta serve` under load: concurrent clients sending the timing queries to a running server.

    python benchmarks/bench_serve.py [--index DIR] [--clients 8] [--requests 10000] [--during-ingest]

Starts ``warta serve`` on a free loopback port over *index* (default: the id-news index of
``eval_relevance.py``), then *clients* threads send the 1,000 queries of
``data/queries-1000.tsv`` round-robin to ``/api/search`` (``limit=10``) until *requests* have
been sent.  Prints throughput, latency p50/p95/p99 and errors, and the server's resident memory
after each quarter of the requests (growth would show a leak).  With ``--during-ingest``, a
full ``warta ingest --rebuild`` of the same corpus into the served index runs at the same time
(the server must keep answering, from the generation it has, then the new one).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "data" / "queries-1000.tsv"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=Path("/tmp/warta-relevance/id-news/index"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument(
        "--during-ingest", type=Path, metavar="CORPUS", help="ingest CORPUS into the index meanwhile"
    )
    args = parser.parse_args()
    queries = [
        line.split("\t", 1)[1].strip() for line in QUERIES.read_text("utf-8").splitlines() if "\t" in line
    ]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "warta", "serve", "--index", str(args.index), "--port", str(port)],
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/health", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    ingest = None
    if args.during_ingest:
        ingest = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "warta",
                "ingest",
                str(args.during_ingest),
                "--index",
                str(args.index),
                "--rebuild",
                "-q",
            ],
        )
    latencies: list[float] = []
    errors: list[str] = []
    memory: list[float] = [rss_mb(server.pid)]
    sent = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal sent
        while True:
            with lock:
                if sent >= args.requests:
                    return
                n = sent
                sent += 1
                if n and n % (args.requests // 4) == 0:
                    memory.append(rss_mb(server.pid))
            url = f"{base}/api/search?" + urllib.parse.urlencode(
                {"q": queries[n % len(queries)], "limit": 10}
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as reply:
                    json.loads(reply.read())
            except Exception as err:  # an error is counted, not raised: the run goes on
                with lock:
                    errors.append(f"{type(err).__name__}: {err}")
                continue
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    memory.append(rss_mb(server.pid))
    if ingest is not None:
        finished = ingest.poll() is not None
        ingest.wait()
        when = "finished during" if finished else "was still running at the end of"
        print(f"ingest --rebuild {when} the requests")
    server.terminate()
    server.wait()
    if len(latencies) < 2:
        print(f"{len(latencies)} answered, {len(errors)} errors:", *errors[:5], sep="\n  ")
        return
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{len(latencies)} answered, {len(errors)} errors, {args.clients} clients, {elapsed:.1f} s")
    print(f"throughput {len(latencies) / elapsed:.1f} requests/s")
    print(f"latency ms: p50 {cuts[49]:.1f}, p95 {cuts[94]:.1f}, p99 {cuts[98]:.1f}")
    print("server memory MB (start, each quarter, end): " + ", ".join(f"{m:.0f}" for m in memory))
    for error in errors[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
