"""How ingest time, memory, index size and query latency grow with the corpus.

Measures, for each corpus size N (``--sizes``, default 25,000, 50,000 and
100,000 articles):

1. a full ``warta ingest`` of N articles into a new index: wall time,
   articles/s, seconds per 1,000 articles, and peak memory of the whole
   process tree (the main process and its workers);
2. the size of the index on disk (every file under its folder);
3. query latency of the batch code path (``Searcher.search``, top 10, near
   duplicates folded as by default), in a fresh process so that every size
   starts cold: the first ``--queries`` queries of
   benchmarks/data/queries-1000.tsv (default all 1,000), each run once, in
   order, without a warm-up; p50, p95 and mean.

How the corpora are built: id-news (../shared/data/id-news/articles.jsonl,
23,046 articles) is smaller than the sizes, so each corpus repeats it. Copy k
(k = 0, 1, 2, ...) is id-news with every id changed to ``{id}~r{k}``; the first
copy is suffixed too, so that all ids have the same shape at every size. The
file is cut at exactly N articles (100,000 are four whole copies and part of a
fifth) and written one line at a time into a temporary folder.

What repeating a corpus does not show: the copies are identical apart from
their ids. Ingest indexes each as a separate article (it knows articles by
id), so ingest does the full work per article, but the vocabulary stops
growing after the first copy, which a real corpus of 100,000 articles would
not. And every match of a query comes with its identical copies, which search
folds as near duplicates: when the candidates it first looks at fold to fewer
than 10 hits, it looks at every match, which can raise latency at the larger
sizes more than real growth would. ``--no-collapse`` measures queries without
folding, to tell the two apart.

Run from the repository root (matplotlib comes with the ``bench`` extra):

    .venv/bin/python benchmarks/bench_growth.py [--sizes 25000,50000,100000]
        [--queries 1000] [--plot docs/growth.png] [--keep] [--no-collapse]

At the default sizes it takes roughly 10-15 minutes on the two-core project
machine, and needs about 1 GB of free disk at a time (each corpus and index is
deleted once measured, unless ``--keep``). Close other work first: ingest uses
both cores.

Results are printed (a table, then ratios between sizes) and written to
benchmarks/out/growth.json; the plot goes to docs/growth.png (``--plot PATH``).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from bench_ingest import DEFAULT_DATA, OUT, run_measured  # beside this script: measured alike

HERE = Path(__file__).resolve().parent

QUERY_FILE = HERE / "data" / "queries-1000.tsv"
DEFAULT_PLOT = HERE.parent / "docs" / "growth.png"
DEFAULT_SIZES = "25000,50000,100000"
# A crash of the query worker must not look like success: run_measured accepts
# exit status 1 (ingest's "some records failed"), so the worker uses another.
WORKER_FAILED = 2

Row = dict[str, Any]


# -- corpora -------------------------------------------------------------------


def write_corpus(source: Path, target: Path, size: int) -> int:
    """Write exactly *size* articles of *source*, repeated, to *target*; return the copies begun.

    Every article of copy k gets the id ``{id}~r{k}``, so that no two are the
    same article to ingest.  Lines are streamed: neither file is held in memory.
    """
    written = 0
    copy = 0
    with target.open("w", encoding="utf-8") as out:
        while written < size:
            written_this_copy = 0
            with source.open(encoding="utf-8") as lines:
                for line in lines:
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    if "id" not in record:
                        raise SystemExit(f"{source}: an article without an id; cannot make copies of it")
                    record["id"] = f"{record['id']}~r{copy}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    written += 1
                    written_this_copy += 1
                    if written == size:
                        break
            if written_this_copy == 0:  # an empty source would loop for ever
                raise SystemExit(f"no articles in {source}")
            copy += 1
    return copy


def tree_bytes(folder: Path) -> int:
    """Bytes of every file under *folder*."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# -- queries -------------------------------------------------------------------


def read_queries(path: Path) -> list[str]:
    """The query texts of a ``qid<TAB>query`` file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] for line in lines if line.strip()]


def query_worker(index: Path, query_file: Path, count: int, collapse: bool) -> None:
    """Run the first *count* queries once each against *index*; print latency figures as JSON.

    Run as its own process (``--query-worker``), so that every index is opened
    cold, as a new ``warta`` process would open it.
    """
    try:
        from warta import QueryError, Searcher

        queries = read_queries(query_file)[:count]
        started = time.perf_counter()
        searcher = Searcher(index)
        open_ms = (time.perf_counter() - started) * 1000
        times: list[float] = []
        skipped = 0
        with searcher:
            for query in queries:
                started = time.perf_counter()
                try:
                    searcher.search(query, limit=10, collapse=collapse)
                except QueryError:  # nothing to search for: not a latency to count
                    skipped += 1
                    continue
                times.append((time.perf_counter() - started) * 1000)
        if not times:
            raise SystemExit("no query could be run")
    except BaseException:
        traceback.print_exc()
        raise SystemExit(WORKER_FAILED) from None
    times.sort()
    summary = {
        "queries": len(times),
        "skipped": skipped,
        "open_ms": round(open_ms, 2),
        "p50_ms": round(statistics.median(times), 2),
        # the same nearest-rank p95 as bench_ingest, so that the figures compare
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }
    print(json.dumps(summary))


# -- measuring one size ----------------------------------------------------------


def measure_size(args: argparse.Namespace, size: int, work: Path) -> Row:
    """Build a corpus of *size* articles, ingest it, query it; return its figures."""
    corpus = work / f"articles-{size}.jsonl"
    index = work / f"index-{size}"
    print(f"{size:,} articles: writing the corpus ...", flush=True)
    copies = write_corpus(args.data, corpus, size)

    print(f"{size:,} articles: warta ingest (new index) ...", flush=True)
    ingest_cmd = [sys.executable, "-m", "warta", "ingest", str(corpus), "--index", str(index)]
    seconds, peak_mb, out = run_measured([*ingest_cmd, "--format", "json"])
    report = json.loads(out)
    if report["added"] != size or report["failed"]:
        # the figures would be for another corpus than the one named: say so, keep going
        print(f"  warning: {report['added']:,} added, {report['failed']:,} failed", flush=True)
    row: Row = {
        "articles": size,
        "copies": copies,
        "corpus_mb": round(corpus.stat().st_size / 2**20, 1),
        "ingest_s": round(seconds, 2),
        "articles_per_s": round(size / seconds),
        "s_per_1k": round(seconds / size * 1000, 3),
        "peak_rss_mb": peak_mb,
        "added": report["added"],
        "failed": report["failed"],
        "index_mb": round(tree_bytes(index) / 2**20, 1),
    }
    print(
        f"  {row['ingest_s']} s, {row['articles_per_s']:,} articles/s, "
        f"peak {peak_mb:,} MB, index {row['index_mb']:,} MB",
        flush=True,
    )

    print(f"{size:,} articles: {args.queries:,} queries in a fresh process ...", flush=True)
    worker_cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--query-worker",
        str(index),
        str(args.query_file),
        str(args.queries),
    ]
    if not args.collapse:
        worker_cmd.append("--no-collapse")
    worker_seconds, worker_peak_mb, out = run_measured(worker_cmd)
    latency = json.loads(out)
    row.update({f"query_{key}": value for key, value in latency.items()})
    row["query_process_s"] = round(worker_seconds, 2)
    row["query_process_peak_mb"] = worker_peak_mb
    print(
        f"  p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms, mean {latency['mean_ms']} ms", flush=True
    )

    if not args.keep:  # a 100,000-article corpus and its index take most of a GB
        corpus.unlink()
        shutil.rmtree(index)
    return row


# -- reporting -------------------------------------------------------------------


def size_label(articles: int) -> str:
    """25000 -> "25k"; sizes that are not whole thousands stay as they are."""
    return f"{articles // 1000}k" if articles % 1000 == 0 else str(articles)


def trimmed(number: float) -> str:
    """A ratio with at most two decimals and no trailing zeros: 4.0 -> "4", 3.91 -> "3.91"."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'articles':>9} {'ingest s':>9} {'articles/s':>10} {'s/1k':>6} "
        f"{'peak MB':>8} {'index MB':>9} {'p50 ms':>8} {'p95 ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['articles']:>9,} {row['ingest_s']:>9.1f} {row['articles_per_s']:>10,} "
            f"{row['s_per_1k']:>6.2f} {row['peak_rss_mb']:>8,} {row['index_mb']:>9,.1f} "
            f"{row['query_p50_ms']:>8.1f} {row['query_p95_ms']:>8.1f}"
        )


def size_pairs(rows: list[Row]) -> list[tuple[Row, Row]]:
    """Each size against the next one up, and the largest against the smallest."""
    pairs = list(itertools.pairwise(rows))
    if len(rows) > 2:
        pairs.append((rows[0], rows[-1]))
    return pairs


def growth_ratios(rows: list[Row]) -> list[Row]:
    """How much ingest time and query p50 grew between sizes, against how much the size did.

    The exponent is log(time ratio) / log(size ratio): 1 is linear growth,
    above 1 is worse than linear.
    """
    ratios = []
    for small, large in size_pairs(rows):
        size_ratio = large["articles"] / small["articles"]
        time_ratio = large["ingest_s"] / small["ingest_s"]
        ratios.append(
            {
                "sizes": f"{size_label(large['articles'])}/{size_label(small['articles'])}",
                "size_ratio": round(size_ratio, 3),
                "ingest_time_ratio": round(time_ratio, 3),
                "ingest_exponent": round(math.log(time_ratio) / math.log(size_ratio), 2),
                "query_p50_ratio": round(large["query_p50_ms"] / small["query_p50_ms"], 3),
                "query_p95_ratio": round(large["query_p95_ms"] / small["query_p95_ms"], 3),
            }
        )
    return ratios


def print_ratios(ratios: list[Row]) -> None:
    for ratio in ratios:
        print(
            f"  {ratio['sizes']}: ingest time x{trimmed(ratio['ingest_time_ratio'])} "
            f"for size x{trimmed(ratio['size_ratio'])} (exponent {ratio['ingest_exponent']}); "
            f"query p50 x{trimmed(ratio['query_p50_ratio'])}, p95 x{trimmed(ratio['query_p95_ratio'])}"
        )


def plot(rows: list[Row], path: Path, queries: int) -> None:
    """Two panels: ingest time against a linear line, query latency against a flat one."""
    # Imported here so that the query worker processes do not pay for it;
    # main() has checked that it is installed before the long part of the run.
    import matplotlib

    matplotlib.use("Agg")  # no display on the benchmark machine
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    sizes = [row["articles"] for row in rows]
    ingest = [row["ingest_s"] for row in rows]
    p50 = [row["query_p50_ms"] for row in rows]
    p95 = [row["query_p95_ms"] for row in rows]
    x_max = max(sizes) * 1.05
    thousands = FuncFormatter(lambda x, _: f"{x:,.0f}")

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), dpi=120)

    left.plot(sizes, ingest, "o-", color="tab:blue", label="warta ingest")
    # what ingest would take if it grew in proportion to the smallest size
    slope = ingest[0] / sizes[0]
    left.plot(
        [0, x_max],
        [0, slope * x_max],
        "--",
        color="grey",
        label=f"linear from {size_label(sizes[0])}",
    )
    for size, seconds in zip(sizes, ingest, strict=True):
        shown = f"{seconds:.1f}" if seconds < 10 else f"{seconds:.0f}"
        left.annotate(f"{shown} s", (size, seconds), textcoords="offset points", xytext=(-8, 8), ha="right")
    left.set_xlim(0, x_max)
    left.set_ylim(bottom=0)
    left.set_xlabel("articles")
    left.set_ylabel("wall time (s)")
    left.set_title("Ingest into a new index")

    right.plot(sizes, p50, "o-", color="tab:green", label="p50")
    right.plot(sizes, p95, "s-", color="tab:orange", label="p95")
    right.axhline(p50[0], linestyle="--", color="grey", label=f"p50 at {size_label(sizes[0])}")
    # what p50 would be if latency grew in proportion to the corpus, as a full scan does
    right.plot([0, x_max], [0, p50[0] / sizes[0] * x_max], ":", color="tab:green", label="p50 if linear")
    right.set_xlim(0, x_max)
    right.set_ylim(bottom=0)
    right.set_xlabel("articles")
    right.set_ylabel("latency per query (ms)")
    right.set_title(f"Query latency, {queries:,} queries, cold")

    for axes in (left, right):
        axes.xaxis.set_major_formatter(thousands)
        axes.grid(True, alpha=0.3)
        axes.legend(loc="upper left")
    fig.suptitle("warta as the corpus grows (id-news repeated to size)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


# -- main ------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    """Read "25000,50000" as [25000, 50000], ascending: the smallest is what the others are compared to."""
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the JSONL corpus to repeat")
    parser.add_argument(
        "--sizes", type=parse_sizes, default=parse_sizes(DEFAULT_SIZES), help="comma-separated article counts"
    )
    parser.add_argument("--queries", type=int, default=1000, help="how many queries of the query file to run")
    parser.add_argument("--query-file", type=Path, default=QUERY_FILE, help="qid<TAB>query lines")
    parser.add_argument("--plot", type=Path, default=DEFAULT_PLOT, help="where to write the PNG")
    parser.add_argument("--keep", action="store_true", help="keep each corpus and index (prints where)")
    parser.add_argument(
        "--no-collapse",
        dest="collapse",
        action="store_false",
        help="do not fold near duplicates when searching (the copies of id-news are exact duplicates)",
    )
    parser.add_argument(
        "--replot",
        type=Path,
        metavar="JSON",
        help="only redraw the plot from a growth.json of an earlier run",
    )
    parser.add_argument(
        "--query-worker",
        nargs=3,
        metavar=("INDEX", "QUERYFILE", "N"),
        help="(internal) run N queries against INDEX and print their latency as JSON",
    )
    args = parser.parse_args()

    if args.query_worker:
        index, query_file, count = args.query_worker
        query_worker(Path(index), Path(query_file), int(count), args.collapse)
        return

    if args.replot:
        saved = json.loads(args.replot.read_text(encoding="utf-8"))
        plot(saved["sizes"], args.plot, saved["queries"])
        print(f"written to {args.plot}")
        return
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data}")
    if importlib.util.find_spec("matplotlib") is None:  # fail now, not after the measuring
        raise SystemExit("the plot needs matplotlib: .venv/bin/pip install -e '.[bench]'")
    available = len(read_queries(args.query_file))
    if args.queries > available:
        print(f"only {available:,} queries in {args.query_file}; running those", flush=True)
        args.queries = available

    work = Path(tempfile.mkdtemp(prefix="warta-growth-"))
    rows = [measure_size(args, size, work) for size in args.sizes]
    if args.keep:
        print(f"corpora and indexes kept in {work}")
    else:
        shutil.rmtree(work)

    print()
    print_table(rows)
    ratios = growth_ratios(rows)
    if ratios:
        print("\ngrowth between sizes")
        print_ratios(ratios)

    results = {
        "data": str(args.data),
        "cpus": os.cpu_count(),
        "query_file": str(args.query_file),
        "queries": args.queries,
        "collapse": args.collapse,
        "sizes": rows,
        "ratios": ratios,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "growth.json").write_text(json.dumps(results, indent=2) + "\n")
    plot(rows, args.plot, args.queries)
    print(f"\nwritten to {OUT / 'growth.json'} and {args.plot}")


if __name__ == "__main__":
    main()
