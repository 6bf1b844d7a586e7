"""One shard of an index, open on a Dask worker: what the searching process asks of it.

A `ShardServer` is a Dask actor: it lives on one worker, keeps the shard's
Whoosh searcher and its decoded posting lists open from query to query, and
answers the phases of a distributed search (`cluster.search`):

* `describe`: its digest (`statistics.shard_digest`), once per state of the index;
* `top`: a query scored with the collection's statistics (`statistics.GlobalSearcher`):
  its number of matches, its best results, the terms it lacked;
* `matches`, `positions`, `column_values`, `stored`: what the page and its
  snippets need, by the shard's own document numbers.

It reads the shard named by the index's manifest, on a file system the worker
sees at the same path as the process that started it (``docs/scaling.md``).
"""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq

from ..engine.array_scoring import ArrayScorer
from ..engine.index import WartaIndex, read_manifest
from ..engine.ranking import default_weighting
from ..errors import IndexUnreadableError
from .statistics import Digest, GlobalSearcher, ShardDigest, TermKey, shard_digest

# What `ShardServer.top` answers: matches, best (score, docnum), every match, the best's column
# values, facet counts, and the terms whose document frequency was not given.
TopAnswer = tuple[
    int,
    list[tuple[float, int]],
    np.ndarray,
    dict[str, list[Any]],
    dict[str, Counter[Any]],
    "Page | None",
    set[TermKey],
]
# The first of a shard's best as a page shows them: their numbers, stored fields, languages and
# pieces, and the body positions of the query's words in them.
Page = tuple[list[int], list[dict[str, Any]], dict[str, list[Any]], dict[str, dict[int, list[int]]]]
PAGE_COLUMNS = ("facet_lang", "pieces")


class ShardServer:
    """Shard *number* of the index at *root* as *manifest* (the searching process's) lists it.

    Every shard is opened from the one manifest the searching process read,
    so that all of them are of one state of the index; if that state is gone
    (a rebuild switched generations and removed its shards), it says so.
    """

    def __init__(self, root: str, number: int, manifest: dict[str, object]) -> None:
        self.root = Path(root)
        self.number = number
        self.name = str(list(manifest["shards"])[number])  # type: ignore[call-overload]
        try:
            self.index = WartaIndex(self.root, dict(manifest, shards=[self.name]))
            self.searcher = GlobalSearcher(self.index.reader(), weighting=default_weighting())
        except IndexUnreadableError:
            if read_manifest(self.root) != manifest:
                raise IndexUnreadableError(
                    f"the index at {self.root} changed while its shards were being opened; search again"
                ) from None
            raise
        self.scorer = ArrayScorer(self.searcher)

    def ask(self, method: str, payload: bytes) -> bytes:
        """Run *method* with the arguments pickled in *payload*; its answer, pickled.

        Every call goes through here as bytes: Dask's own serialisation of the
        arguments and answers (a query, numpy arrays, counters) took 4 ms a search
        more than a pickle of them (``docs/scaling.md``).
        """
        return pickle.dumps(getattr(self, method)(*pickle.loads(payload)), protocol=5)

    def describe(self) -> tuple[str, ShardDigest]:
        """The shard's folder name and digest."""
        with self.index.reading():
            return self.name, shard_digest(self.searcher.reader())

    def top(
        self,
        q: wq.Query,
        counts: Digest,
        given: dict[TermKey, int],
        limit: int,
        columns: tuple[str, ...],
        facets: tuple[str, ...],
        every: bool = True,
        page: tuple[int, list[str]] | None = None,
    ) -> TopAnswer:
        """*q* scored with the collection's statistics: the number of matches, the best *limit*
        ``(score, docnum)`` (best first, ties by number), every match's number, the values of
        *columns* for the best, each facet's values counted over every match, and the terms
        whose frequency it was not given.  Without *every*, the match numbers are left out
        (an empty array): a page needs only the best.  With *page* (a count, the query's body
        words), that many of the best come as a page shows them (`Page`), so that a page whose
        articles are among them needs no second round trip."""
        with self.index.reading():
            self.searcher.use(counts, given)
            total, best, matched = self.scorer.top_n(q, limit)
            values: dict[str, list[Any]] = {}
            if columns and best:
                ids = np.asarray(sorted(d for _s, d in best), dtype=np.int64)
                for name in columns:
                    found = dict(zip(ids.tolist(), self.scorer.column_values(name, ids), strict=True))
                    values[name] = [found[d] for _s, d in best]
            ordered = np.sort(matched)
            groups = {name: Counter(self.scorer.column_values(f"facet_{name}", ordered)) for name in facets}
            kept = matched if every else matched[:0]
            shown: Page | None = None
            if page is not None and best:
                first = sorted(d for _s, d in best[: page[0]])
                stored, columns_of = self.fetch(PAGE_COLUMNS, first)
                shown = (first, stored, columns_of, self.positions_of_words("body", page[1], first))
            return total, best, kept, values, groups, shown, self.searcher.misses

    def fetch(
        self, columns: tuple[str, ...], docnums: list[int]
    ) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
        """What a page shows of *docnums* (ascending): their stored fields and values of *columns*."""
        with self.index.reading():
            ids = np.asarray(docnums, dtype=np.int64)
            values = {name: self.scorer.column_values(name, ids) for name in columns}
            return [self.searcher.stored_fields(d) for d in docnums], values

    def positions_of_words(
        self, fieldname: str, words: list[str], docnums: list[int]
    ) -> dict[str, dict[int, list[int]]]:
        """Each of *words*' positions in each of *docnums* that has it."""
        with self.index.reading():
            reader = self.searcher.reader()
            return {
                w: self.scorer.positions(fieldname, w, docnums) if (fieldname, w) in reader else {}
                for w in words
            }

    def matches(self, q: wq.Query, counts: Digest, given: dict[TermKey, int]) -> tuple[Any, set[TermKey]]:
        """Every match of *q* (numbers, ascending) with its score, and the terms it lacked."""
        with self.index.reading():
            self.searcher.use(counts, given)
            return self.scorer.matches(q), self.searcher.misses

    def column_values(self, fieldname: str, docnums: list[int]) -> list[Any]:
        with self.index.reading():
            return self.scorer.column_values(fieldname, np.asarray(docnums, dtype=np.int64))

    def document_number(self, doc_id: str) -> int | None:
        with self.index.reading():
            return self.searcher.document_number(id=doc_id)

    def doc_frequencies(self, keys: list[TermKey]) -> dict[TermKey, int]:
        """The shard's own document frequency of each term of *keys*."""
        with self.index.reading():
            reader = self.searcher.reader()
            return {key: int(reader.doc_frequency(*key)) if key in reader else 0 for key in keys}

    def ids_given(self, given_id: str) -> list[str]:
        return self.index.ids_given(given_id)

    def stored_by_id(self, doc_id: str) -> dict[str, object] | None:
        return self.index.stored(doc_id)

    def size_bytes(self) -> int:
        return self.index.size_bytes()

    def tally(self) -> Any:
        from ..indexing.stats import tally

        return tally(self.index)
