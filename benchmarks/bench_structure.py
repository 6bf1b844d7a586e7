"""What reading an article's structure adds to ingest time, on id-news.

    python benchmarks/bench_structure.py [--data PATH] [--rounds N]

Two variants of a full ingest into a new index, run alternately ``--rounds``
times (default 2) in fresh processes, medians compared:

- ``plain``: no structure: the parser is replaced by one that finds nothing
  (no date from the text, no outlet or dateline, no speakers, no paragraph
  or quote positions);
- ``full``: what ``warta ingest`` does.

The machine's speed drifts by tens of percent between runs of a minute, so
``--micro`` also measures the structure's own cost in one process: every
article analysed for indexing (`analysis.analyse_article`) with and without
the structure, alternating every 500 articles so that drift cancels, in CPU
time.

Results are printed and written to benchmarks/out/structure.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "data" / "id-news" / "articles.jsonl"
OUT = HERE / "out"
VARIANTS = ("plain", "full")


def _run_variant(variant: str, data: Path, index: Path) -> None:
    """Inside a fresh process: patch the chosen variant in, then ingest (workers fork and inherit it)."""
    import warta
    from warta import model
    from warta.analysis import article

    if variant == "plain":

        def nothing(doc_id: str, title: str, body: str, **meta: object) -> model.ParsedArticle:
            return model.ParsedArticle(
                id=doc_id,
                title=title,
                source=meta.get("source"),  # type: ignore[arg-type]
                dateline=None,
                date=meta.get("date"),  # type: ignore[arg-type]
                date_text=None,
                lang=meta.get("lang"),  # type: ignore[arg-type]
                subheadings=[],
                paragraphs=[],
                quotes=[],
            )

        article.parse_article = nothing  # type: ignore[assignment]
    started = time.perf_counter()
    report = warta.ingest([data], index, workers=True)
    seconds = time.perf_counter() - started
    # CPU time of this process and its (joined) workers: steadier than wall time
    # on a virtual machine whose speed drifts.
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "added": report.added}))


def micro(data: Path) -> dict[str, float]:
    """Interleaved, in-process: CPU time of analysing articles for the index, with and without structure."""
    from warta import engine
    from warta.analysis import article as analysis
    from warta.corpus import discover, read_file
    from warta.model import Article, ParsedArticle

    articles = [a for f in discover([data]).files for a in read_file(f) if isinstance(a, Article)]
    real = analysis.parse_article

    def nothing(doc_id: str, title: str, body: str, **meta: object) -> ParsedArticle:
        return ParsedArticle(
            doc_id, title, meta.get("source"), None, meta.get("date"), None, None, [], [], []
        )  # type: ignore[arg-type]

    for article in articles:  # warm the stemming cache, as a long ingest has it
        engine.document(analysis.analyse_article(article), "key", "sig")
    spent = {"plain": 0.0, "full": 0.0}
    for n, start in enumerate(range(0, len(articles), 500)):
        chunk = articles[start : start + 500]
        for variant in ("plain", "full") if n % 2 else ("full", "plain"):
            analysis.parse_article = nothing if variant == "plain" else real  # type: ignore[assignment]
            started = time.process_time()
            for article in chunk:
                engine.document(analysis.analyse_article(article), "key", "sig")
            spent[variant] += time.process_time() - started
    analysis.parse_article = real  # type: ignore[assignment]
    per = {v: spent[v] / len(articles) * 1000 for v in spent}
    print(
        f"{len(articles)} articles analysed for indexing: {per['plain']:.3f} ms each without structure,"
        f" {per['full']:.3f} ms with: the structure costs {per['full'] - per['plain']:.3f} ms an article"
    )
    return {"plain_ms": per["plain"], "full_ms": per["full"], "structure_ms": per["full"] - per["plain"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--micro", action="store_true", help="also the interleaved in-process measurement")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        _run_variant(args.variant, args.data, args.index)
        return
    if not args.data.exists():
        sys.exit(f"needs {args.data} (the shared corpora)")
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    cpu: dict[str, list[float]] = {v: [] for v in VARIANTS}
    sizes: dict[str, int] = {}
    for round_number in range(1, args.rounds + 1):
        for variant in VARIANTS:
            with tempfile.TemporaryDirectory() as tmp:
                index = Path(tmp) / "ix"
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--variant",
                        variant,
                        "--data",
                        str(args.data),
                        "--index",
                        str(index),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                result = json.loads(out.strip().splitlines()[-1])
                sizes[variant] = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
            times[variant].append(result["seconds"])
            cpu[variant].append(result["cpu_seconds"])
            print(
                f"round {round_number} {variant:<6} {result['seconds']:6.1f} s wall"
                f" {result['cpu_seconds']:6.1f} s CPU  ({result['added']} articles)",
                flush=True,
            )
    medians = {v: statistics.median(t) for v, t in times.items()}
    # the machine's speed drifts between rounds: compare within each round
    ratios = [full / plain for full, plain in zip(times["full"], times["plain"], strict=True)]
    cpu_ratios = [full / plain for full, plain in zip(cpu["full"], cpu["plain"], strict=True)]
    summary = {
        "rounds": args.rounds,
        "seconds": times,
        "median_seconds": medians,
        "index_bytes": sizes,
        "cpu_seconds": cpu,
        "overhead_per_round": [r - 1 for r in ratios],
        "structure_overhead": statistics.median(ratios) - 1,
        "cpu_overhead_per_round": [r - 1 for r in cpu_ratios],
        "cpu_overhead": statistics.median(cpu_ratios) - 1,
    }
    print()
    for v in VARIANTS:
        print(f"{v:<6} median {medians[v]:6.1f} s   index {sizes[v] / 1e6:6.1f} MB")
    rounds = ", ".join(f"{r - 1:.1%}" for r in ratios)
    overhead = summary["structure_overhead"]
    print(f"reading and recording the structure adds {overhead:.1%} wall time (median; rounds: {rounds})")
    rounds = ", ".join(f"{r - 1:.1%}" for r in cpu_ratios)
    print(f"and {summary['cpu_overhead']:.1%} CPU time (median; rounds: {rounds})")
    if args.micro:
        summary["micro"] = micro(args.data)
        cpu_per_article = statistics.median(cpu["full"]) / result["added"] * 1000
        share = summary["micro"]["structure_ms"] / cpu_per_article
        print(f"= {share:.1%} of the CPU time of a full ingest ({cpu_per_article:.2f} ms an article)")
        summary["micro"]["share_of_ingest_cpu"] = share
    OUT.mkdir(exist_ok=True)
    (OUT / "structure.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
