"""Ingest and query figures on id-news, beside a reference pipeline, in one run.

Measures, on ../shared/data/id-news/articles.jsonl (23,046 articles):

1. the reference: tokenising and Sastrawi-stemming every article in one
   process (a dict cache, no other shortcut), then indexing the stemmed text
   with tantivy (a Rust engine: near the floor of what indexing costs);
2. a full ``warta ingest`` into a new index (wall time, articles/s, peak
   memory of the whole process tree, index size);
3. ``warta ingest`` again over the unchanged corpus;
4. query latency of the batch code path (p50/p95 over a query set, each
   query run several times), and one cold ``warta search`` process.

Run with ``make bench`` (installs the ``bench`` extra: tantivy), or:

    python benchmarks/bench_ingest.py [--data PATH] [--repeat N]

Results are printed and written to benchmarks/out/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "data" / "id-news" / "articles.jsonl"
QUERIES = HERE / "data" / "queries-id.tsv"
OUT = HERE / "out"


# -- measuring a command -------------------------------------------------------


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in KB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    tree = {root_pid}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return sum(rss.get(pid, 0) for pid in tree)


def run_measured(cmd: list[str]) -> tuple[float, int, str]:
    """Run *cmd*; return wall seconds, peak tree RSS in MB, and stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip()}")
    return seconds, peak // 1024, out


# -- the reference pipeline ----------------------------------------------------


def reference(data: Path, workdir: Path) -> dict[str, float]:
    import tantivy
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    started = time.perf_counter()
    stemmer = Stemmer(ArrayDictionary(StemmerFactory().get_words()))
    cache: dict[str, str] = {}
    word = re.compile(r"[^\W_]+")
    docs = []
    tokens = 0
    with data.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            stemmed = []
            for field in ("title", "body"):
                out = []
                for w in word.findall((record.get(field) or "").lower()):
                    s = cache.get(w)
                    if s is None:
                        s = cache[w] = stemmer.stem_word(w) if w.isalpha() else w
                    out.append(s)
                tokens += len(out)
                stemmed.append(" ".join(out))
            docs.append((record["id"], *stemmed))
    stem_seconds = time.perf_counter() - started

    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("body", tokenizer_name="whitespace")
    index_dir = workdir / "tantivy"
    index_dir.mkdir()
    index = tantivy.Index(builder.build(), path=str(index_dir))
    writer = index.writer()
    for doc_id, title, body in docs:
        writer.add_document(tantivy.Document(id=doc_id, title=title, body=body))
    writer.commit()
    writer.wait_merging_threads()
    tantivy_seconds = time.perf_counter() - started
    return {
        "tokenise_stem_s": round(stem_seconds, 2),
        "tantivy_index_s": round(tantivy_seconds, 2),
        "total_s": round(stem_seconds + tantivy_seconds, 2),
        "tokens": tokens,
        "distinct_words": len(cache),
    }


# -- queries -------------------------------------------------------------------


def query_latency(index: Path, repeat: int) -> dict[str, float]:
    from warta import Searcher

    queries = [line.split("\t", 1)[1] for line in QUERIES.read_text("utf-8").splitlines() if line.strip()]
    times = []
    with Searcher(index) as searcher:
        for q in queries:  # warm-up: the first pass loads term tables from disk
            searcher.search(q, limit=10)
        for _ in range(repeat):
            for q in queries:
                started = time.perf_counter()
                searcher.search(q, limit=10)
                times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "queries": len(queries),
        "runs": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the query set")
    parser.add_argument("--skip-reference", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data}")
    articles = sum(1 for line in args.data.open(encoding="utf-8") if line.strip())
    warta = [sys.executable, "-m", "warta"]
    results: dict[str, object] = {"data": str(args.data), "articles": articles, "cpus": os.cpu_count()}

    with tempfile.TemporaryDirectory(prefix="warta-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_reference:
            print("reference: Sastrawi tokenising + tantivy indexing ...", flush=True)
            results["reference"] = reference(args.data, work)
            print(f"  {results['reference']}", flush=True)

        index = work / "index"
        print("warta ingest (new index) ...", flush=True)
        seconds, peak_mb, out = run_measured(
            [*warta, "ingest", str(args.data), "--index", str(index), "--format", "json"]
        )
        report = json.loads(out)
        from warta import index_stats

        size = index_stats(index).size_bytes
        results["full_ingest"] = {
            "wall_s": round(seconds, 2),
            "articles_per_s": round(report["added"] / seconds),
            "peak_rss_mb": peak_mb,
            "index_mb": round(size / 2**20, 1),
            "added": report["added"],
            "failed": report["failed"],
        }
        print(f"  {results['full_ingest']}", flush=True)

        print("warta ingest (unchanged corpus) ...", flush=True)
        seconds, peak_mb, out = run_measured(
            [*warta, "ingest", str(args.data), "--index", str(index), "--format", "json"]
        )
        results["unchanged_ingest"] = {"wall_s": round(seconds, 2), "peak_rss_mb": peak_mb, **json.loads(out)}
        results["unchanged_ingest"].pop("failures", None)
        print(f"  {results['unchanged_ingest']}", flush=True)

        print("queries (batch code path) ...", flush=True)
        results["queries"] = query_latency(index, args.repeat)
        print(f"  {results['queries']}", flush=True)

        seconds, _, _ = run_measured([*warta, "search", "gencatan senjata", "--index", str(index)])
        results["cold_search_s"] = round(seconds, 3)
        shutil.rmtree(index)

    full = results["full_ingest"]["wall_s"]  # type: ignore[index]
    print("\nsummary")
    if "reference" in results:
        ref = results["reference"]["total_s"]  # type: ignore[index]
        results["ratio_to_reference"] = round(full / ref, 2)
        print(f"  reference (Sastrawi + tantivy): {ref:.1f} s")
        print(f"  warta full ingest:              {full:.1f} s  = {full / ref:.2f} x reference")
    unchanged = results["unchanged_ingest"]["wall_s"]  # type: ignore[index]
    results["unchanged_fraction"] = round(unchanged / full, 3)
    print(f"  unchanged re-ingest:            {unchanged:.2f} s = {unchanged / full:.1%} of a full ingest")
    q = results["queries"]
    print(f"  query latency:                  p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms")  # type: ignore[index]
    print(f"  one cold `warta search`:        {results['cold_search_s']} s")
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {OUT / 'ingest.json'}")


if __name__ == "__main__":
    main()
