"""Ingest: bring an index up to date with a corpus, and never lose what it had committed.

Under the index's write lock: open the index (or create its first
generation), plan what changed (`planner.Planner`), mark the files about to
be read as pending, send the operations to the shard writers
(`workers`), commit, then remember what was read.  A rebuild writes a new
generation beside the old one and switches to it when complete; a first
build is current from its start and marked as being built until it ends.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import engine, requests
from ..corpus import discover
from ..errors import IndexUnreadableError, IndexWriteError, IngestInterruptedError, WartaError
from ..model import Discovery, IndexedDoc, IngestReport, ProgressCallback
from .planner import Planner
from .workers import InlineSink, ParallelSink

# What writes the shards (`workers.InlineSink`, `workers.ParallelSink`, a cluster's), made for an index.
SinkMaker = Callable[[engine.WartaIndex, ProgressCallback | None], Any]

# How often the workers' progress is taken in while reading, in seconds.
POLL_SECONDS = 0.1

# Below this much text to (re)read, workers are not worth their start-up.
PARALLEL_THRESHOLD_BYTES = 2_000_000


def ingest(
    paths: Iterable[str | os.PathLike[str]] = ("corpus",),
    index_dir: str | os.PathLike[str] = "index",
    *,
    rebuild: bool = False,
    field_map: Mapping[str, str] | None = None,
    exclude: Sequence[str] = (),
    workers: bool | None = None,
    shards: int = engine.DEFAULT_SHARDS,
    progress: ProgressCallback | None = None,
    wait: float = 0.0,
    sink: SinkMaker | None = None,
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
        e.g. ``{"body": "isi"}``.  When it differs from the last ingest's,
        every file is read again.
    exclude:
        Gitignore patterns of files to leave out, relative to each folder in
        *paths*, besides its ``.wartaignore`` and the README, licence and
        changelog files left out by default (`corpus.exclusions`).
    workers:
        Force (``True``) or forbid (``False``) worker processes; by default they
        are used when there is enough text to read.
    shards:
        Number of shards when a new index is created.
    progress:
        Called as (stage, done, total) while the work advances (`ProgressCallback`):
        ("reading", bytes whose articles are written, bytes to read), then
        ("saving", postings written, postings to write) as the shards are
        saved, and ("merging", segments merged, segments to merge) when small
        segments are merged.
    wait:
        Seconds to wait for another ingest of the same index to finish before
        giving up with `IndexLockedError` (0: give up at once).
    sink:
        Makes what writes the shards, given the index and a progress callback:
        by default this process or one worker process per shard (`workers`);
        ``warta.cluster.ingest.cluster_sink(cluster)`` writes them on a Dask cluster.
    """
    started = time.perf_counter()
    requests.check_ingest_options(shards=shards, wait=wait, field_map=field_map, exclude=exclude)
    root = Path(index_dir)
    paths = [Path(p) for p in paths]
    exclude = list(exclude)
    found = discover(paths, exclude)
    report = IngestReport(
        skipped_files=found.skipped,
        failures=list(found.failures),
        notices=list(found.notices),
        excluded=dict(found.excluded),
    )
    try:
        _update(
            root, paths, found, report, rebuild, field_map, exclude, workers, shards, progress, wait, sink
        )
    except OSError as err:  # writing, not reading: corpus files that cannot be read are failures
        raise IndexWriteError(
            f"cannot write the index at {root} ({err.strerror or err}); "
            "what it had committed is kept: free some space (or fix the folder) and run ingest again"
        ) from None
    except KeyboardInterrupt:
        again = engine.ingest_command(
            root, rebuild=rebuild, paths=paths, field_map=field_map, exclude=exclude
        )
        raise IngestInterruptedError(f"{_kept(root, rebuild)}; finish it with: {again}") from None
    report.seconds = time.perf_counter() - started
    return report


def _update(
    root: Path,
    paths: list[Path],
    found: Discovery,
    report: IngestReport,
    rebuild: bool,
    field_map: Mapping[str, str] | None,
    exclude: list[str],
    workers: bool | None,
    shards: int,
    progress: ProgressCallback | None,
    wait: float,
    make_sink: SinkMaker | None = None,
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
            indexed: dict[str, IndexedDoc] = {}
        else:
            target = current
            indexed = current.inventory()
            engine.remove_unlisted_shards(root, current.manifest)  # left by a rebuild that was killed
        state = engine.read_ingest_state(root)
        # records read with other fields (--field) make other articles: every file is read again
        recorded = engine.recorded_roots(state)
        fields_now = dict(field_map or {})
        reread = bool(indexed) and any(
            recorded[key][0] != fields_now for key in map(os.path.abspath, paths) if key in recorded
        )
        plan = Planner(files, paths, indexed, report, state, found.unlisted, read_all=reread)
        to_read = plan.files_to_read()
        # Shards commit one by one, and a long ingest commits as it goes: were
        # this run killed half-way, a file whose articles reached one shard but
        # not the other would look unchanged next time.  Marking what is about
        # to be read as pending makes the next run read it again.
        # (a folder keeps the options it was read with until this run completes: a run stopped
        # half-way with another field map reads it all again)
        kept = engine.corpus_settings(state, paths, field_map, exclude, keep=True)
        engine.write_ingest_state(root, plan.state(pending=to_read) | {"settings": kept})
        total_bytes = sum(f.size for f in to_read)
        use_workers = workers if workers is not None else total_bytes >= PARALLEL_THRESHOLD_BYTES
        tracker = _Progress(progress, total_bytes)
        parallel = use_workers and target.shard_count > 1
        if make_sink is not None:
            sink = make_sink(target, tracker.sink)
        else:
            sink = ParallelSink(target, tracker.sink) if parallel else InlineSink(target, tracker.sink)
        tracker.pending = lambda: sink.pending_weight
        try:
            for source in to_read:
                before = tracker.read
                for op in plan.read(source, field_map, tracker.advance):
                    sink.send(*op, weight=tracker.take_weight())
                    tracker.poll(sink)
                tracker.advance(source.size - (tracker.read - before))
                sink.carry(tracker.take_weight())  # the bytes after the file's last article
                tracker.report_reading()
            for doc_id in plan.deletions():
                sink.send("delete", doc_id, None, "")
            sink.finish()
        except BaseException:
            sink.abort()
            raise
        if new_manifest is not None or target.manifest.get("building"):
            finished = {k: v for k, v in (new_manifest or target.manifest).items() if k != "building"}
            engine.switch_generation(root, finished)
        settings = engine.corpus_settings(state, paths, field_map, exclude)
        engine.write_ingest_state(root, plan.state() | {"settings": settings})
        # the words typo correction draws on, as the index now has them (nothing to do when unchanged)
        engine.refresh_words(engine.open_index(root))


def _kept(root: Path, rebuild: bool) -> str:
    """What an ingest stopped half-way leaves: the index as it was last committed."""
    try:
        index = engine.open_index(root, writing=True)
        count = index.doc_count()
    except WartaError:
        return f"ingest stopped: the index at {root} keeps its last commit"
    if rebuild:
        return f"ingest stopped: the index at {root} is as it was, {count} articles (the rebuild is dropped)"
    return f"ingest stopped: the index at {root} keeps what was committed, {count} articles"


def _readable_index(root: Path) -> engine.WartaIndex | None:
    """The index at *root*, or None when there is none or it cannot be read (a rebuild replaces it)."""
    if not engine.index_exists(root):
        return None
    try:
        return engine.open_index(root, writing=True)  # this run holds the lock, even if it was being built
    except IndexUnreadableError:
        return None


class _Progress:
    """Turns what the reader and the shard writers report into the stages of `ProgressCallback`.

    Reading counts bytes once the articles read from them are written: each
    operation sent carries the bytes read since the one before, done when
    its article is; the bytes after a file's last article (all of a file
    read whole) are carried by the next batch of each shard, done once the
    articles sent before them are.  So the bar reaches its end when the work does, not when the last
    file has been read while the workers still have a backlog.
    """

    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.read = 0  # bytes read
        self.weighed = 0  # bytes read that an operation or a batch carries
        self.pending: Callable[[], int] = lambda: 0  # bytes sent whose articles are not written
        self.last_poll = 0.0
        self.reading_done = False
        self.held: tuple[str, int, int] | None = None  # the last saving report, while reading goes on

    def advance(self, nbytes: int) -> None:
        self.read += nbytes

    def take_weight(self) -> int:
        """The bytes read since the last operation was sent, which the next one carries."""
        weight, self.weighed = self.read - self.weighed, self.read
        return weight

    def poll(self, sink: InlineSink | ParallelSink) -> None:
        now = time.monotonic()
        if self.progress and now - self.last_poll >= POLL_SECONDS:
            self.last_poll = now
            sink.poll()
            self.report_reading()  # (in-process, nothing else moves the bar within a file)

    def sink(self, stage: str, done: int, total: int) -> None:
        if stage == "analysed":
            self.report_reading()
        elif self.reading_done:
            self._report(stage, done, total)
        else:  # one shard saves while another still analyses: said once reading is over
            self.held = (stage, done, total)

    def report_reading(self) -> None:
        done = max(0, min(self.weighed, self.total) - self.pending())
        self._report("reading", done, self.total)
        if done == self.total and not self.reading_done:
            self.reading_done = True
            if self.held:
                self._report(*self.held)

    def _report(self, stage: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(stage, done, total)
