"""Ingest: bring an index up to date with a corpus.

The main process walks the corpus, reads records and decides, by comparing
content hashes with what the index holds, which articles to add, replace or
delete.  Analysis and Whoosh writing, the expensive part, happen in one worker
process per shard, so both cores work for the whole run; small updates are
written in-process because starting workers would cost more than it saves.

Files whose size and modification time match what was recorded are not even
read, so re-running over an unchanged corpus costs little more than a walk of
the folders and a scan of the index's bookkeeping fields.

Deletions are conservative: an indexed article is deleted only when its file is
gone, or when its file was read without any failure and no longer contains it.
A file that failed to read keeps what was indexed from it before.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue as queue_module
import signal
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from . import engine
from .errors import IndexUnreadableError, IndexWriteError, UsageError
from .model import Article, Failure, IngestReport, Notice
from .readers import Discovery, SourceFile, discover, display_path, read_file, root_key

# Called as (stage, done, total): stage "reading" counts bytes of the files to
# read; "writing" (done = total = 0) marks the final commit of the shards.
ProgressCallback = Callable[[str, int, int], None]

# Below this much text to (re)read, workers are not worth their start-up.
PARALLEL_THRESHOLD_BYTES = 2_000_000
BATCH_SIZE = 64


def ingest(
    paths: Iterable[str | os.PathLike[str]] = ("corpus",),
    index_dir: str | os.PathLike[str] = "index",
    *,
    rebuild: bool = False,
    field_map: Mapping[str, str] | None = None,
    workers: bool | None = None,
    shards: int = engine.DEFAULT_SHARDS,
    progress: ProgressCallback | None = None,
    wait: float = 0.0,
) -> IngestReport:
    """Add, update and delete articles so that the index matches *paths*.

    Parameters
    ----------
    paths:
        Folders (walked recursively) and files to read.
    index_dir:
        The index folder; created when missing.
    rebuild:
        Build a fresh index instead of updating (the old one stays searchable
        until the new one is complete).
    field_map:
        Overrides of which record field holds which article field,
        e.g. ``{"body": "isi"}``.
    workers:
        Force (``True``) or forbid (``False``) worker processes; by default they
        are used when there is enough text to read.
    shards:
        Number of shards when a new index is created.
    progress:
        Called with ("reading", bytes read, bytes to read) as reading advances,
        then once with ("writing", 0, 0) before the shards are committed.
    wait:
        Seconds to wait for another ingest of the same index to finish before
        giving up with `IndexLockedError` (0: give up at once).
    """
    started = time.perf_counter()
    if shards < 1:
        raise UsageError("--shards must be at least 1")
    root = Path(index_dir)
    paths = [Path(p) for p in paths]
    found = discover(paths)
    report = IngestReport(
        skipped_files=found.skipped, failures=list(found.failures), notices=list(found.notices)
    )
    try:
        _update(root, paths, found, report, rebuild, field_map, workers, shards, progress, wait)
    except OSError as err:  # writing, not reading: corpus files that cannot be read are failures
        raise IndexWriteError(
            f"cannot write the index at {root} ({err.strerror or err}); "
            "what it had committed is kept: free some space (or fix the folder) and run ingest again"
        ) from None
    report.seconds = time.perf_counter() - started
    return report


def _update(
    root: Path,
    paths: list[Path],
    found: Discovery,
    report: IngestReport,
    rebuild: bool,
    field_map: Mapping[str, str] | None,
    workers: bool | None,
    shards: int,
    progress: ProgressCallback | None,
    wait: float,
) -> None:
    """The part of `ingest` that holds the write lock: plan, write, commit, remember."""
    files = found.files
    with engine.write_lock(root, wait=wait):
        current = None if rebuild or not engine.index_exists(root) else engine.open_index(root, writing=True)
        new_manifest = None
        if current is None:
            previous = _readable_index(root) if rebuild else None
            new_manifest = engine.create_generation(root, shards, previous)
            report.created = True
            if not rebuild:
                # A first build is current from the start, marked as being built:
                # what its commits write survives a kill, and the next run
                # carries on from there instead of starting again.
                new_manifest["building"] = True
                engine.switch_generation(root, new_manifest)
            target = engine.WartaIndex(root, new_manifest)
            indexed: dict[str, engine.IndexedDoc] = {}
        else:
            target = current
            indexed = current.inventory()
            engine.remove_unlisted_shards(root, current.manifest)  # left by a rebuild that was killed
        plan = _Planner(files, paths, indexed, report, engine.read_ingest_state(root), found.unlisted)
        to_read = plan.files_to_read()
        # Shards commit one by one, and a long ingest commits as it goes: were
        # this run killed half-way, a file whose articles reached one shard but
        # not the other would look unchanged next time.  Marking what is about
        # to be read as pending makes the next run read it again.
        engine.write_ingest_state(root, plan.state(pending=to_read))
        total_bytes = sum(f.size for f in to_read)
        use_workers = workers if workers is not None else total_bytes >= PARALLEL_THRESHOLD_BYTES
        sink = _ParallelSink(target) if use_workers and target.shard_count > 1 else _InlineSink(target)
        try:
            done_bytes = 0

            def advance(nbytes: int) -> None:
                nonlocal done_bytes
                done_bytes += nbytes
                if progress:
                    progress("reading", min(done_bytes, total_bytes), total_bytes)

            for source in to_read:
                before = done_bytes
                for op in plan.read(source, field_map, advance):
                    sink.send(*op)
                advance(source.size - (done_bytes - before))
            for doc_id in plan.deletions():
                sink.send("delete", doc_id, None, "")
            if progress:
                progress("writing", 0, 0)
            sink.finish()
        except BaseException:
            sink.abort()
            raise
        if new_manifest is not None or target.manifest.get("building"):
            finished = {k: v for k, v in (new_manifest or target.manifest).items() if k != "building"}
            engine.switch_generation(root, finished)
        engine.write_ingest_state(root, plan.state())


def _readable_index(root: Path) -> engine.WartaIndex | None:
    """The index at *root*, or None when there is none or it cannot be read (a rebuild replaces it)."""
    if not engine.index_exists(root):
        return None
    try:
        return engine.open_index(root, writing=True)  # this run holds the lock, even if it was being built
    except IndexUnreadableError:
        return None


class _Planner:
    """Compares the corpus with the index and produces write operations."""

    def __init__(
        self,
        files: list[SourceFile],
        roots: list[Path],
        indexed: dict[str, engine.IndexedDoc],
        report: IngestReport,
        state_before: dict[str, dict[str, str]],
        unlisted: Iterable[str] = (),
        read_all: bool = False,
    ) -> None:
        self.files = files
        self.read_all = read_all  # `warta check`: read unchanged files too, trusting no signature
        self.roots = [root_key(r) for r in roots]  # as the keys of the files found under them
        self.unlisted = list(unlisted)  # folders that could not be listed: nothing under them is deleted
        self.run_keys = {f.key for f in files}
        self.indexed = indexed
        self.report = report
        self.failed_before = state_before["failed"]
        self.verified_before = state_before["verified"]
        self.pending_before = state_before["pending"]  # read by a run that did not finish
        self.read_cleanly: dict[str, str] = {}  # files read this run without failure
        self.seen: dict[str, str] = {}  # id -> file key where it was found this run
        # file key -> record numbers that failed this run (None: the whole file)
        self.failed: dict[str, set[int] | None] = {}
        self.failed_sigs: dict[str, str] = {}
        self.by_file: dict[str, list[str]] = {}
        for doc_id, info in indexed.items():
            self.by_file.setdefault(info.file_key, []).append(doc_id)

    def files_to_read(self) -> list[SourceFile]:
        """The files that may have changed; the others count as unchanged without reading.

        A file that had failures last time is read again, so that they are
        reported again until they are fixed; so is a file that a run which did
        not finish (killed, interrupted) was reading.  With ``read_all`` every
        file is returned, the unchanged ones still claiming their ids first, as
        in ingest.
        """
        to_read = []
        for source in self.files:
            ids = self.by_file.get(source.key, [])
            unchanged = ids and (
                self.verified_before.get(source.key) == source.signature
                or all(self.indexed[i].file_sig == source.signature for i in ids)
            )
            if unchanged and source.key not in self.failed_before and source.key not in self.pending_before:
                for doc_id in ids:
                    self.seen.setdefault(doc_id, source.key)
                if not self.read_all:
                    self.report.unchanged += len(ids)
                    continue
            to_read.append(source)
        return to_read

    def read(
        self, source: SourceFile, field_map: Mapping[str, str] | None, advance: Callable[[int], None]
    ) -> Iterable[tuple[str, str, Article | None, str]]:
        if source.key not in self.failed:
            self.read_cleanly[source.key] = source.signature  # withdrawn by _fail
        if self.read_all:  # taken as unchanged above, it owns only what it is seen to hold now
            for doc_id in self.by_file.get(source.key, ()):
                if self.seen.get(doc_id) == source.key:
                    del self.seen[doc_id]
        for item in read_file(source, field_map, advance):
            if isinstance(item, Failure):
                self._fail(source, item)
                continue
            if isinstance(item, Notice):
                self.report.notices.append(item)
                continue
            doc_id = self._unique_id(item, source)
            if doc_id is None:
                continue
            item.id = doc_id
            self.seen[doc_id] = source.key
            old = self.indexed.get(doc_id)
            where = source.key + "\0" + source.signature
            if old is None:
                self.report.added += 1
                yield ("add", doc_id, item, where)
            elif old.content_hash != item.content_hash() or old.file_key != source.key:
                self.report.updated += 1
                yield ("replace", doc_id, item, where)
            else:
                # Same content.  If only the file's time changed, it will be read
                # again next run: cheaper than rewriting its articles now.
                self.report.unchanged += 1

    def _fail(self, source: SourceFile, failure: Failure) -> None:
        self.report.failures.append(failure)
        self.read_cleanly.pop(source.key, None)
        self.failed_sigs[source.key] = source.signature
        records = self.failed.get(source.key, set())
        if records is not None and failure.record is not None:
            records.add(failure.record)
            self.failed[source.key] = records
        else:
            self.failed[source.key] = None

    def _owner_elsewhere(self, doc_id: str, source: SourceFile) -> str | None:
        """The file, other than *source*, that holds *doc_id* (this run, or indexed and still there)."""
        seen = self.seen.get(doc_id)
        if seen is not None:
            return seen if seen != source.key else None
        old = self.indexed.get(doc_id)
        if old is None or old.file_key == source.key or old.file_key in self.run_keys:
            # a file read in this run owns only what it is seen to hold now
            return None
        return old.file_key if os.path.exists(old.file_key) else None

    def _unique_id(self, item: Article, source: SourceFile) -> str | None:
        """The id to index *item* under, or None (and a failure) when it is taken.

        An id made from a file name (``x.txt``, ``data.csv#3``) that another
        file already uses is prefixed with the name of the folder given to
        ingest (``c2/x.txt``), so same-named files of two folders both count.
        An id read from the data names one article: a second record with it
        is reported, not indexed.
        """
        owner = self._owner_elsewhere(item.id, source)
        if owner is None:
            return item.id
        if item.generated_id:
            prefixed = f"{source.root_name}/{item.id}"
            if self._owner_elsewhere(prefixed, source) is None:
                return prefixed
        shown = display_path(owner)
        self._fail(
            source,
            Failure(source.display, f"duplicate id {item.id!r} (already in {shown})", item.line, item.record),
        )
        return None

    def deletions(self) -> list[str]:
        """Indexed articles whose file is gone, or was read and no longer holds them.

        What a failed file or record held before is kept: a broken line is no
        reason to lose the article it used to be.
        """
        gone = []
        for doc_id, info in self.indexed.items():
            if doc_id in self.seen:
                continue
            key = info.file_key
            if key in self.failed:
                records = self.failed[key]
                if records is None or info.record is None or info.record in records:
                    continue
            if self._in_roots(key) and not _under(key, self.unlisted):
                gone.append(doc_id)
        self.report.deleted = len(gone)
        return gone

    def state(self, pending: Iterable[SourceFile] = ()) -> dict[str, dict[str, str]]:
        """What to remember for the next run (see `engine.read_ingest_state`).

        Entries for files outside this run's folders are kept as they were.
        *pending*: the files this run is about to read, remembered before
        anything is written and forgotten once the run has committed.
        """

        def elsewhere(entries: dict[str, str]) -> dict[str, str]:
            return {k: v for k, v in entries.items() if not self._in_roots(k) and os.path.exists(k)}

        verified = {**elsewhere(self.verified_before), **self.read_cleanly}
        for source in self.files:  # not read because unchanged: still verified
            if source.key in self.verified_before and source.key not in self.failed_sigs:
                verified.setdefault(source.key, self.verified_before[source.key])
        return {
            "verified": verified,
            "failed": {**elsewhere(self.failed_before), **self.failed_sigs},
            "pending": {**elsewhere(self.pending_before), **{s.key: s.signature for s in pending}},
        }

    def _in_roots(self, key: str) -> bool:
        return _under(key, self.roots)


def _under(key: str, folders: Iterable[str]) -> bool:
    """Whether the file *key* is one of *folders* or inside one of them."""
    return any(key == r or key.startswith(r.rstrip(os.sep) + os.sep) for r in folders)


def _apply(writer: engine.ShardWriter, op: str, doc_id: str, article: Article | None, where: str) -> None:
    if op == "delete":
        writer.delete(doc_id)
        return
    file_key, _, file_sig = where.partition("\0")
    assert article is not None
    writer.add(engine.prepare_document(article, file_key, file_sig), replace=op == "replace")


class _InlineSink:
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


class _ParallelSink:
    """Sends operations in batches to one worker process per shard."""

    def __init__(self, index: engine.WartaIndex) -> None:
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.count = index.shard_count
        self.outbox = ctx.Queue()
        self.inboxes = [ctx.Queue(maxsize=16) for _ in range(self.count)]
        self.pending: list[list[tuple[str, str, Article | None, str]]] = [[] for _ in range(self.count)]
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
