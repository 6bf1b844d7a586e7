"""Checking an index: is it sound, and is it up to date with its corpus?

Two questions, answered in this order:

1. Can everything the index holds be read back, and does it agree with
   itself?  (`engine.verify_index`: manifest and format version, shards,
   every stored article, column and posting list.)  An index that fails here
   must be rebuilt; comparing it with the corpus would only list as missing
   what could not be read.
2. Given the folders and files it was built from, which articles are missing
   from it, stale in it (their record changed) or gone from the corpus?  The
   answer comes from ingest's own planner, so that check and ingest agree on
   every id (made-up ids, ids prefixed with their folder, duplicates), with
   one difference: every file is read.  Ingest trusts a file whose size and
   modification time are unchanged; check must not, since what it is for is
   finding what a crash, a disk fault or a hand edit left behind.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import engine, requests
from ..corpus import discover, display_path
from ..errors import IndexMissingError, UsageError
from ..model import CheckReport, Discovery, Discrepancy, IndexHealth, IngestReport, ProgressCallback
from .planner import Planner  # the same decisions as ingest


def check_index(
    index_dir: str | os.PathLike[str] = "index",
    paths: Iterable[str | os.PathLike[str]] = (),
    field_map: Mapping[str, str] | None = None,
    exclude: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    verify_shards: Any = None,
) -> CheckReport:
    """Verify the index at *index_dir* and, given *paths*, compare it with that corpus.

    Parameters
    ----------
    index_dir:
        The index folder.
    paths:
        The folders and files the index was built from (as given to ingest);
        none: only the index itself is verified.
    field_map:
        The ``--field`` overrides given to ingest, so that records are read
        (and their ids made) the same way; None: those the last ingest of
        these paths was given (kept in the index's ingest state).
    exclude:
        The ``--exclude`` patterns given to ingest, so that the same files are
        left out; None: those the last ingest of these paths was given.
    progress:
        Called as ("verifying", articles and terms read, to read) while the
        index is read back, then ("comparing", bytes read, bytes to read)
        while the corpus is read.
    verify_shards:
        Reads the shards back where they are open: ``warta.cluster.check.cluster_verifier(cluster)``
        on a Dask cluster's workers, all at once (`engine.integrity.verify_index`).

    Raises `IndexMissingError` when there is no index (and `UsageError` when
    a path does not exist, or when options are not given and the paths were
    ingested with different ones); damage is reported in the result, not raised.
    """
    paths = [Path(p) for p in paths]
    if paths and (field_map is None or exclude is None):
        fields_then, exclude_then = _recorded_options(Path(index_dir), paths)
        field_map = fields_then if field_map is None else field_map
        exclude = exclude_then if exclude is None else exclude
    field_map = requests.check_field_map(field_map)
    exclude = requests.check_exclude(exclude or ())
    found = discover(paths, exclude) if paths else None  # a mistyped path is a usage error, found first
    try:
        health = engine.verify_index(index_dir, progress, verify_shards)
    except IndexMissingError:
        if not paths:
            raise
        build = engine.ingest_command(Path(index_dir), paths=paths, field_map=field_map, exclude=exclude)
        raise IndexMissingError(f"no index at {index_dir}/; build one with: {build}") from None
    report = CheckReport(
        index=str(index_dir),
        opened=health.opened,
        shards=health.shards,
        articles=health.articles,
        problems=health.problems,
        paths=[str(p) for p in paths],
        incomplete=health.incomplete,
    )
    if found is not None and health.sound:
        _compare(report, health, found, paths, field_map, progress)
    if report.damaged or report.unchanged_files or report.out_of_date or report.incomplete:
        # a damaged index, or unchanged files that differ from what was indexed from them (an
        # update would take them as read and leave their articles as they are): a rebuild
        rebuild = report.damaged or bool(report.unchanged_files)
        report.remedy = engine.ingest_command(
            Path(index_dir), rebuild=rebuild, paths=paths, field_map=field_map, exclude=exclude
        )
    return report


def _recorded_options(root: Path, paths: list[Path]) -> tuple[dict[str, str], list[str]]:
    """The field map and exclusions *paths* were last ingested with (none for paths never ingested)."""
    recorded = engine.recorded_roots(engine.read_ingest_state(root))
    options = {
        json.dumps(recorded[key], sort_keys=True): recorded[key]
        for key in map(os.path.abspath, paths)
        if key in recorded
    }
    if len(options) > 1:
        raise UsageError(
            "these paths were ingested with different --field or --exclude options; "
            "check them one at a time, or give the options to compare with"
        )
    fields, patterns = next(iter(options.values()), ({}, []))
    return dict(fields), list(patterns)


def _compare(
    report: CheckReport,
    health: IndexHealth,
    found: Discovery,
    paths: list[Path],
    field_map: Mapping[str, str] | None,
    progress: ProgressCallback | None,
) -> None:
    """Fill in what the corpus holds that the index lacks or has stale, and what it should no longer have."""
    planned = IngestReport(skipped_files=found.skipped, failures=list(found.failures))
    state = engine.read_ingest_state(health.root)
    plan = Planner(found.files, paths, health.inventory, planned, state, found.unlisted, read_all=True)
    to_read = plan.files_to_read()
    # The files ingest would skip as unchanged: they have claimed their ids already.
    trusted = set(plan.seen.values())
    unchanged: set[str] = set()
    total = sum(source.size for source in to_read)
    done = 0

    def advance(nbytes: int) -> None:
        nonlocal done
        done += nbytes
        if progress:
            progress("comparing", min(done, total), total)

    for source in to_read:
        before = done
        for op, doc_id, _article, _where in plan.read(source, field_map, advance):
            # "add": no article has that id; "replace": its content or its file changed
            (report.missing if op == "add" else report.stale).append(Discrepancy(doc_id, source.display))
            if source.key in trusted:
                unchanged.add(source.key)
        advance(source.size - (done - before))
    for doc_id in plan.deletions():
        key = health.inventory[doc_id].file_key
        report.gone.append(Discrepancy(doc_id, display_path(key)))
        if key in trusted:
            unchanged.add(key)
    report.unchanged_files = sorted(display_path(key) for key in unchanged)
    report.compared = True
    report.corpus_articles = planned.added + planned.updated + planned.unchanged
    report.unreadable_files = planned.failures
