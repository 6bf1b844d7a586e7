"""Writing the planned operations into the shards: in this process, or one worker process per shard.

Analysis (`analysis.analyse_article`) and Whoosh writing, the expensive part
of ingest, happen where the shard is written: with one worker process per
shard both cores work for the whole run.  Small updates are written
in-process, because starting workers would cost more than it saves.  A worker
gives up without committing when its parent dies, so a killed ingest leaves
no process behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue as queue_module
import signal
from functools import partial

from .. import engine
from ..analysis.article import analyse_article
from ..errors import IndexUnreadableError, IndexWriteError
from ..model import Article, ProgressCallback
from .planner import Operation

BATCH_SIZE = 64

# A sink reports ("analysed", 0, 0) when workers have written articles (`pending_weight` has
# gone down), then ("saving", ...) and ("merging", ...) summed over the shards; saving once
# every shard has said how much it has to write.


def apply_operation(
    writer: engine.ShardWriter, op: str, doc_id: str, article: Article | None, where: str
) -> None:
    if op == "delete":
        writer.delete(doc_id)
        return
    file_key, _, file_sig = where.partition("\0")
    assert article is not None
    writer.add(engine.document(analyse_article(article), file_key, file_sig), replace=op == "replace")


class _ShardTally:
    """How far saving has got in each shard, summed for one progress report."""

    def __init__(self, progress: ProgressCallback | None, shards: int) -> None:
        self.progress = progress
        self.shards = shards  # saving is reported once every shard has said how much it has to write
        self.reached: dict[tuple[object, str], tuple[int, int]] = {}  # (shard, stage) -> (done, total)

    def __call__(self, shard: object, stage: str, done: int, total: int) -> None:
        if self.progress is None:
            return
        self.reached[shard, stage] = (done, total)
        same = [reached for (_shard, s), reached in self.reached.items() if s == stage]
        if stage != "saving" or len(same) >= self.shards:
            self.progress(stage, sum(d for d, _ in same), sum(t for _, t in same))


class InlineSink:
    """Writes every shard from this process."""

    def __init__(self, index: engine.WartaIndex, progress: ProgressCallback | None = None) -> None:
        self.index = index
        self.writers: dict[int, engine.ShardWriter] = {}
        self.tally = _ShardTally(progress, 0)

    @property
    def pending_weight(self) -> int:
        return 0  # every article is written as it is sent

    def send(self, op: str, doc_id: str, article: Article | None, where: str, weight: int = 0) -> None:
        n = engine.shard_of(doc_id, self.index.shard_count)
        writer = self.writers.get(n)
        if writer is None:
            writer = self.writers[n] = engine.ShardWriter(self.index.shard_index(n))
        apply_operation(writer, op, doc_id, article, where)

    def carry(self, weight: int) -> None:
        pass  # written already

    def poll(self) -> None:
        pass

    def finish(self) -> None:
        # the shards are saved one after the other: all their postings are the whole to save
        self.tally.shards = len(self.writers)
        for n, writer in self.writers.items():  # each shard's whole to save, before any is saved
            self.tally(n, "saving", 0, writer.posting_count)
        for n, writer in self.writers.items():
            writer.commit(partial(self.tally, n))

    def abort(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):  # a writer that already committed is closed
                writer.cancel()


def carry_weight(pending_weights: list[int], weight: int) -> None:
    """Share *weight* (bytes of text) among the shards' next batches: the rest goes with the first."""
    share, rest = divmod(weight, len(pending_weights))
    for n in range(len(pending_weights)):
        pending_weights[n] += share + (rest if n == 0 else 0)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies.

    A parent killed in the middle of sending a batch leaves half a message in
    the pipe, and a worker waiting for the rest would wait forever; the
    timeout-and-getppid check in `_shard_worker` covers other systems.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _shard_worker(shard_dir: str, inbox: mp.Queue, outbox: mp.Queue, parent: int) -> None:
    """Body of a worker process: apply batches of operations to one shard.

    Each batch comes with the bytes of text it stands for, reported back once
    its articles are written, so that progress counts what is done rather
    than what was read; saving the shard reports its own progress.  The
    worker gives up (without committing) if its parent dies, so that a killed
    ingest leaves no process behind.
    """
    # Ctrl-C reaches every process of the terminal's group: the parent stops
    # the run and ends its workers, which must not print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    engine.close_inherited_locks()
    _die_with_parent(parent)
    try:
        writer = engine.ShardWriter.open(shard_dir)
        while True:
            try:
                message = inbox.get(timeout=1.0)
            except queue_module.Empty:
                if os.getppid() != parent:
                    writer.cancel()
                    return
                continue
            if message is None:
                break
            batch, weight = message
            for op in batch:
                apply_operation(writer, *op)
            outbox.put(("analysed", shard_dir, weight, 0))
        writer.commit(lambda stage, done, total: outbox.put((stage, shard_dir, done, total)))
        outbox.put(("ok", shard_dir, 0, 0))
    except Exception as err:  # reported to the main process as one line
        with contextlib.suppress(Exception):
            writer.cancel()
        why = err.strerror if isinstance(err, OSError) and err.strerror else f"{type(err).__name__}: {err}"
        outbox.put(("error", shard_dir, why, 0))


class ParallelSink:
    """Sends operations in batches to one worker process per shard."""

    def __init__(self, index: engine.WartaIndex, progress: ProgressCallback | None = None) -> None:
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.count = index.shard_count
        self.outbox = ctx.Queue()
        self.inboxes = [ctx.Queue(maxsize=16) for _ in range(self.count)]
        self.pending: list[list[Operation]] = [[] for _ in range(self.count)]
        self.pending_weights = [0] * self.count
        self.in_flight = 0  # bytes of text sent to workers whose articles are not written yet
        self.results: list[tuple[str, str, str]] = []  # each worker's last word: ok, or an error
        self.progress = progress
        self.tally = _ShardTally(progress, self.count)
        self.procs = [
            ctx.Process(target=_shard_worker, args=(str(d), q, self.outbox, os.getpid()), daemon=True)
            for d, q in zip(index.shard_dirs, self.inboxes, strict=True)
        ]
        for p in self.procs:
            p.start()

    @property
    def pending_weight(self) -> int:
        """Bytes of text whose articles were sent but are not written yet."""
        return self.in_flight + sum(self.pending_weights)

    def send(self, op: str, doc_id: str, article: Article | None, where: str, weight: int = 0) -> None:
        n = engine.shard_of(doc_id, self.count)
        pending = self.pending[n]
        pending.append((op, doc_id, article, where))
        self.pending_weights[n] += weight
        if len(pending) >= BATCH_SIZE:
            self._put(n, (pending, self.pending_weights[n]))
            self.pending[n] = []
            self.pending_weights[n] = 0

    def carry(self, weight: int) -> None:
        """Bytes of text done once every article sent is written: each shard's next batch carries them."""
        carry_weight(self.pending_weights, weight)

    def _put(self, n: int, message: tuple[list[Operation], int] | None) -> None:
        if message is not None:
            self.in_flight += message[1]
        while True:
            try:
                self.inboxes[n].put(message, timeout=1.0)
                return
            except queue_module.Full:
                self.poll()
                if not self.procs[n].is_alive():
                    self._check()
                    raise IndexUnreadableError("an index writer process stopped unexpectedly") from None

    def poll(self, timeout: float = 0.0) -> bool:
        """Take in what the workers said; False when they said nothing within *timeout* seconds."""
        heard = False
        while True:
            try:
                kind, shard, value, total = (
                    self.outbox.get(timeout=timeout) if timeout and not heard else self.outbox.get_nowait()
                )
            except queue_module.Empty:
                return heard
            heard = True
            if kind == "analysed":
                self.in_flight -= value
                if self.progress:
                    self.progress("analysed", 0, 0)
            elif kind in ("ok", "error"):
                self.results.append((kind, shard, value))
            else:  # saving, merging
                self.tally(shard, kind, value, total)

    def finish(self) -> None:
        for n in range(self.count):
            if self.pending[n] or self.pending_weights[n]:  # (a batch of none carries bytes too)
                self._put(n, (self.pending[n], self.pending_weights[n]))
                self.pending_weights[n] = 0
            self._put(n, None)
        while len(self.results) < self.count:
            if not self.poll(timeout=0.2) and not any(p.is_alive() for p in self.procs):
                self.poll()
                if len(self.results) < self.count:
                    self.results.append(("error", "", "an index writer process stopped unexpectedly"))
        for p in self.procs:
            p.join()
        self._check()

    def _check(self) -> None:
        errors = [msg for status, _dir, msg in self.results if status == "error"]
        if errors:
            raise IndexWriteError(
                f"writing the index failed ({errors[0]}); what it had committed is kept: "
                "fix the cause and run ingest again"
            )

    def abort(self) -> None:
        # Batches still buffered for the workers will never be read: without
        # this, the process would wait for them forever as it exits.
        for q in (*self.inboxes, self.outbox):
            q.cancel_join_thread()
        for p in self.procs:
            if p.is_alive():
                p.terminate()
        for p in self.procs:
            p.join(timeout=5)
