"""Writing the shards on a Dask cluster's workers (``warta ingest --cluster``).

Ingest reads the corpus where it runs, plans what changed and keeps the
index's lock, its pending-file bookkeeping and its generation switch, as it
does alone (`indexing.update`).  What it hands to `indexing.workers` there,
batches of operations for each shard, goes here to a `ShardWriting` actor
on the worker that owns the shard, which analyses the articles and writes
them (the expensive part).  The shards commit once every batch is written.

A worker that dies or fails stops the ingest with one line naming its
shard; the shards' last commits stand, and the files that were being read
stay marked pending, so the next ingest reads them again.
"""

from __future__ import annotations

import contextlib
import pickle
from functools import partial
from typing import Any

from .. import engine
from ..errors import IndexWriteError
from ..indexing.workers import BATCH_SIZE, apply_operation, carry_weight
from ..model import Article, ProgressCallback
from .connect import Cluster

# Batches on their way to one shard's writer, at most: reading waits for the writer beyond that.
IN_FLIGHT = 4


class ShardWriting:
    """A Dask actor: one shard's writer, open on the worker that owns the shard."""

    def __init__(self, shard_dir: str) -> None:
        self.writer = engine.ShardWriter.open(shard_dir)

    def write(self, batch: bytes) -> int:
        """Apply a batch of operations, pickled (faster than Dask's own serialisation of articles)."""
        operations: list[tuple[str, str, Article | None, str]] = pickle.loads(batch)
        for op in operations:
            apply_operation(self.writer, *op)
        return len(operations)

    def postings(self) -> int:
        return int(self.writer.posting_count)

    def commit(self) -> None:
        self.writer.commit(lambda stage, done, total: None)

    def cancel(self) -> None:
        with contextlib.suppress(Exception):  # a writer that already committed is closed
            self.writer.cancel()


class ClusterSink:
    """Sends each shard's operations, in batches, to its writer on the cluster (as `workers.ParallelSink`)."""

    def __init__(
        self, index: engine.WartaIndex, cluster: Cluster, progress: ProgressCallback | None = None
    ) -> None:
        self.cluster = cluster
        self.progress = progress
        self.count = index.shard_count
        self.names = [d.name for d in index.shard_dirs]
        workers = cluster.workers()
        if not workers:
            raise IndexWriteError(f"the Dask cluster at {cluster.address} has no workers: start some")
        self.workers = [workers[n % len(workers)] for n in range(self.count)]
        self.dirs = [str(d.absolute()) for d in index.shard_dirs]
        # a shard's writer is opened when it is first sent something: a shard with nothing to
        # write is not committed (an unchanged re-ingest writes nothing at all)
        self.writers: dict[int, Any] = {}
        self.pending: list[list[Any]] = [[] for _ in range(self.count)]
        self.pending_weights = [0] * self.count
        self.flying: list[list[tuple[Any, int]]] = [[] for _ in range(self.count)]  # (future, weight)

    def _wait(self, n: int, future: Any) -> Any:
        try:
            return future.result(timeout=None)
        except Exception as err:  # a worker that died, a shard it cannot write
            raise self._failed(n, err) from None

    def _failed(self, n: int, err: BaseException) -> IndexWriteError:
        return IndexWriteError(
            f"writing shard {self.names[n]} on {self.workers[n]} failed ({type(err).__name__}: {err}); "
            "what the index had committed is kept: fix the cause and run ingest again"
        )

    @property
    def pending_weight(self) -> int:
        """Bytes of text whose articles were sent but are not written yet."""
        return sum(w for flying in self.flying for _f, w in flying) + sum(self.pending_weights)

    def send(self, op: str, doc_id: str, article: Article | None, where: str, weight: int = 0) -> None:
        n = engine.shard_of(doc_id, self.count)
        self.pending[n].append((op, doc_id, article, where))
        self.pending_weights[n] += weight
        if len(self.pending[n]) >= BATCH_SIZE:
            self._put(n)

    def carry(self, weight: int) -> None:
        """Bytes of text done once every article sent is written: each shard's next batch carries them."""
        carry_weight(self.pending_weights, weight)

    def _writer(self, n: int) -> Any:
        found = self.writers.get(n)
        if found is None:
            client = self.cluster.client
            future = client.submit(
                ShardWriting,
                self.dirs[n],
                actor=True,
                workers=[self.workers[n]],
                allow_other_workers=False,
                pure=False,
            )
            with client.as_current():  # the actor answers through this client, whatever the default
                found = self.writers[n] = self._wait(n, future)
        return found

    def _put(self, n: int) -> None:
        while len(self.flying[n]) >= IN_FLIGHT:
            self._land(n, self.flying[n].pop(0))
        batch, weight = self.pending[n], self.pending_weights[n]
        self.pending[n], self.pending_weights[n] = [], 0
        try:
            future = self._writer(n).write(pickle.dumps(batch, protocol=5))
        except Exception as err:  # Dask knows the worker holding it is gone
            raise self._failed(n, err) from None
        self.flying[n].append((future, weight))

    def _land(self, n: int, sent: tuple[Any, int]) -> None:
        self._wait(n, sent[0])
        if self.progress:
            self.progress("analysed", 0, 0)

    def poll(self) -> None:
        for n in range(self.count):
            while self.flying[n] and self.flying[n][0][0].done():
                self._land(n, self.flying[n].pop(0))

    def finish(self) -> None:
        for n in range(self.count):
            if self.pending[n]:
                self._put(n)
            elif self.pending_weights[n] and self.progress:  # bytes carried with no article: done
                self.progress("analysed", 0, 0)
            self.pending_weights[n] = 0
            while self.flying[n]:
                self._land(n, self.flying[n].pop(0))
        totals = [self._wait(n, w.postings()) for n, w in self.writers.items()]
        if self.progress:
            self.progress("saving", 0, sum(totals))
        commits = [(n, w.commit()) for n, w in self.writers.items()]
        for n, future in commits:
            self._wait(n, future)
        if self.progress:
            self.progress("saving", sum(totals), sum(totals))

    def abort(self) -> None:
        for n, writer in self.writers.items():
            with contextlib.suppress(Exception):
                writer.cancel().result(timeout=5)
            self.flying[n] = []


def cluster_sink(cluster: Cluster) -> Any:
    """A maker of `ClusterSink` for `indexing.update.ingest` (``sink=``)."""
    return partial(_make, cluster)


def _make(cluster: Cluster, index: engine.WartaIndex, progress: ProgressCallback | None) -> ClusterSink:
    return ClusterSink(index, cluster, progress)
