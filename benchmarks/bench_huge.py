"""Ingest one very large JSON-lines file and measure peak memory: it must not grow with the file.

The file is made by repeating id-news with fresh ids until it reaches the size
asked for; each size is ingested into a fresh index by ``warta ingest`` in its
own process, whose peak resident memory (with its worker processes) is sampled.

    python benchmarks/bench_huge.py                    # 128 MB and 1024 MB
    python benchmarks/bench_huge.py --sizes 64 256     # other sizes, in MB
    python benchmarks/bench_huge.py --workdir /tmp/huge --keep

Needs ../shared/data/id-news; 18 minutes for 1 GB on two cores (measured
alone), and room for the index, about three times the file's size (id-news's
47 MB make an index of 142 MB).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_ingest import DEFAULT_DATA, run_measured  # one way of measuring a command

HERE = Path(__file__).resolve().parent


def write_corpus(source: Path, target: Path, size_mb: int) -> int:
    """Repeat *source*'s records under new ids into *target* until it holds *size_mb* MB; return the count."""
    # split on \n only: str.splitlines() would cut records at the U+2028 some bodies hold
    records = [json.loads(line) for line in source.read_text("utf-8").split("\n") if line.strip()]
    wanted = size_mb << 20
    written = count = 0
    with target.open("w", encoding="utf-8") as out:
        round_no = 0
        while written < wanted:
            for record in records:
                copy = dict(record, id=f"{record['id']}~{round_no}")
                line = json.dumps(copy, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                count += 1
                if written >= wanted:
                    break
            round_no += 1
    return count


def segments_per_shard(index: Path) -> list[int]:
    from warta import engine

    ix = engine.open_index(index)
    return [len(ix.shard_index(n)._segments()) for n in range(ix.shard_count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 1024], help="file sizes in MB")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the files and indexes")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"needs {args.data}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="warta-huge-"))
    workdir.mkdir(parents=True, exist_ok=True)
    warta = str(Path(sys.executable).with_name("warta"))
    print(f"{'size':>8} {'articles':>9} {'ingest s':>9} {'peak MB':>8} {'segments':>10} {'MB/s':>6}")
    try:
        for size in args.sizes:
            corpus = workdir / f"huge-{size}mb.jsonl"
            started = time.perf_counter()
            count = write_corpus(args.data, corpus, size)
            made = time.perf_counter() - started
            index = workdir / f"ix-{size}mb"
            shutil.rmtree(index, ignore_errors=True)
            seconds, peak_mb, out = run_measured(
                [warta, "ingest", str(corpus), "--index", str(index), "--format", "json"]
            )
            report = json.loads(out.splitlines()[-1])
            assert report["added"] == count, (report["added"], count)
            segments = "+".join(map(str, segments_per_shard(index)))
            figures = f"{count:>9,} {seconds:>9.1f} {peak_mb:>8,} {segments:>10} {size / seconds:>6.2f}"
            print(f"{size:>6} MB {figures}   (file written in {made:.0f} s)", flush=True)
            if not args.keep:
                corpus.unlink()
                shutil.rmtree(index, ignore_errors=True)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
