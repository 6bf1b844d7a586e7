"""Feed thousands of generated queries to `warta search` on a real index and count failures.

The queries are the ones of tests/generated_queries.py (query-language pieces mixed
with arbitrary Unicode, control characters and lone surrogates), drawn by
Hypothesis; each runs through the command line as a user would run it
(``click.testing.CliRunner``), with ``--match``, ``--unit`` and ``--format``
drawn too.  A failure is an exit code other than 0, 1 or 2, a traceback in the
output, or an error message that is not one line.

    python benchmarks/fuzz_queries.py --index INDEX [--count 10000] [--seed 1]

The index is any warta index, for instance one of id-news made with
``warta ingest ../shared/data/id-news/articles.jsonl --index /tmp/idnews``.
Each query opens the index, as a command does; progress goes to stderr every 500 queries.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from warta.cli import cli

HERE = Path(__file__).resolve().parent
# The generated queries are the tests' own strategy (tests/generated_queries.py): one definition.
sys.path.insert(0, str(HERE.parent / "tests"))
from generated_queries import queries  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    runner = CliRunner()
    started = time.perf_counter()
    exits: collections.Counter[int] = collections.Counter()
    failures: list[tuple[str, int, str]] = []

    @seed(args.seed)
    @settings(max_examples=args.count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(
        query=queries,
        match=st.sampled_from(["any", "all"]),
        unit=st.sampled_from(["article", "passage", "quote"]),
        fmt=st.sampled_from(["json", "text", "jsonl", "trec"]),
    )
    def run(query: str, match: str, unit: str, fmt: str) -> None:
        argv = [
            "search",
            query,
            "--match",
            match,
            "--unit",
            unit,
            "--format",
            fmt,
            "--index",
            str(args.index),
        ]
        result = runner.invoke(cli, argv)
        exits[result.exit_code] += 1
        done = sum(exits.values())
        if done % 500 == 0:  # a long run shows it is alive
            print(f"  {done:,} queries, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        message = result.stderr.strip() if result.exit_code == 2 else ""
        if (
            result.exit_code not in (0, 1, 2)
            or "Traceback" in result.output
            or (result.exit_code == 2 and len(message.splitlines()) != 1)
        ):
            failures.append((query, result.exit_code, result.output[-500:]))

    run()
    seconds = time.perf_counter() - started
    total = sum(exits.values())
    print(f"{total:,} queries in {seconds:.0f} s ({seconds / max(total, 1) * 1000:.1f} ms each)")
    print("exit codes: " + ", ".join(f"{code}: {n:,}" for code, n in sorted(exits.items())))
    print(f"failures (other exit codes, tracebacks, messages of more than one line): {len(failures)}")
    for query, code, output in failures[:10]:
        print(f"  {query!r} -> exit {code}: {output.strip()[:300]}")


if __name__ == "__main__":
    main()
