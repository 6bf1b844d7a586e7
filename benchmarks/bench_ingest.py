"""Ingest and query figures on id-news, beside a reference pipeline, in one run.

Measures, on ../shared/data/id-news/articles.jsonl (23,046 articles):

1. the reference: tokenising and Sastrawi-stemming every article in one
   process (a dict cache, no other shortcut), then indexing the stemmed text
   with tantivy (a Rust engine: near the floor of what indexing costs);
2. a full ``warta ingest`` into a new index (wall time, articles/s, peak
   memory of the whole process tree, index size);
3. ``warta ingest`` again over the unchanged corpus;
4. query latency of the batch code path: the 1,000 queries of
   data/queries-1000.tsv once each, in order, in a fresh process (p50/p95:
   the goal is a median under 10 ms); the 60 queries of data/queries-id.tsv
   several times each for articles, paragraphs and quotes;
5. one cold ``warta search`` process against ``python -c "import
   whoosh.index, whoosh.qparser, click"``, alternately, ``--cold`` times each
   (goal: within 2x), with Python's bytecode cache on as on a user's machine;
   and whether ``warta --help`` imports the engine (it must not).

The reference and the full ingest run alternately, ``--rounds`` times
(default 3), and the medians are compared: this machine is a shared virtual
machine whose speed drifts by up to 2x over minutes, so a single pair of runs
can mislead.

Run with ``make bench`` (installs the ``bench`` extra: tantivy), or:

    python benchmarks/bench_ingest.py [--data PATH] [--rounds N] [--repeat N]

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
import textwrap
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "data" / "id-news" / "articles.jsonl"
QUERIES = HERE / "data" / "queries-id.tsv"
BATCH_QUERIES = HERE / "data" / "queries-1000.tsv"
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


def query_latency(index: Path, repeat: int, unit: str = "article") -> dict[str, float]:
    """Latency of the queries through `Searcher.search` (what ``--batch`` runs), top 10 with snippets."""
    from warta import Searcher

    queries = [line.split("\t", 1)[1] for line in QUERIES.read_text("utf-8").splitlines() if line.strip()]
    times = []
    with Searcher(index) as searcher:
        for q in queries:  # warm-up: the first pass loads term tables from disk
            searcher.search(q, limit=10, unit=unit)
        for _ in range(repeat):
            for q in queries:
                started = time.perf_counter()
                searcher.search(q, limit=10, unit=unit)
                times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "queries": len(queries),
        "runs": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }


def batch_latency(index: Path, python: str = sys.executable) -> dict[str, float]:
    """Each query of the 1,000-query set once, in order, in one fresh process of *python* (as ``--batch``)."""
    code = textwrap.dedent(
        """
        import json, sys, time
        from warta import Searcher
        lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
        times = []
        with Searcher(sys.argv[1]) as searcher:
            for query in (line.split("\\t", 1)[1] for line in lines):
                started = time.perf_counter()
                searcher.search(query, limit=10)
                times.append((time.perf_counter() - started) * 1000)
        print(json.dumps(times))
        """
    )
    cmd = [python, "-c", code, str(index), str(BATCH_QUERIES)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    times = sorted(json.loads(out))
    return {
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }


def cold_search(index: Path, pairs: int) -> dict[str, object]:
    """One ``warta search`` process against importing Whoosh and Click alone, alternately."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # a user's machine caches
    warta_cmd = [sys.executable, "-m", "warta", "search", "gencatan senjata", "--index", str(index)]
    base_cmd = [sys.executable, "-c", "import whoosh.index, whoosh.qparser, click"]
    subprocess.run(warta_cmd, env=env, capture_output=True, check=False)  # writes warta's bytecode cache
    warta_s, base_s = [], []
    for _ in range(pairs):
        for cmd, times in ((base_cmd, base_s), (warta_cmd, warta_s)):
            started = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - started)
    help_imports = (
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from warta.cli import cli\n"
                "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
                "print(sorted(m for m in ('whoosh', 'numpy', 'warta.engine') if m in sys.modules))",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    base, warta = statistics.median(base_s), statistics.median(warta_s)
    return {
        "pairs": pairs,
        "warta_search_s": round(warta, 3),
        "import_whoosh_click_s": round(base, 3),
        "ratio": round(warta / base, 2),
        "help_imports": help_imports,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the query set")
    parser.add_argument("--rounds", type=int, default=3, help="alternating reference/ingest pairs")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--cold", type=int, default=7, help="cold search/import pairs")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data}")
    articles = sum(1 for line in args.data.open(encoding="utf-8") if line.strip())
    warta = [sys.executable, "-m", "warta"]
    results: dict[str, object] = {"data": str(args.data), "articles": articles, "cpus": os.cpu_count()}

    with tempfile.TemporaryDirectory(prefix="warta-bench-") as tmp:
        work = Path(tmp)
        index = work / "index"
        references: list[dict[str, float]] = []
        ingests: list[dict[str, object]] = []
        for round_number in range(1, args.rounds + 1):
            if not args.skip_reference:
                print(
                    f"round {round_number}: reference (Sastrawi tokenising + tantivy indexing) ...",
                    flush=True,
                )
                ref_dir = work / f"ref{round_number}"
                ref_dir.mkdir()
                references.append(reference(args.data, ref_dir))
                shutil.rmtree(ref_dir)
                print(f"  {references[-1]}", flush=True)
            print(f"round {round_number}: warta ingest (new index) ...", flush=True)
            if index.exists():
                shutil.rmtree(index)
            cmd = [*warta, "ingest", str(args.data), "--index", str(index), "--format", "json"]
            seconds, peak_mb, out = run_measured(cmd)
            report = json.loads(out)
            ingests.append(
                {
                    "wall_s": round(seconds, 2),
                    "articles_per_s": round(report["added"] / seconds),
                    "peak_rss_mb": peak_mb,
                    "added": report["added"],
                    "failed": report["failed"],
                }
            )
            print(f"  {ingests[-1]}", flush=True)

        from warta import index_stats

        full = statistics.median(float(i["wall_s"]) for i in ingests)  # type: ignore[arg-type]
        results["full_ingest"] = {
            "rounds": ingests,
            "median_wall_s": round(full, 2),
            "median_articles_per_s": round(articles / full),
            "max_peak_rss_mb": max(int(i["peak_rss_mb"]) for i in ingests),  # type: ignore[call-overload]
            "index_mb": round(index_stats(index).size_bytes / 2**20, 1),
        }
        if references:
            results["reference"] = {
                "rounds": references,
                "median_total_s": round(statistics.median(r["total_s"] for r in references), 2),
            }
            ratios = [float(i["wall_s"]) / r["total_s"] for i, r in zip(ingests, references, strict=True)]  # type: ignore[arg-type]
            results["ratio_to_reference"] = {
                "per_round": [round(x, 2) for x in ratios],
                "median": round(statistics.median(ratios), 2),
            }

        print("warta ingest (unchanged corpus) ...", flush=True)
        cmd = [*warta, "ingest", str(args.data), "--index", str(index), "--format", "json"]
        seconds, peak_mb, out = run_measured(cmd)
        unchanged_report = json.loads(out)
        unchanged_report.pop("failures", None)
        results["unchanged_ingest"] = {
            "wall_s": round(seconds, 2),
            "peak_rss_mb": peak_mb,
            **unchanged_report,
        }
        print(f"  {results['unchanged_ingest']}", flush=True)

        print("1,000 queries once each, fresh process (batch code path) ...", flush=True)
        results["batch_1000"] = batch_latency(index)
        print(f"  {results['batch_1000']}", flush=True)
        print("queries (batch code path) ...", flush=True)
        results["queries"] = query_latency(index, args.repeat)
        print(f"  {results['queries']}", flush=True)
        for unit in ("passage", "quote"):
            results[f"queries_{unit}"] = query_latency(index, max(1, args.repeat // 2), unit=unit)
            print(f"  --unit {unit}: {results[f'queries_{unit}']}", flush=True)

        print("cold search against importing whoosh and click ...", flush=True)
        results["cold_search"] = cold_search(index, args.cold)
        print(f"  {results['cold_search']}", flush=True)

    print("\nsummary")
    if references:
        ref = results["reference"]["median_total_s"]  # type: ignore[index]
        ratio = results["ratio_to_reference"]  # type: ignore[index]
        print(f"  reference (Sastrawi + tantivy): median {ref:.1f} s")
        print(f"  warta full ingest:              median {full:.1f} s")
        print(f"  ratio per round:                {ratio['per_round']}, median {ratio['median']} x reference")  # type: ignore[index]
    unchanged = results["unchanged_ingest"]["wall_s"]  # type: ignore[index]
    results["unchanged_fraction"] = round(unchanged / full, 3)
    print(f"  unchanged re-ingest:            {unchanged:.2f} s = {unchanged / full:.1%} of a full ingest")
    print(f"  peak memory (process tree):     {results['full_ingest']['max_peak_rss_mb']} MB")  # type: ignore[index]
    q = results["batch_1000"]
    print(f"  1,000 queries, once each:       p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms")  # type: ignore[index]
    q = results["queries"]
    print(f"  query latency (60 x repeat):    p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms")  # type: ignore[index]
    for unit in ("passage", "quote"):
        q = results[f"queries_{unit}"]
        print(f"  query latency, --unit {unit:<8} p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms")  # type: ignore[index]
    cold: dict[str, object] = results["cold_search"]  # type: ignore[assignment]
    print(
        f"  one cold `warta search`:        {cold['warta_search_s']} s against "
        f"{cold['import_whoosh_click_s']} s for the imports alone: {cold['ratio']}x"
    )
    print(f"  `warta --help` imports:         {cold['help_imports']} (of whoosh, numpy, warta.engine)")
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {OUT / 'ingest.json'}")


if __name__ == "__main__":
    main()
