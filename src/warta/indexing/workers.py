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

from .. import engine
from ..analysis.article import analyse_article
from ..errors import IndexUnreadableError, IndexWriteError
from ..model import Article
from .planner import Operation

BATCH_SIZE = 64


def _apply(writer: engine.ShardWriter, op: str, doc_id: str, article: Article | None, where: str) -> None:
    if op == "delete":
        writer.delete(doc_id)
        return
    file_key, _, file_sig = where.partition("\0")
    assert article is not None
    writer.add(engine.document(analyse_article(article), file_key, file_sig), replace=op == "replace")


class InlineSink:
    """Writes every shard from this process."""

    def __init__(self, index: engine.WartaIndex) -> None:
        self.index = index
        self.writers: dict[int, engine.ShardWriter] = {}

    def send(self, op: str, doc_id: str, article: Article | None, where: str) -> None:
        n = engine.shard_of(doc_id, self.index.shard_count)
        writer = self.writers.get(n)
        if writer is None:
            writer = self.writers[n] = engine.ShardWriter(self.index.shard_index(n))
        _apply(writer, op, doc_id, article, where)

    def finish(self) -> None:
        for writer in self.writers.values():
            writer.commit()

    def abort(self) -> None:
        for writer in self.writers.values():
            with contextlib.suppress(Exception):  # a writer that already committed is closed
                writer.cancel()


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

    The worker gives up (without committing) if its parent dies, so that a
    killed ingest leaves no process behind.
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
                batch = inbox.get(timeout=1.0)
            except queue_module.Empty:
                if os.getppid() != parent:
                    writer.cancel()
                    return
                continue
            if batch is None:
                break
            for op in batch:
                _apply(writer, *op)
        writer.commit()
        outbox.put(("ok", shard_dir, ""))
    except Exception as err:  # reported to the main process as one line
        with contextlib.suppress(Exception):
            writer.cancel()
        why = err.strerror if isinstance(err, OSError) and err.strerror else f"{type(err).__name__}: {err}"
        outbox.put(("error", shard_dir, why))


class ParallelSink:
    """Sends operations in batches to one worker process per shard."""

    def __init__(self, index: engine.WartaIndex) -> None:
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.count = index.shard_count
        self.outbox = ctx.Queue()
        self.inboxes = [ctx.Queue(maxsize=16) for _ in range(self.count)]
        self.pending: list[list[Operation]] = [[] for _ in range(self.count)]
        self.procs = [
            ctx.Process(target=_shard_worker, args=(str(d), q, self.outbox, os.getpid()), daemon=True)
            for d, q in zip(index.shard_dirs, self.inboxes, strict=True)
        ]
        for p in self.procs:
            p.start()

    def send(self, op: str, doc_id: str, article: Article | None, where: str) -> None:
        n = engine.shard_of(doc_id, self.count)
        pending = self.pending[n]
        pending.append((op, doc_id, article, where))
        if len(pending) >= BATCH_SIZE:
            self._put(n, pending)
            self.pending[n] = []

    def _put(self, n: int, batch: object) -> None:
        while True:
            try:
                self.inboxes[n].put(batch, timeout=1.0)
                return
            except queue_module.Full:
                if not self.procs[n].is_alive():
                    self._raise_worker_errors()
                    raise IndexUnreadableError("an index writer process stopped unexpectedly") from None

    def finish(self) -> None:
        for n in range(self.count):
            if self.pending[n]:
                self._put(n, self.pending[n])
            self._put(n, None)
        results = []
        while len(results) < self.count:
            try:
                results.append(self.outbox.get(timeout=1.0))
            except queue_module.Empty:
                if not any(p.is_alive() for p in self.procs):
                    results.append(("error", "", "an index writer process stopped unexpectedly"))
                    break
        for p in self.procs:
            p.join()
        self._check(results)

    def _raise_worker_errors(self) -> None:
        results = []
        while True:
            try:
                results.append(self.outbox.get_nowait())
            except queue_module.Empty:
                break
        self._check(results)

    @staticmethod
    def _check(results: list[tuple[str, str, str]]) -> None:
        errors = [msg for status, _dir, msg in results if status == "error"]
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
