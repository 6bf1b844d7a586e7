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

import os
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import engine
from .errors import EXIT_INDEX_UNAVAILABLE, EXIT_NO_RESULTS, EXIT_OK
from .ingestion import _Planner  # shared on purpose: the same decisions as ingest
from .model import Failure, IngestReport
from .readers import Discovery, discover, display_path


@dataclass(slots=True, frozen=True)
class Discrepancy:
    """An article the index and the corpus disagree about."""

    id: str
    path: str  # its file, as messages name files: relative to the working folder when inside it

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "path": self.path}


@dataclass(slots=True)
class CheckReport:
    """What `check_index` found."""

    index: str  # the index folder
    opened: bool  # the manifest was readable and of the current format version
    shards: int
    articles: int  # live articles read back whole
    problems: list[str] = field(default_factory=list)  # damage, one line each
    paths: list[str] = field(default_factory=list)  # the corpus folders and files compared with
    compared: bool = False  # the index was compared with *paths* (only when it is sound)
    corpus_articles: int = 0  # articles read from *paths*
    missing: list[Discrepancy] = field(default_factory=list)  # in the corpus, not in the index
    stale: list[Discrepancy] = field(default_factory=list)  # indexed, but changed in the corpus
    gone: list[Discrepancy] = field(default_factory=list)  # indexed from *paths*, no longer there
    unreadable_files: list[Failure] = field(default_factory=list)  # as ingest reports them
    # Files holding missing, stale or gone articles that an update would not read,
    # because their size and modification time are what ingest recorded.
    unchanged_files: list[str] = field(default_factory=list)
    remedy: str | None = None  # the command that puts things right, when one does
    incomplete: bool = False  # the ingest that first built the index stopped before finishing

    @property
    def damaged(self) -> bool:
        return bool(self.problems)

    @property
    def out_of_date(self) -> bool:
        return bool(self.missing or self.stale or self.gone)

    @property
    def ok(self) -> bool:
        return not (self.damaged or self.out_of_date or self.unreadable_files or self.incomplete)

    @property
    def exit_code(self) -> int:
        """3 damaged (rebuild), 1 sound but out of date or with unreadable input, 0 all well."""
        if self.damaged:
            return EXIT_INDEX_UNAVAILABLE
        return EXIT_OK if self.ok else EXIT_NO_RESULTS

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "index": self.index,
            "articles": self.articles,
            "shards": self.shards,
            "problems": self.problems,
            "paths": self.paths,
            "compared": self.compared,
            "corpus_articles": self.corpus_articles,
            "missing": [d.to_dict() for d in self.missing],
            "stale": [d.to_dict() for d in self.stale],
            "gone": [d.to_dict() for d in self.gone],
            "unreadable_files": [f.to_dict() for f in self.unreadable_files],
            "unchanged_files": self.unchanged_files,
            "remedy": self.remedy,
            "incomplete": self.incomplete,
        }


def check_index(
    index_dir: str | os.PathLike[str] = "index",
    paths: Iterable[str | os.PathLike[str]] = (),
    field_map: Mapping[str, str] | None = None,
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
        (and their ids made) the same way.

    Raises `IndexMissingError` when there is no index (and `UsageError` when
    a path does not exist); damage is reported in the result, not raised.
    """
    paths = [Path(p) for p in paths]
    found = discover(paths) if paths else None  # a mistyped path is a usage error, found first
    health = engine.verify_index(index_dir)
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
        _compare(report, health, found, paths, field_map)
    corpus = [str(p) for p in paths]
    if report.damaged or report.unchanged_files:
        # (an update would take the unchanged files as read and leave their articles as they are)
        report.remedy = _command("warta", "ingest", *corpus, "--rebuild", "--index", str(index_dir))
    elif report.out_of_date or report.incomplete:
        report.remedy = _command("warta", "ingest", *(corpus or ["PATHS"]), "--index", str(index_dir))
    return report


def _command(*words: str) -> str:
    return " ".join(shlex.quote(word) for word in words)


def _compare(
    report: CheckReport,
    health: engine.IndexHealth,
    found: Discovery,
    paths: list[Path],
    field_map: Mapping[str, str] | None,
) -> None:
    """Fill in what the corpus holds that the index lacks or has stale, and what it should no longer have."""
    planned = IngestReport(skipped_files=found.skipped, failures=list(found.failures))
    state = engine.read_ingest_state(health.root)
    plan = _Planner(found.files, paths, health.inventory, planned, state, found.unlisted, read_all=True)
    to_read = plan.files_to_read()
    # The files ingest would skip as unchanged: they have claimed their ids already.
    trusted = set(plan.seen.values())
    unchanged: set[str] = set()
    for source in to_read:
        for op, doc_id, _article, _where in plan.read(source, field_map, _no_progress):
            # "add": no article has that id; "replace": its content or its file changed
            (report.missing if op == "add" else report.stale).append(Discrepancy(doc_id, source.display))
            if source.key in trusted:
                unchanged.add(source.key)
    for doc_id in plan.deletions():
        key = health.inventory[doc_id].file_key
        report.gone.append(Discrepancy(doc_id, display_path(key)))
        if key in trusted:
            unchanged.add(key)
    report.unchanged_files = sorted(display_path(key) for key in unchanged)
    report.compared = True
    report.corpus_articles = planned.added + planned.updated + planned.unchanged
    report.unreadable_files = planned.failures


def _no_progress(_nbytes: int) -> None:
    pass  # check shows no progress bar
