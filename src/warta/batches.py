"""A batch of queries over several processes, for `Searcher.search_many` with ``jobs``.

Each query's results depend on the query and the index alone, so a batch can
be split among worker processes and its results put back in order.  The
parent runs the first queries itself (which loads what a search reads once:
the index's word list, the translation table, the first posting lists), then
forks: the workers inherit the open index and all it has loaded, and each
takes `CHUNK` queries at a time.  Where processes cannot be forked the batch
runs in this process.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .model import SearchResults

# Queries a worker takes at a time; a batch shorter than `FEWEST` per worker runs in this process.
CHUNK = 25
FEWEST = 100
# What the forked workers run: the parent's search function, set just before they start.
_RUN: Callable[[str | None, str], SearchResults] | None = None


def usable_jobs(jobs: int, queries: int) -> int:
    """How many processes a batch of *queries* runs in when *jobs* are asked for: 1 where forking
    is not possible, or the batch is too short for the workers' start to pay."""
    if jobs <= 1 or "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(jobs, queries // FEWEST))


def run_in_processes(
    run: Callable[[str | None, str], SearchResults], pairs: Sequence[tuple[str | None, str]], jobs: int
) -> Iterator[SearchResults]:
    """*run* over *pairs* (qid, query) in *jobs* processes, the results in the order of *pairs*."""
    global _RUN
    first = pairs[:CHUNK]
    for qid, text in first:  # in this process: what the workers inherit is loaded
        yield run(qid, text)
    rest = pairs[len(first) :]
    chunks = [rest[i : i + CHUNK] for i in range(0, len(rest), CHUNK)]
    _RUN = run
    try:
        with mp.get_context("fork").Pool(jobs, initializer=_quiet) as pool:
            for done in pool.imap(_run_chunk, chunks):
                yield from done
    finally:
        _RUN = None


def _quiet() -> None:
    """A worker leaves Ctrl-C to the parent, which ends the pool (and says so in one line)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(chunk: list[tuple[str | None, str]]) -> list[SearchResults]:
    run: Any = _RUN
    return [run(qid, text) for qid, text in chunk]
