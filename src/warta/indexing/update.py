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

from .. import engine, requests
from ..corpus import discover
from ..errors import IndexUnreadableError, IndexWriteError
from ..model import Discovery, IndexedDoc, IngestReport
from .planner import Planner
from .workers import InlineSink, ParallelSink

# Called as (stage, done, total): stage "reading" counts bytes of the files to
# read; "writing" (done = total = 0) marks the final commit of the shards.
ProgressCallback = Callable[[str, int, int], None]

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
        Called with ("reading", bytes read, bytes to read) as reading advances,
        then once with ("writing", 0, 0) before the shards are committed.
    wait:
        Seconds to wait for another ingest of the same index to finish before
        giving up with `IndexLockedError` (0: give up at once).
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
        settings = engine.corpus_settings(paths, field_map, exclude)
        _update(root, paths, found, report, rebuild, field_map, settings, workers, shards, progress, wait)
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
    settings: dict[str, str],
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
            indexed: dict[str, IndexedDoc] = {}
        else:
            target = current
            indexed = current.inventory()
            engine.remove_unlisted_shards(root, current.manifest)  # left by a rebuild that was killed
        state = engine.read_ingest_state(root)
        # records read with other fields (--field) make other articles: every file is read again
        last_fields = state["settings"].get("fields", settings["fields"])
        reread = bool(indexed) and last_fields != settings["fields"]
        plan = Planner(files, paths, indexed, report, state, found.unlisted, read_all=reread)
        to_read = plan.files_to_read()
        # Shards commit one by one, and a long ingest commits as it goes: were
        # this run killed half-way, a file whose articles reached one shard but
        # not the other would look unchanged next time.  Marking what is about
        # to be read as pending makes the next run read it again.
        # (the last field map is kept until this run completes: a run stopped half-way reads all again)
        pending = plan.state(pending=to_read) | {"settings": settings | {"fields": last_fields}}
        engine.write_ingest_state(root, pending)
        total_bytes = sum(f.size for f in to_read)
        use_workers = workers if workers is not None else total_bytes >= PARALLEL_THRESHOLD_BYTES
        sink = ParallelSink(target) if use_workers and target.shard_count > 1 else InlineSink(target)
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
        engine.write_ingest_state(root, plan.state() | {"settings": settings})


def _readable_index(root: Path) -> engine.WartaIndex | None:
    """The index at *root*, or None when there is none or it cannot be read (a rebuild replaces it)."""
    if not engine.index_exists(root):
        return None
    try:
        return engine.open_index(root, writing=True)  # this run holds the lock, even if it was being built
    except IndexUnreadableError:
        return None
