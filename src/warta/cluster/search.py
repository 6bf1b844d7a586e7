"""Searching an index whose shards are open on Dask workers, ranked exactly as one index.

The searching process holds no articles.  It keeps one `shard.ShardServer`
actor per shard and the sum of their digests (`statistics.Digest`), and
runs the engine's own search code (`engine.search.EngineSearcher`) with two
parts swapped:

* its Whoosh searcher is a `ClusterSearcher` over a
  `statistics.StatisticsReader`: the query is understood and compiled from
  the collection's statistics, as one index would do it;
* its scorer is a `RemoteScorer`: every shard scores the query with the
  collection's statistics and the query terms' document frequencies
  (``dfs_query_then_fetch``), returns its best results, and the best of
  all are taken by score, ties by document number as one index orders them
  (a shard's numbers follow those of the shards before it, as in one index).

Columns (signatures, pieces, languages) and stored fields are then fetched
for what is shown only (`RemoteColumn`, `ClusterSearcher.prefetch_stored`).
"""

from __future__ import annotations

import contextlib
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from ..engine import passages
from ..engine.index import open_index, shard_of
from ..engine.ranking import default_weighting
from ..engine.search import EngineSearcher, _facet_counts
from ..errors import ClusterError, WartaError
from ..query import Understood
from .connect import Cluster
from .shard import PAGE_COLUMNS, ShardServer
from .statistics import Digest, StatisticsReader, TermKey, frequencies, query_terms

# How many of each shard's best articles come with its scores, stored fields and all, when a page
# of articles with snippets is asked for: the page itself, and this many more (folding may reach past).
PAGE_MARGIN = 2
# Up to this many shards, each sends its best's signatures and a page of articles with its scores
# (one round trip a search); beyond, what a page needs is fetched once the best of all are known,
# so that a search's traffic does not grow with the shards (docs/scaling.md).
SEND_AHEAD_SHARDS = 8


class Shards:
    """The shard actors of one index on a cluster: their names, digests and first document numbers."""

    def __init__(self, cluster: Cluster, root: str | Path, allow_partial: bool = False) -> None:
        self.cluster = cluster
        # with allow_partial, a shard that fails or keeps silent while scoring is left out of the
        # answer and listed in `missing` (reset by `begin`), rather than failing the search
        self.allow_partial = allow_partial
        self.missing: dict[int, str] = {}
        self.lost: set[int] = set()  # shards whose worker failed: opened again by the next search
        self.root = Path(root).absolute()
        # as `open_index` reads it (a missing index, one being built, another format: one line each);
        # every shard is opened from this manifest, so that all are of one state of the index
        manifest = open_index(self.root).manifest
        self.manifest = manifest
        count = len(manifest["shards"])  # type: ignore[arg-type]
        workers = cluster.workers()
        if not workers:
            raise ClusterError(f"the Dask cluster at {cluster.address} has no workers: start some")
        self.workers = [workers[n % len(workers)] for n in range(count)]
        self.names = [str(name) for name in manifest["shards"]]  # type: ignore[attr-defined]
        futures = [self._place(n, w) for n, w in enumerate(self.workers)]
        with cluster.client.as_current():  # each actor answers through this client, whatever the default
            self.actors = [self._wait(n, f) for n, f in enumerate(futures)]
        self.describe()

    def _place(self, n: int, worker: str) -> Any:
        """Open shard *n* on *worker* (a Dask actor; pure=False: a new one, never one Dask remembers)."""
        return self.cluster.client.submit(
            ShardServer,
            str(self.root),
            n,
            self.manifest,
            actor=True,
            workers=[worker],
            allow_other_workers=False,
            pure=False,
        )

    def _replace_lost(self) -> None:
        """Open again, on the workers there are now, the shards whose worker failed (Dask actors have
        no failover); a shard that cannot be opened stays lost, and the search says so."""
        workers = self.cluster.workers()
        if not workers:
            return
        for n in sorted(self.lost):
            worker = workers[n % len(workers)]
            try:
                with self.cluster.client.as_current():
                    actor = self._wait(n, self._place(n, worker))
            except ClusterError:
                continue
            self.actors[n], self.workers[n] = actor, worker
            self.lost.discard(n)

    def close(self) -> None:
        """Let the shards' actors go (Dask ends an actor no client holds)."""
        self.actors = []

    def describe(self) -> None:
        """Gather every shard's digest (`statistics.Digest`): the collection's statistics."""
        described = self.each("describe")
        self.names = [name for name, _digest in described]
        self.schema = described[0][1].schema
        digests = [d for _name, d in described]
        self.sizes = [d.doc_count_all for d in digests]
        self.offsets = [int(sum(self.sizes[:n])) for n in range(len(digests))]
        self.digest = Digest.of(digests)
        total = self.digest
        # what a query carries: the totals without the terms
        self.counts = Digest(total.doc_count_all, total.doc_count, dict(total.field_lengths))

    def __len__(self) -> int:
        return len(self.actors)

    def _wait(self, n: int, future: Any) -> Any:
        """The result of one shard's call, or one line naming the shard that failed or kept silent."""
        if isinstance(future, ClusterError):
            raise future
        try:
            answer = future.result(timeout=self.cluster.timeout)
            return pickle.loads(answer) if isinstance(answer, bytes) else answer
        except WartaError:
            raise
        except (TimeoutError, OSError) as err:
            if isinstance(err, TimeoutError) or "timed out" in str(err).lower():
                with contextlib.suppress(ClusterError):
                    if self.workers[n] not in self.cluster.workers():  # gone, not slow: open it elsewhere
                        self.lost.add(n)
                raise ClusterError(
                    f"shard {self.names[n]} (on {self.workers[n]}) did not answer within "
                    f"{self.cluster.timeout:g} s; check that worker, or search again"
                ) from None
            raise self._failed(n, err) from None
        except Exception as err:  # a worker that died, a lost connection
            raise self._failed(n, err) from None

    def _failed(self, n: int, err: BaseException) -> ClusterError:
        self.lost.add(n)
        return ClusterError(
            f"shard {self.names[n]} (on {self.workers[n]}) failed ({type(err).__name__}: {err}); "
            "restart that worker, or search again"
        )

    def begin(self) -> None:
        """A new search: every shard is asked again, those whose worker failed opened anew."""
        self.missing = {}
        if self.lost:
            self._replace_lost()

    def each(self, method: str, *args: Any) -> list[Any]:
        """*method* called with *args* on every shard at once; the answers in shard order."""
        return self.call(method, {n: args for n in range(len(self.actors))})

    def _start(self, n: int, method: str, args: tuple[Any, ...]) -> Any:
        """Ask shard *n* to run *method*: a future, or the `ClusterError` saying why it cannot."""
        try:
            return self.actors[n].ask(method, pickle.dumps(args, protocol=5))
        except Exception as err:  # Dask knows the worker holding it is gone
            return self._failed(n, err)

    def call(self, method: str, args: dict[int, tuple[Any, ...]]) -> list[Any]:
        """*method* called on each shard *args* names, with its arguments, at once; answers in that order."""
        futures = [(n, self._start(n, method, a)) for n, a in args.items()]
        return [self._wait(n, f) for n, f in futures]

    def scoring(self, method: str, *args: Any) -> dict[int, Any]:
        """*method* on every shard still answering this search: each one's answer, by shard number.

        A shard that fails is left out when partial answers are allowed (and listed in `missing`).
        """
        asked = [n for n in range(len(self.actors)) if n not in self.missing]
        futures = [(n, self._start(n, method, args)) for n in asked]
        answers: dict[int, Any] = {}
        for n, future in futures:
            try:
                answers[n] = self._wait(n, future)
            except ClusterError as err:
                if not self.allow_partial:
                    raise
                self.missing[n] = str(err)
        return answers

    def answered(self) -> dict[str, object]:
        """Which shards answered this search: ``{"total", "successful", "failed", "missing"}``."""
        return {
            "total": len(self.actors),
            "successful": len(self.actors) - len(self.missing),
            "failed": len(self.missing),
            "missing": [self.names[n] for n in sorted(self.missing)],
        }

    def routed(self, method: str, docnums: Iterable[int], *args: Any) -> list[tuple[int, list[int], Any]]:
        """*method* asked of each shard holding some of *docnums* (numbers of the whole index), with
        *args* and then those of its own numbers, ascending: each one's first number in the whole
        index, the numbers it was asked about (of the whole index again), and its answer."""
        parts = self.split(docnums)
        if not parts:
            return []  # (no shard is asked about no article)
        answers = self.call(method, {n: (*args, local.tolist()) for n, local in parts.items()})
        return [
            (self.offsets[n], (local + self.offsets[n]).tolist(), answer)
            for (n, local), answer in zip(parts.items(), answers, strict=True)
        ]

    def split(self, docnums: Iterable[int]) -> dict[int, np.ndarray]:
        """Document numbers of the whole index, ascending, as each shard's own numbers."""
        ids = np.asarray(sorted(docnums), dtype=np.int64)
        parts: dict[int, np.ndarray] = {}
        for n, (offset, size) in enumerate(zip(self.offsets, self.sizes, strict=True)):
            local = ids[(ids >= offset) & (ids < offset + size)] - offset
            if len(local):
                parts[n] = local
        return parts

    def doc_frequencies(self, keys: Sequence[TermKey]) -> dict[TermKey, int]:
        """The collection's document frequency of each of *keys*, summed over the shards."""
        total = dict.fromkeys(keys, 0)
        for found in self.each("doc_frequencies", list(keys)):
            for key, n in found.items():
                total[key] += n
        return total


class RemoteScorer:
    """`array_scoring.ArrayScorer`'s questions, answered by every shard with the collection's statistics."""

    def __init__(self, shards: Shards, reader: StatisticsReader) -> None:
        self.shards = shards
        self.reader = reader
        self.forget()

    def _scored(self, method: str, q: wq.Query, *args: Any) -> list[Any]:
        """*method* of every shard for *q*, run again with the frequencies of any term a shard lacked."""
        given = query_terms(q, self.reader)
        while True:
            answers = self.shards.scoring(method, q, self.shards.counts, given, *args)
            missing = {key for answer in answers.values() for key in answer[-1]} - given.keys()
            if not missing:
                return [(self.shards.offsets[n], answer) for n, answer in answers.items()]
            given.update(frequencies(missing, self.reader))

    def matches(self, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        """Every matching document (numbers of the whole index, ascending) and its score."""
        answers = self._scored("matches", q)
        ids = [found[0] + offset for offset, (found, _m) in answers]
        scores = [found[1] for _offset, (found, _m) in answers]
        if not ids:
            return np.empty(0, np.int64), np.empty(0, np.float64)
        return np.concatenate(ids), np.concatenate(scores)

    def best(
        self,
        q: wq.Query,
        limit: int,
        columns: tuple[str, ...] = (),
        facets: tuple[str, ...] = (),
        every: bool = True,
        page: tuple[int, list[str]] | None = None,
    ) -> tuple[int, list[tuple[float, int]], np.ndarray, dict[str, dict[int, Any]], dict[str, Counter]]:
        """`top_n`, with the values of *columns* for the best and *facets* counted over every match;
        without *every*, no match's number but the best's.  With *page* (how many, the body words),
        each shard also sends that many of its best articles as a page shows them (`keep_page`)."""
        limit = max(limit, 0)
        answers = self._scored("top", q, limit, columns, facets, every, page)
        self.fetched = [(offset, answer[-2]) for offset, answer in answers]
        total = 0
        best: list[tuple[float, int]] = []
        matched = []
        values: dict[str, dict[int, Any]] = {name: {} for name in columns}
        groups: dict[str, Counter] = {name: Counter() for name in facets}
        for offset, (count, found, ids, shown, counted, _page, _m) in answers:
            total += count
            best.extend((score, docnum + offset) for score, docnum in found)
            matched.append(np.asarray(ids, dtype=np.int64) + offset)
            for name, column in shown.items():
                values[name].update(zip((d + offset for _s, d in found), column, strict=True))
            for name, counter in counted.items():
                groups[name].update(counter)
        best.sort(key=lambda pair: (-pair[0], pair[1]))
        every_match = np.concatenate(matched) if matched else np.empty(0, np.int64)
        return total, best[:limit], every_match, values, groups

    def prefetch_positions(self, fieldname: str, words: set[str], docnums: list[int]) -> None:
        """Fetch the positions of every one of *words* in *docnums* at once (kept for this search)."""
        known = [self._positions.get((fieldname, w)) for w in words]
        if all(k is not None and k[0].issuperset(docnums) for k in known):
            return  # sent ahead with the scores
        wanted = sorted(words)
        found: dict[str, dict[int, list[int]]] = {w: {} for w in wanted}
        for offset, _numbers, by_word in self.shards.routed("positions_of_words", docnums, fieldname, wanted):
            for word, where in by_word.items():
                found[word].update((d + offset, p) for d, p in where.items())
        self.keep_positions(fieldname, frozenset(int(d) for d in docnums), found)

    def keep_positions(
        self, fieldname: str, asked: frozenset[int], found: dict[str, dict[int, list[int]]]
    ) -> None:
        """Positions fetched for *asked* documents (those of a word in a document not listed: none)."""
        for word, where in found.items():
            known = self._positions.get((fieldname, word))
            if known is not None:  # (those sent with the page, then more)
                asked, where = known[0] | asked, {**known[1], **where}
            self._positions[fieldname, word] = (asked, where)

    def forget(self) -> None:
        """A new search: positions fetched ahead for the last one are dropped."""
        self._positions: dict[tuple[str, str], tuple[frozenset[int], dict[int, list[int]]]] = {}

    def positions(self, fieldname: str, text: str, docnums: list[int]) -> dict[int, list[int]]:
        """As `ArrayScorer.positions`: a term's positions in each of *docnums* that has it."""
        self.prefetch_positions(fieldname, {text}, docnums)
        where = self._positions[fieldname, text][1]
        return {d: where[d] for d in docnums if d in where}

    def column_values(self, fieldname: str, docnums: np.ndarray) -> list[Any]:
        """A column's value for each of *docnums* (ascending numbers of the whole index)."""
        answers = self.shards.routed("column_values", docnums, fieldname)
        return [value for _offset, _numbers, found in answers for value in found]


class RemoteColumn:
    """A column of the whole index read from the shards: values asked for ahead (`prefetch`) are
    kept for the search that asked."""

    def __init__(self, name: str, scorer: RemoteScorer) -> None:
        self.name = name
        self._scorer = scorer
        self._values: dict[int, Any] = {}

    def prefetch(self, docnums: Iterable[int]) -> None:
        wanted = sorted({d for d in docnums if d not in self._values})
        if not wanted:
            return
        ids = np.asarray(wanted, dtype=np.int64)
        self._values.update(zip(wanted, self._scorer.column_values(self.name, ids), strict=True))

    def keep(self, values: dict[int, Any]) -> None:
        """Values fetched with something else (the scores, a page's articles)."""
        self._values.update(values)

    def __getitem__(self, docnum: int) -> Any:
        if docnum not in self._values:
            self.prefetch([docnum])
        return self._values[docnum]


class ClusterSearcher(Searcher):
    """A Whoosh searcher of the collection's statistics, whose stored articles are read from the shards."""

    def __init__(self, shards: Shards) -> None:
        reader = StatisticsReader(shards.schema, shards.digest, shards.doc_frequencies)
        super().__init__(reader, weighting=default_weighting())
        self.shards = shards
        self._stored: dict[int, dict[str, Any]] = {}
        self.stored_fields = self._stored_fields  # Whoosh copies the reader's method onto the searcher

    def prefetch_stored(self, docnums: Iterable[int]) -> None:
        wanted = [d for d in docnums if d not in self._stored]
        for _offset, numbers, (stored, _columns) in self.shards.routed("fetch", wanted, ()):
            self._stored.update(zip(numbers, stored, strict=True))

    def keep(self, stored: dict[int, dict[str, Any]]) -> None:
        """Stored fields fetched with something else (a page's columns)."""
        self._stored.update(stored)

    def forget(self) -> None:
        """A new search: what the last one fetched is dropped (the index may have changed since)."""
        self._stored = {}

    def has(self, docnum: int) -> bool:
        return docnum in self._stored

    def _stored_fields(self, docnum: int) -> dict[str, Any]:
        if docnum not in self._stored:
            self.prefetch_stored([docnum])
        return self._stored[docnum]

    def document_number(self, **kw: Any) -> int | None:
        """The number of the article with ``id=...`` (the only field asked here), or None."""
        doc_id = str(kw["id"])
        n = shard_of(doc_id, len(self.shards))
        found = self.shards.call("document_number", {n: (doc_id,)})[0]
        return None if found is None else found + self.shards.offsets[n]


class ClusterIndex:
    """An index whose shards are open on a Dask cluster: what `searcher.Searcher` and `searcher.show` read."""

    def __init__(self, root: str | Path, cluster: Cluster, allow_partial: bool = False) -> None:
        self.root = Path(root)
        self.cluster = cluster
        self.shards = Shards(cluster, root, allow_partial)
        self.manifest = self.shards.manifest

    @property
    def shard_count(self) -> int:
        return len(self.shards)

    @property
    def incomplete(self) -> bool:
        return bool(self.manifest.get("building"))

    @property
    def schema(self) -> Any:
        return self.shards.schema

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        yield  # each shard reports its own damage (`ShardServer`), one line naming it

    def stored(self, doc_id: str) -> dict[str, object] | None:
        n = shard_of(doc_id, len(self.shards))
        return self.shards.call("stored_by_id", {n: (doc_id,)})[0]

    def ids_given(self, given_id: str) -> list[str]:
        return sorted(i for found in self.shards.each("ids_given", given_id) for i in found)

    def size_bytes(self) -> int:
        return sum(self.shards.each("size_bytes"))

    def tallies(self) -> list[Any]:
        """Each shard's counts for `indexing.stats.index_stats`."""
        return self.shards.each("tally")

    def engine(self) -> ClusterEngine:
        return ClusterEngine(self)


class ClusterEngine(EngineSearcher):
    """The engine's search over a `ClusterIndex`: the same code, its scorer and columns remote.

    What a request fetched is kept until the next one begins (`begin`).  A page of
    articles with snippets usually costs one round trip: each shard sends its
    best as a page shows them with its scores (`ShardServer.top`'s *page*); the
    rest is fetched for what the page needs beyond them.
    """

    keeps_words = False  # the word list is read from the statistics, not kept beside the manifest

    def __init__(self, index: ClusterIndex) -> None:
        super().__init__(index, searcher=ClusterSearcher(index.shards))  # type: ignore[arg-type]
        self._array_scorer = RemoteScorer(index.shards, self._searcher.reader())  # type: ignore[assignment]
        self._facet_groups: dict[str, Counter[Any]] = {}
        self._page: tuple[int, list[str]] | None = None  # what `_run` asks the shards to send ahead

    def close(self) -> None:
        self._index.shards.close()

    def answered(self) -> dict[str, object] | None:
        return self._index.shards.answered()

    def begin(self) -> None:
        """A new request: what the last one fetched is dropped, and every shard is asked again."""
        self._index.shards.begin()
        self._scorer().forget()
        self._searcher.forget()
        self._columns = {}

    def search(self, understood: Any, **options: Any) -> Any:
        self._facet_groups = {}
        shows_page = (
            options.get("unit", "article") == "article" and options.get("snippets", True) and options["limit"]
        )
        # the page (and a margin for folding), its body words filled in by `compile`
        self._page = (options.get("offset", 0) + options["limit"] + PAGE_MARGIN, []) if shows_page else None
        try:
            return super().search(understood, **options)
        finally:
            self._page = None

    def compile(self, understood: Understood) -> Any:
        readings, q = super().compile(understood)
        if self._page is not None:
            reader = self._searcher.reader()
            words = set().union(
                *(passages.piece_query(r.query, reader, self._searcher).searched_words() for r in readings)
            )
            self._page = (self._page[0], sorted(words))
        return readings, q

    def _run(
        self,
        q: wq.Query,
        limit: int,
        columns: tuple[str, ...] = (),
        facets: tuple[str, ...] = (),
        every: bool = True,
    ) -> tuple[int, list[tuple[float, int]], np.ndarray]:
        """The shards' best, with their values of *columns* and their counts of *facets* (one round trip)."""
        page, self._page = self._page, None  # (the first run of a search is the page's)
        if len(self._index.shards) > SEND_AHEAD_SHARDS:
            columns, page = (), None  # read after the merge, for the best of all only
        scorer = self._scorer()
        # (facets are counted by the shards: no match's number need come back for them)
        every = every and not facets
        total, best, matched, values, groups = scorer.best(q, limit, columns, facets, every, page)
        for name, found in values.items():
            self._column(name).keep(found)
        self._facet_groups = groups
        if page is not None:
            self._keep_page(page[1], scorer.fetched)
        return total, best, matched

    def _keep_page(self, words: list[str], fetched: list[tuple[int, Any]]) -> None:
        """Keep what the shards sent ahead of each page: stored fields, columns, body positions."""
        asked: set[int] = set()
        positions: dict[str, dict[int, list[int]]] = {w: {} for w in words}
        for offset, shown in fetched:
            if shown is None:
                continue
            local, stored, columns, where = shown
            numbers = [d + offset for d in local]
            asked.update(numbers)
            self._keep(numbers, stored, columns)
            for word, by_doc in where.items():
                positions[word].update((d + offset, p) for d, p in by_doc.items())
        self._scorer().keep_positions("body", frozenset(asked), positions)

    def _facet(self, name: str, docnums: np.ndarray) -> dict[str, int]:
        return _facet_counts(self._facet_groups[name])

    def _column(self, name: str) -> Any:
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = RemoteColumn(name, self._scorer())  # type: ignore[arg-type]
        return column

    def _will_read(self, name: str, docnums: Iterable[int]) -> None:
        self._column(name).prefetch(docnums)

    def _will_show(self, docnums: Iterable[int]) -> None:
        """Stored fields, languages and pieces of the page's articles, in one round trip per shard."""
        wanted = sorted({d for d in docnums if not self._searcher.has(d)})
        for _offset, numbers, (stored, columns) in self._index.shards.routed("fetch", wanted, PAGE_COLUMNS):
            self._keep(numbers, stored, columns)

    def _keep(self, numbers: list[int], stored: list[dict[str, Any]], columns: dict[str, list[Any]]) -> None:
        """Keep, for this request, what a shard sent of the articles *numbers*: stored fields, columns."""
        self._searcher.keep(dict(zip(numbers, stored, strict=True)))
        for name, found in columns.items():
            self._column(name).keep(dict(zip(numbers, found, strict=True)))

    def _will_position(self, words: set[str], docnums: list[int]) -> None:
        if words and docnums:
            self._scorer().prefetch_positions("body", words, docnums)
