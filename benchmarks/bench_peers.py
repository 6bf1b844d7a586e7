"""warta beside Xapian 1.4 on id-news: ingest, batch and interactive queries, cold start, in one run.

Measures, on ../shared/data/id-news/articles.jsonl (23,046 articles), for
Xapian, this installation of warta and, with ``--other PYTHON``, another
(say a clone of the commit before a change, set up with ``make setup``):

1. a full ingest into a new index: wall time and peak memory of the process
   tree; for warta also ``warta ingest`` again over the unchanged corpus;
2. batch: the 1,000 queries of data/queries-1000.tsv as one command writing
   a TREC run of the top 10, timed from start to exit (``warta search
   --batch --format trec``, with warta's default ``--jobs`` where it has one:
   a worker process per CPU; for Xapian a process that opens the database,
   parses each query and writes ``QID Q0 DOCID RANK SCORE xapian`` lines);
3. interactive: in one fresh process, the 1,000 queries once as a warm-up
   and once timed, top 10 with snippets, p50 and p95 per query
   (``Searcher.search``; for Xapian ``Enquire.get_mset(0, 10)``, the
   document data read and ``MSet.snippet`` of 200 bytes for every hit);
4. warta only: the 60 queries of data/queries-id.tsv for paragraphs and
   quotes (``unit="passage"`` and ``"quote"``), p50 of `PASSES` passes;
5. cold start: one query (``gencatan senjata``), top 10 with snippets, from a
   new process, the median of `COLD_RUNS`: ``python -m warta search`` and the
   ``warta`` console script a user runs; for Xapian a short script under
   /usr/bin/python3.  Python's bytecode cache is on, as on a user's machine.

Xapian is set up as a careful user would: a `TermGenerator` with the
Snowball ``indonesian`` stemmer and STEM_SOME, the title indexed with the
prefix S (for ``title:``) and unprefixed with wdf 2, the body unprefixed,
the id as a unique Q term and in value slot 0, the document data holding id,
title and body as JSON for snippets; one `WritableDatabase`, committed at
the end; a `QueryParser` with the same stemmer, STEM_SOME, OR as the default
operator and FLAG_DEFAULT; BM25 (Xapian's default weighting).  Its Python
bindings (Debian's python3-xapian) import only under the system interpreter,
so every Xapian part runs there as `XAPIAN_WORKER`, passed with ``-c``: it
imports nothing of warta or of these benchmarks, so a process pays for
nothing but Python and Xapian.  Without them, Xapian is left out.

The engines run in rounds that alternate their order (Xapian, this, other;
then other, this, Xapian; ...), ``--rounds`` times (default 3), and the
medians are printed with the ratios of warta to Xapian: this machine's speed
drifts over minutes, and alternating spreads the drift over every engine.

    python benchmarks/bench_peers.py [--rounds N] [--other PYTHON] [--data PATH]
                                     [--keep DIR | --reuse DIR] [--skip-ingest-of ENGINE]

``--keep DIR`` leaves the indexes of the last round in DIR (DIR/xapian,
DIR/this, DIR/other); ``--reuse DIR`` searches those without ingesting
again, and ``--skip-ingest-of ENGINE`` does so for one engine only (its
index must be in the ``--keep`` or ``--reuse`` folder).  Results are printed
and written to benchmarks/out/peers.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_ingest import BATCH_QUERIES, DEFAULT_DATA, OUT, QUERIES, run_measured

SYSTEM_PYTHON = "/usr/bin/python3"  # where Debian's python3-xapian imports
COLD_RUNS = 7  # a cold start is short and noisy: several a round
COLD_QUERY = "gencatan senjata"
PASSES = 3  # timed passes over the 60 queries of queries-id.tsv, for each unit
ENGINES = ("xapian", "this", "other")
LABELS = {"xapian": "xapian", "this": "warta (this)", "other": "warta (other)"}

# The Xapian side, run as `/usr/bin/python3 -c XAPIAN_WORKER PART ARGS...`.  PART is
# ingest DATA DB | batch DB QUERIES | latency DB QUERIES | cold DB QUERY.
XAPIAN_WORKER = """
import json
import sys
import time

import xapian

ID_SLOT = 0  # the article id, for TREC lines without parsing the document data
TITLE_WDF = 2  # a title word counts twice in the unprefixed terms
SNIPPET_BYTES = 200


def stemmer():
    return xapian.Stem("indonesian")


def ingest(data, path):
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    generator.set_stemmer(stemmer())
    generator.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    added = failed = 0
    with open(data, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                key = str(record["id"])
            except (ValueError, KeyError, TypeError):
                failed += 1
                continue
            title = str(record.get("title") or "")
            body = str(record.get("body") or "")
            doc = xapian.Document()
            generator.set_document(doc)
            generator.index_text(title, 1, "S")
            generator.index_text(title, TITLE_WDF)
            generator.increase_termpos()
            generator.index_text(body)
            doc.set_data(json.dumps({"id": key, "title": title, "body": body}, ensure_ascii=False))
            doc.add_value(ID_SLOT, key)
            id_term = "Q" + key
            doc.add_boolean_term(id_term)
            db.replace_document(id_term, doc)
            added += 1
    db.commit()
    print(json.dumps({"added": added, "failed": failed, "documents": db.get_doccount()}))
    db.close()


class Search:
    def __init__(self, path):
        self.db = xapian.Database(path)
        self.stem = stemmer()
        self.parser = xapian.QueryParser()
        self.parser.set_stemmer(self.stem)
        self.parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.parser.set_database(self.db)
        self.parser.set_default_op(xapian.Query.OP_OR)
        self.parser.add_prefix("title", "S")
        self.enquire = xapian.Enquire(self.db)  # weighted with BM25Weight(), the default
        self.errors = 0

    def top(self, text, n=10):
        try:
            query = self.parser.parse_query(text, xapian.QueryParser.FLAG_DEFAULT)
        except xapian.QueryParserError:
            self.errors += 1
            query = self.parser.parse_query(text, 0)
        self.enquire.set_query(query)
        return self.enquire.get_mset(0, n)

    def hits(self, text):
        mset = self.top(text)
        found = []
        for item in mset:
            record = json.loads(item.document.get_data())
            snippet = mset.snippet(record["body"], SNIPPET_BYTES, self.stem).decode("utf-8")
            found.append((record["id"], record["title"], item.weight, snippet))
        return found


def read_queries(path):
    with open(path, encoding="utf-8") as fh:
        lines = [line.rstrip("\\n") for line in fh if line.strip()]
    return [line.split("\\t", 1) if "\\t" in line else [str(n), line] for n, line in enumerate(lines, 1)]


def batch(path, queries):
    search = Search(path)
    out = sys.stdout
    for qid, text in read_queries(queries):
        for rank, item in enumerate(search.top(text), 1):
            key = item.document.get_value(ID_SLOT).decode("utf-8")
            out.write(f"{qid} Q0 {key} {rank} {item.weight:.6f} xapian\\n")
    print(f"{search.errors} queries did not parse with FLAG_DEFAULT", file=sys.stderr)


def latency(path, queries):
    search = Search(path)
    texts = [text for _qid, text in read_queries(queries)]
    for text in texts:  # warm-up: the first pass reads the posting lists from disk
        search.hits(text)
    search.errors = 0
    times = []
    for text in texts:
        started = time.perf_counter()
        search.hits(text)
        times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"times": times, "errors": search.errors}))


def cold(path, text):
    for rank, (key, title, weight, snippet) in enumerate(Search(path).hits(text), 1):
        print(f"{rank}. {title} [{key}] {weight:.3f}")
        print(f"   {snippet}")


{"ingest": ingest, "batch": batch, "latency": latency, "cold": cold}[sys.argv[1]](*sys.argv[2:])
"""

# The interactive side of warta, run in a fresh process of the installation's Python:
# argv is INDEX QUERIES-1000 QUERIES-ID PASSES; prints milliseconds per query by unit.
WARTA_LATENCY = """
import json
import sys
import time

from warta import Searcher


def read(path):
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\\n").split("\\t", 1)[-1] for line in fh if line.strip()]


def timed(searcher, queries, unit):
    times = []
    for query in queries:
        started = time.perf_counter()
        searcher.search(query, limit=10, unit=unit)
        times.append((time.perf_counter() - started) * 1000)
    return times


many, few, passes = read(sys.argv[2]), read(sys.argv[3]), int(sys.argv[4])
out = {}
with Searcher(sys.argv[1]) as searcher:
    timed(searcher, many, "article")  # warm-up
    out["article"] = timed(searcher, many, "article")
    for unit in ("passage", "quote"):
        timed(searcher, few, unit)
        out[unit] = [t for _ in range(passes) for t in timed(searcher, few, unit)]
print(json.dumps(out))
"""


# -- helpers -------------------------------------------------------------------


def xapian_available() -> bool:
    try:
        proc = subprocess.run([SYSTEM_PYTHON, "-c", "import xapian"], capture_output=True, check=False)
    except OSError:
        return False
    return proc.returncode == 0


def xapian_cmd(part: str, *args: str | Path) -> list[str]:
    return [SYSTEM_PYTHON, "-c", XAPIAN_WORKER, part, *map(str, args)]


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def percentiles(times: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of *times* (p95 as bench_ingest takes it)."""
    ordered = sorted(times)
    return round(statistics.median(ordered), 2), round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2)


def cold_start(cmd: list[str]) -> float:
    """Median wall seconds of `COLD_RUNS` runs of *cmd*, after one that writes the bytecode cache."""
    first = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if first.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed ({first.returncode}): {first.stderr.strip()}")
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def trec_top(run: str) -> dict[str, list[str]]:
    """Ranked docids by query id, from the text of a TREC run."""
    ranked: dict[str, list[str]] = {}
    for line in run.splitlines():
        parts = line.split()
        if len(parts) == 6 and parts[1] == "Q0":
            ranked.setdefault(parts[0], []).append(parts[2])
    return ranked


# -- one engine, one round -----------------------------------------------------


def measure_xapian(data: Path, db: Path, ingest: bool) -> tuple[dict[str, float], str]:
    """Xapian's figures for one round, and its TREC run."""
    figures: dict[str, float] = {}
    if ingest:
        if db.exists():
            shutil.rmtree(db)
        seconds, peak, out = run_measured(xapian_cmd("ingest", data, db))
        report = json.loads(out.strip().splitlines()[-1])
        if report["failed"]:
            print(f"  xapian: {report['failed']} lines not read", file=sys.stderr)
        figures.update(ingest_s=round(seconds, 2), ingest_peak_mb=peak, index_mb=folder_mb(db))
    seconds, peak, run = run_measured(xapian_cmd("batch", db, BATCH_QUERIES))
    figures.update(batch_s=round(seconds, 2), batch_peak_mb=peak)
    out = subprocess.run(
        xapian_cmd("latency", db, BATCH_QUERIES), capture_output=True, text=True, check=True
    ).stdout
    report = json.loads(out)
    figures["query_p50_ms"], figures["query_p95_ms"] = percentiles(report["times"])
    if report["errors"]:
        print(f"  xapian: {report['errors']} queries did not parse with FLAG_DEFAULT", file=sys.stderr)
    figures["cold_module_s"] = cold_start(xapian_cmd("cold", db, COLD_QUERY))
    return figures, run


def measure_warta(python: str, data: Path, index: Path, ingest: bool) -> tuple[dict[str, float], str]:
    """The figures of the warta installed for *python* for one round, and its TREC run."""
    warta = [python, "-m", "warta"]
    figures: dict[str, float] = {}
    if ingest:
        if index.exists():
            shutil.rmtree(index)
        seconds, peak, _ = run_measured([*warta, "ingest", str(data), "--index", str(index), "-q"])
        figures.update(ingest_s=round(seconds, 2), ingest_peak_mb=peak, index_mb=folder_mb(index))
        seconds, _, _ = run_measured([*warta, "ingest", str(data), "--index", str(index), "-q"])
        figures["reingest_s"] = round(seconds, 2)
    batch = [*warta, "search", "--batch", str(BATCH_QUERIES), "--format", "trec"]
    seconds, peak, run = run_measured([*batch, "--index", str(index), "-n", "10"])
    figures.update(batch_s=round(seconds, 2), batch_peak_mb=peak)
    cmd = [python, "-c", WARTA_LATENCY, str(index), str(BATCH_QUERIES), str(QUERIES), str(PASSES)]
    times = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    figures["query_p50_ms"], figures["query_p95_ms"] = percentiles(times["article"])
    figures["passage_p50_ms"] = percentiles(times["passage"])[0]
    figures["quote_p50_ms"] = percentiles(times["quote"])[0]
    search = ["search", COLD_QUERY, "--index", str(index)]
    figures["cold_module_s"] = cold_start([*warta, *search])
    figures["cold_script_s"] = cold_start([str(Path(python).parent / "warta"), *search])
    return figures, run


# -- the table -----------------------------------------------------------------

# key, label, format, and the key of Xapian's figure a warta figure is set against
ROWS: list[tuple[str, str, str, str | None]] = [
    ("ingest_s", "full ingest (s)", ".1f", "ingest_s"),
    ("ingest_peak_mb", "ingest peak memory (MB)", ".0f", "ingest_peak_mb"),
    ("index_mb", "index size (MB)", ".0f", "index_mb"),
    ("reingest_s", "unchanged re-ingest (s)", ".2f", None),
    ("batch_s", "batch 1,000 queries, TREC (s)", ".2f", "batch_s"),
    ("batch_peak_mb", "batch peak memory (MB)", ".0f", "batch_peak_mb"),
    ("query_p50_ms", "query + snippets p50 (ms)", ".2f", "query_p50_ms"),
    ("query_p95_ms", "query + snippets p95 (ms)", ".2f", "query_p95_ms"),
    ("passage_p50_ms", "passage query p50 (ms)", ".2f", None),
    ("quote_p50_ms", "quote query p50 (ms)", ".2f", None),
    ("cold_module_s", "cold search, python -m/-c (s)", ".3f", "cold_module_s"),
    ("cold_script_s", "cold search, `warta` script (s)", ".3f", "cold_module_s"),
]


def print_table(medians: dict[str, dict[str, float]], rounds: int) -> dict[str, dict[str, float]]:
    """Print the medians with ratios to Xapian; return the ratios."""
    engines = [e for e in ENGINES if e in medians]
    wartas = [e for e in engines if e != "xapian"]
    ratio_cols = [f"{e}/xapian" for e in wartas if "xapian" in medians]
    if {"this", "other"} <= set(engines):
        ratio_cols.append("this/other")
    ratios: dict[str, dict[str, float]] = {col: {} for col in ratio_cols}
    head = (
        f"{'':<32}" + "".join(f"{LABELS[e]:>15}" for e in engines) + "".join(f"{c:>14}" for c in ratio_cols)
    )
    print(f"\nmedians of {rounds} round(s), engines in alternating order\n{head}")
    for key, label, fmt, xapian_key in ROWS:
        if not any(key in medians[e] for e in engines):
            continue
        cells = []
        for e in engines:
            value = medians[e].get(key)
            cells.append(f"{value:>15{fmt}}" if value is not None else f"{'-':>15}")
        for col in ratio_cols:
            top, bottom = col.split("/")
            a = medians[top].get(key)
            b = medians[bottom].get(key if bottom != "xapian" else xapian_key or "")
            if a is not None and b:
                ratios[col][key] = round(a / b, 3)
                cells.append(f"{a / b:>14.2f}")
            else:
                cells.append(f"{'-':>14}")
        print(f"{label:<32}" + "".join(cells))
    if "xapian" in medians:
        print("(the `warta` script row is set against Xapian's one cold script: it has no console script)")
    return ratios


def print_overlap(runs: dict[str, str], queries: int) -> dict[str, dict[str, float]]:
    """For information: queries answered, and how far the top 10s agree (no judgments: not nDCG)."""
    tops = {engine: trec_top(run) for engine, run in runs.items()}
    info: dict[str, dict[str, float]] = {}
    print("\nfor information (last round's batch runs; agreement is not relevance, no nDCG here)")
    for engine, top in tops.items():
        info[engine] = {"queries_with_hits": len(top)}
        print(f"  {LABELS[engine]:<14} queries with hits: {len(top)} of {queries}")
    names = list(tops)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = [
                len(set(tops[a].get(q, [])) & set(tops[b].get(q, []))) for q in set(tops[a]) | set(tops[b])
            ]
            top1 = sum(1 for q in set(tops[a]) & set(tops[b]) if tops[a][q][:1] == tops[b][q][:1]) / max(
                1, len(set(tops[a]) | set(tops[b]))
            )
            mean = statistics.fmean(shared) if shared else 0.0
            info[f"{a}~{b}"] = {"mean_shared_of_top10": round(mean, 2), "same_first_hit": round(top1, 3)}
            print(
                f"  {LABELS[a]} ~ {LABELS[b]}: {mean:.1f} of the top 10 in common on average, "
                f"the same first hit for {top1:.0%} of queries"
            )
    return info


# -- main ----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating the engines' order")
    parser.add_argument("--other", help="the Python of another installation of warta")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", type=Path, metavar="DIR", help="build the indexes in DIR and keep them")
    where.add_argument("--reuse", type=Path, metavar="DIR", help="search the indexes in DIR, no ingest")
    parser.add_argument(
        "--skip-ingest-of",
        action="append",
        default=[],
        choices=ENGINES,
        help="search this engine's index in the --keep DIR instead of ingesting (repeatable)",
    )
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data}")
    if args.skip_ingest_of and not (args.keep or args.reuse):
        raise SystemExit("--skip-ingest-of needs the folder of a kept index: --keep DIR or --reuse DIR")
    if args.other and not Path(args.other).exists():
        raise SystemExit(f"no Python at {args.other}")
    # Python's bytecode cache on, as on a user's machine, for every process measured
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

    pythons = {"this": sys.executable}
    if args.other:
        pythons["other"] = args.other
    engines = [e for e in ENGINES if e in pythons]
    if xapian_available():
        engines.insert(0, "xapian")
    else:
        print(
            f"Xapian does not import under {SYSTEM_PYTHON}: apt-get install python3-xapian; going on without"
        )
    skip = set(ENGINES) if args.reuse else set(args.skip_ingest_of)
    articles = sum(1 for line in args.data.open(encoding="utf-8") if line.strip())
    queries = sum(1 for line in BATCH_QUERIES.read_text("utf-8").splitlines() if line.strip())

    figures: dict[str, list[dict[str, float]]] = {e: [] for e in engines}
    runs: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="warta-peers-") as tmp:
        base = args.reuse or args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for engine in engines:
            if engine in skip and not (base / engine).exists():
                raise SystemExit(f"no index of {engine} at {base / engine} to reuse")
        for n in range(args.rounds):
            order = engines if n % 2 == 0 else list(reversed(engines))
            for engine in order:
                print(f"round {n + 1}: {LABELS[engine]} ...", file=sys.stderr, flush=True)
                index = base / engine
                ingest = engine not in skip
                if engine == "xapian":
                    result, runs[engine] = measure_xapian(args.data, index, ingest)
                else:
                    result, runs[engine] = measure_warta(pythons[engine], args.data, index, ingest)
                figures[engine].append(result)
                print(f"  {json.dumps(result)}", file=sys.stderr, flush=True)

    medians = {
        engine: {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
        for engine, rounds in figures.items()
    }
    ratios = print_table(medians, args.rounds)
    overlap = print_overlap(runs, queries)
    results = {
        "data": str(args.data),
        "articles": articles,
        "queries": queries,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "pythons": {**pythons, **({"xapian": SYSTEM_PYTHON} if "xapian" in engines else {})},
        "ingested": sorted(set(engines) - skip),
        "medians": medians,
        "ratios": ratios,
        "per_round": figures,
        "overlap": overlap,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "peers.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {OUT / 'peers.json'}")


if __name__ == "__main__":
    main()
