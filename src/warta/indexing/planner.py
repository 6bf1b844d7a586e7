"""Deciding what an ingest must do: compare the corpus with the index, file by file and record by record.

`Planner` is shared by ingest, which writes what it decides, and ``warta
check``, which lists it: the two agree on every id (made-up ids, ids
prefixed with their folder, duplicates) because they are the same decisions.

Files whose size and modification time match what was recorded are not
even read, so re-running over an unchanged corpus costs little more than a
walk of the folders and a scan of the index's bookkeeping fields.

Deletions are conservative: an indexed article is deleted only when its file
is gone, or when its file was read without any failure and no longer
contains it.  A file that failed to read keeps what was indexed from it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..corpus import display_path, read_file, root_key
from ..model import Article, Failure, IndexedDoc, IngestReport, Notice, SourceFile

# One decision: ("add" | "replace" | "delete", article id, the article (None to delete),
# its file's key and signature joined by NUL, as the index records them).
Operation = tuple[str, str, Article | None, str]


class Planner:
    """Compares the corpus with the index and produces write operations."""

    def __init__(
        self,
        files: list[SourceFile],
        roots: list[Path],
        indexed: dict[str, IndexedDoc],
        report: IngestReport,
        state_before: dict[str, dict[str, str]],
        unlisted: Iterable[str] = (),
        read_all: bool = False,
    ) -> None:
        self.files = files
        # read unchanged files too, trusting no signature: `warta check`, and an ingest whose
        # field map changed
        self.read_all = read_all
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
        self.read_this_run: set[str] = set()  # keys of the files read so far
        # records whose id a file not read yet had: decided once it is read (file key -> records)
        self.deferred: dict[str, list[tuple[Article, SourceFile]]] = {}
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
    ) -> Iterable[Operation]:
        if source.key not in self.failed:
            self.read_cleanly[source.key] = source.signature  # withdrawn by _fail
        if self.read_all:  # taken as unchanged above, it owns only what it is seen to hold now
            for doc_id in self.by_file.get(source.key, ()):
                if self.seen.get(doc_id) == source.key:
                    del self.seen[doc_id]
        self.read_this_run.add(source.key)
        for item in read_file(source, field_map, advance):
            if isinstance(item, Failure):
                self._fail(source, item)
                continue
            if isinstance(item, Notice):
                self.report.notices.append(item)
                continue
            owner = self._unread_owner(item, source)
            if owner is not None:  # decided once that file is read: does it still hold the id?
                self.deferred.setdefault(owner, []).append((item, source))
                continue
            yield from self._operation(item, source)
        for item, other in self.deferred.pop(source.key, []):
            yield from self._operation(item, other)

    def leftovers(self) -> Iterable[Operation]:
        """The records still waiting for a file that was not read after all (none, as a rule)."""
        for waiting in self.deferred.values():
            for item, source in waiting:
                yield from self._operation(item, source)
        self.deferred.clear()

    def _operation(self, item: Article, source: SourceFile) -> Iterable[Operation]:
        """The operation one record read from *source* needs, under the id it is given."""
        doc_id = self._unique_id(item, source)
        if doc_id is None:
            return
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

    def _unread_owner(self, item: Article, source: SourceFile) -> str | None:
        """The file of this run, not read yet, that had *item*'s id indexed; None when there is none.

        The record waits for it: if that file still holds the id it keeps it,
        and the record is told apart; if not, the id moved, and the record
        takes it.  So ids never depend on the order files are read in.
        """
        if self.seen.get(item.id) is not None:
            return None
        old = self.indexed.get(item.id)
        if old is None or old.file_key == source.key or old.file_key in self.read_this_run:
            return None
        if old.file_key not in self.run_keys or self._indexed_here(self._forms(item, source)[1:], source):
            return None
        return old.file_key

    def _indexed_here(self, forms: list[str], source: SourceFile) -> list[str]:
        """Those of *forms* under which an article of *source* is indexed."""
        return [f for f in forms if (old := self.indexed.get(f)) is not None and old.file_key == source.key]

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
        """The file, other than *source*, that holds *doc_id*: this run, or indexed and still there.

        An id indexed from a file stays that file's while the file is there,
        unless it has been read this run without it (a record that failed to
        read still holds its id): a file added beside it never takes over ids
        it had.
        """
        seen = self.seen.get(doc_id)
        if seen is not None:
            return seen if seen != source.key else None
        old = self.indexed.get(doc_id)
        if old is None or old.file_key == source.key:
            return None
        if old.file_key in self.read_this_run:  # read without it, unless its record failed to read
            return old.file_key if self._kept_by_failure(old) else None
        if old.file_key in self.run_keys:
            return old.file_key
        if self._in_roots(old.file_key):  # gone from this corpus, or left out of it now (--exclude)
            return None
        return old.file_key if os.path.exists(old.file_key) else None  # another corpus's

    def _unique_id(self, item: Article, source: SourceFile) -> str | None:
        """The id to index *item* under, or None (and a failure) when every form of it is taken.

        An id that another file already uses is told apart by the file it
        comes from.  An id made from a file name (``x.txt``, ``data.csv#3``) is
        prefixed with the name of the folder given to ingest (``c2/x.txt``).
        An id read from a record (``41``) is qualified by its file
        (``news-en/NewsArticles.csv#41``), so that two exports numbering their
        rows 1..N both count; the record's own id is kept (`Article.given_id`)
        so that ``warta show 41`` still finds it.  The file that had an id
        first keeps it, and an article keeps the form it was indexed under
        (removing the first file does not rename the second's).
        """
        forms = self._forms(item, source)
        # the form this file's record is indexed under stays its id, whatever else changed
        for form in dict.fromkeys(self._indexed_here(forms, source) + forms):
            if self.seen.get(form) == source.key:
                why = f"id {item.id!r} again: an earlier record of this file has it (an id names one record)"
                self._fail(source, Failure(source.display, why, item.line, item.record))
                return None
            if self._owner_elsewhere(form, source) is None:
                if form != item.id:
                    item.given_id = None if item.generated_id else item.id
                return form
        shown = display_path(self._owner_elsewhere(item.id, source) or "")
        self._fail(
            source,
            Failure(source.display, f"duplicate id {item.id!r} (already in {shown})", item.line, item.record),
        )
        return None

    @staticmethod
    def _forms(item: Article, source: SourceFile) -> list[str]:
        """The ids *item* may take, in order: its own, then told apart by its file."""
        if item.generated_id:
            return [item.id, f"{source.root_name}/{item.id}"]
        qualified = f"{source.rel}#{item.id}"
        return [item.id, qualified, f"{source.root_name}/{qualified}"]

    def _kept_by_failure(self, old: IndexedDoc) -> bool:
        """Whether an indexed article is kept because its file or record failed to read this run."""
        if old.file_key not in self.failed:
            return False
        records = self.failed[old.file_key]
        return records is None or old.record is None or old.record in records

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
            if self._kept_by_failure(info):
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
