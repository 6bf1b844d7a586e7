"""Verifying an index: what it stores can be read back and agrees with itself.

Used by ``warta check``.  Whoosh opens segment files lazily and has no
checksums, so damage (a truncated file, a block of zeros, a shard copied
half-way) shows only when the damaged part is read; a search may go on
working for years over an index whose other articles cannot be read.  This
module reads everything that search, show and ingest read, the way they read
it:

* the manifest, whose format version must be one warta reads (5 or 6);
* every shard's folder, table of contents and segment files;
* every live article's stored fields, with the bookkeeping fields ingest
  needs (``id``, ``content_hash``, ``file_key``), and each column value
  (paragraph and quote positions in either format, MinHash signature, facets,
  and the inventory, which must say what the stored fields say);
* every term's posting list, decoded as search decodes it, whose length must
  match the term's entry and whose document numbers must lie in the segment;

and checks that each article sits in the shard its id hashes to, that no id
is stored twice, that looking an id up (as ``show``, and ingest's replace and
delete, do) finds its article and nothing else, and that Whoosh's count of
live articles equals the number read.

Any failure, whatever exception the damaged bytes raise, becomes a one-line
problem.  Failures of one kind in one segment are counted together, so a
shard whose every article is unreadable gives one line, not thousands.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.reading import TermNotFound

from ..errors import IndexUnreadableError
from ..model import IndexedDoc, IndexHealth, ProgressCallback
from .index import inventory_column, open_index, read_manifest, shard_of
from .passages import check_pieces
from .schema import decode_inventory

# The stored fields without which ingest cannot tell whether an article changed.
REQUIRED_FIELDS = ("id", "content_hash", "file_key")
EXAMPLES = 3  # examples quoted in a problem line
ERROR_CHARS = 160  # an exception's message is cut to this many characters


# Reading an index back is reported as ("verifying", articles and terms read, to read): each
# costs about the same (30 us on id-news).
PROGRESS_STEP = 2_000  # articles or terms between two reports


# Reads every shard of an index elsewhere (on a cluster's workers): given the index's folder and its
# shards' names, each shard's findings as `verify_shard` gives them, in the shards' order.
ShardsVerifier = Callable[[Path, list[str]], list[tuple["IndexHealth", dict[str, list[str]]]]]


def verify_index(
    root: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
    verify_shards: ShardsVerifier | None = None,
) -> IndexHealth:
    """Read everything the index at *root* holds and report what cannot be read or does not agree.

    Raises `IndexMissingError` when there is no index at *root* and
    `IndexLockedError` when one is being built there for the first time, as
    `open_index` does; every other failure is a problem in the result.
    *progress* is told how far the reading has got.  *verify_shards* reads
    the shards where they are open (a cluster's workers, `cluster.check`);
    by default they are read here, one after the other.
    """
    root = Path(root)
    try:
        manifest = read_manifest(root)
    except IndexUnreadableError as err:  # unreadable, or written by another format version
        return IndexHealth(root, opened=False, shards=0, articles=0, problems=[str(err)])
    if manifest is None:
        open_index(root)  # raises the error other commands give: no index, or one being built
        raise AssertionError("open_index opened an index without a manifest")  # pragma: no cover
    if manifest.get("building"):
        open_index(root)  # raises IndexLockedError while its first build is running
    names = [str(name) for name in manifest["shards"]]  # type: ignore[attr-defined]
    health = IndexHealth(root, opened=True, shards=len(names), articles=0)
    health.incomplete = bool(manifest.get("building"))
    places: dict[str, list[str]] = {}  # id -> where each copy of it was read
    if verify_shards is not None:
        for found, found_places in verify_shards(root, names):
            health.problems.extend(found.problems)
            health.articles += found.articles
            for doc_id, indexed in found.inventory.items():  # the first shard's copy, as read here
                health.inventory.setdefault(doc_id, indexed)
            for doc_id, where in found_places.items():
                places.setdefault(doc_id, []).extend(where)
    else:
        counter = _Counter(progress, sum(_units(root / name) for name in names) if progress else 0)
        for number, name in enumerate(names):
            _verify_shard(health, root / name, number, names, places, counter)
        counter.finish()
    stored_twice = {doc_id: where for doc_id, where in places.items() if len(where) > 1}
    if stored_twice:
        tally = _Tally()
        for doc_id, where in stored_twice.items():
            tally.add(f"{doc_id!r} in {' and '.join(where)}")
        health.problems.append(
            tally.line(
                "index", "article id is stored more than once", "article ids are stored more than once"
            )
        )
    return health


def verify_shard(
    root: str | os.PathLike[str], number: int, names: list[str]
) -> tuple[IndexHealth, dict[str, list[str]]]:
    """Read back shard *number* of the index at *root* (whose shards are *names*): what it found,
    and where each article id was read (for ids stored in more than one shard)."""
    root = Path(root)
    health = IndexHealth(root, opened=True, shards=len(names), articles=0)
    places: dict[str, list[str]] = {}
    _verify_shard(health, root / names[number], number, names, places, _Counter(None, 0))
    return health, places


def _units(folder: Path) -> int:
    """Articles and terms in a shard: what reading it back reads (0 when it cannot be opened)."""
    try:
        with whoosh_index.open_dir(str(folder)).reader() as reader:
            leaves = [leaf for leaf, _base in reader.leaf_readers()]
            return sum(leaf.doc_count() + sum(1 for _ in leaf.all_terms()) for leaf in leaves)
    except Exception:  # reported as a problem when the shard is read
        return 0


class _Counter:
    """Articles and terms read so far, reported every `PROGRESS_STEP`."""

    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = self.reported = 0

    def add(self, count: int = 1) -> None:
        self.done += count
        if self.progress and self.done - self.reported >= PROGRESS_STEP:
            self.reported = self.done
            self.progress("verifying", min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress:
            self.progress("verifying", self.total, self.total)


class _Tally:
    """Failures of one kind: how many, and the first few as examples."""

    def __init__(self) -> None:
        self.count = 0
        self.examples: list[str] = []

    def add(self, example: str) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(example)

    def line(self, where: str, one: str, many: str) -> str:
        """The problem as one line; *one* and *many* say what is wrong of one thing and of several."""
        head = f"1 {one}" if self.count == 1 else f"{self.count} {many}"
        more = f"; … {self.count - len(self.examples)} more" if self.count > len(self.examples) else ""
        return f"{where}: {head} ({'; '.join(self.examples)}{more})"


def _describe(err: BaseException) -> str:
    """An exception as one short line."""
    kind = type(err).__name__
    if kind == "error":  # zlib.error, struct.error: the module says what failed
        kind = f"{type(err).__module__}.{kind}"
    text = " ".join(f"{kind}: {err}".split())
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 1] + "…"


def _verify_shard(
    health: IndexHealth,
    folder: Path,
    number: int,
    names: list[str],
    places: dict[str, list[str]],
    counter: _Counter,
) -> None:
    name = folder.name
    where = f"shard {name}"
    if not folder.is_dir():
        health.problems.append(f"{where}: the shard's folder is missing")
        return
    # Damaged bytes raise whatever the decoder they reach raises (struct.error,
    # EOFError, UnpicklingError, ValueError, KeyError, MemoryError...): every
    # exception from Whoosh's reading is a finding here, not a crash of check.
    try:
        shard = whoosh_index.open_dir(str(folder))
        expected = shard.doc_count()
    except Exception as err:
        health.problems.append(f"{where}: cannot be opened ({_describe(err)})")
        return
    try:
        reader = shard.reader()  # opens every segment file
    except Exception as err:
        health.problems.append(f"{where}: cannot be read ({_describe(err)})")
        return
    read = 0
    unreadable = 0
    with reader:
        leaves = [leaf for leaf, _base in reader.leaf_readers() if leaf.doc_count_all()]
        for leaf in leaves:
            segment = f"{where}, segment {leaf.segment().segment_id()}" if len(leaves) > 1 else where
            ok, failed = _verify_segment(health, leaf, segment, number, names, places, counter)
            read += ok
            unreadable += failed
    health.articles += read
    if not unreadable and read != expected:
        # (when some articles could not be read, that problem already explains the difference)
        health.problems.append(f"{where}: Whoosh counts {expected} live articles, {read} were read")


def _verify_segment(
    health: IndexHealth,
    leaf: Any,
    where: str,
    number: int,
    names: list[str],
    places: dict[str, list[str]],
    counter: _Counter,
) -> tuple[int, int]:
    """Check one segment's articles, columns and terms; (articles read whole, articles unreadable)."""
    unreadable, incomplete, misplaced, unfindable = _Tally(), _Tally(), _Tally(), _Tally()
    disagreeing = _Tally()
    inventory = _inventory_column(leaf, where, health)
    read = 0
    live: list[int] = []
    try:
        for docnum in range(leaf.doc_count_all()):
            if not leaf.is_deleted(docnum):
                live.append(docnum)
    except Exception as err:
        health.problems.append(f"{where}: the list of deleted articles cannot be read ({_describe(err)})")
        return 0, 1
    for docnum in live:
        counter.add()
        try:
            stored = leaf.stored_fields(docnum)
        except Exception as err:
            unreadable.add(f"document {docnum}: {_describe(err)}")
            continue
        lacking = [
            name for name in REQUIRED_FIELDS if not isinstance(stored.get(name), str) or not stored[name]
        ]
        if lacking:
            incomplete.add(f"document {docnum} {stored.get('id')!r}: no {', '.join(lacking)}")
            if "id" in lacking:
                continue
        doc_id = stored["id"]
        read += 1
        places.setdefault(doc_id, []).append(f"{names[number]} document {docnum}")
        health.inventory.setdefault(doc_id, IndexedDoc.from_stored(stored))
        if inventory is not None:
            _check_inventory(inventory, docnum, doc_id, stored, disagreeing)
        home = shard_of(doc_id, len(names))
        if home != number:
            misplaced.add(f"{doc_id!r} belongs in {names[home]}")
        try:
            found = list(leaf.postings("id", doc_id).all_ids())
        except TermNotFound:
            found = []
        except Exception as err:
            unfindable.add(f"{doc_id!r}: looking it up fails ({_describe(err)})")
            continue
        if found != [docnum]:
            unfindable.add(f"{doc_id!r}: its id finds documents {found}, not document {docnum}")
    for tally, one, many in (
        (unreadable, "article cannot be read", "articles cannot be read"),
        (incomplete, "article lacks bookkeeping fields", "articles lack bookkeeping fields"),
        (misplaced, "article is in the wrong shard", "articles are in the wrong shard"),
        (unfindable, "article is not found by its id", "articles are not found by their ids"),
        (
            disagreeing,
            "article's inventory entry disagrees with its stored fields",
            "articles' inventory entries disagree with their stored fields",
        ),
    ):
        if tally.count:
            health.problems.append(tally.line(where, one, many))
    _verify_columns(health, leaf, where, live)
    _verify_terms(health, leaf, where, counter)
    return read, unreadable.count


def _inventory_column(leaf: Any, where: str, health: IndexHealth) -> Any:
    """The segment's ``inventory`` column (what incremental ingest reads); None in a segment
    written before it, or one that cannot be opened (said in *health*)."""
    try:
        return inventory_column(leaf)
    except Exception as err:
        health.problems.append(f"{where}: the inventory column cannot be opened ({_describe(err)})")
        return None


def _check_inventory(column: Any, docnum: int, doc_id: str, stored: dict[str, Any], tally: _Tally) -> None:
    """Whether the inventory column says what the stored fields say of the article."""
    try:
        read = decode_inventory(column[docnum])
    except Exception as err:
        tally.add(f"document {docnum} {doc_id!r}: {_describe(err)}")
        return
    if read != (doc_id, IndexedDoc.from_stored(stored)):
        tally.add(f"document {docnum} {doc_id!r}: the inventory has {read}")


def _verify_columns(health: IndexHealth, leaf: Any, where: str, live: list[int]) -> None:
    """Read each live article's value in every column the segment has (pieces must be readable)."""
    schema = leaf.schema
    for name in schema.names():
        if not schema[name].column_type or not leaf.has_column(name):
            continue
        tally = _Tally()
        try:
            column = leaf.column_reader(name, translate=False)
        except Exception as err:
            health.problems.append(f"{where}: the {name} column cannot be opened ({_describe(err)})")
            continue
        for docnum in live:
            try:
                value = column[docnum]
                if name == "pieces" and value:
                    check_pieces(value)
            except Exception as err:
                tally.add(f"document {docnum}: {_describe(err)}")
        if tally.count:
            health.problems.append(
                tally.line(
                    where, f"article's {name} value cannot be read", f"articles' {name} values cannot be read"
                )
            )


def _verify_terms(health: IndexHealth, leaf: Any, where: str, counter: _Counter) -> None:
    """Decode every term's posting list as search does and check it against the term's entry."""
    from .array_scoring import decode_postings  # search's own decoder: what it reads, check reads

    size = leaf.doc_count_all()
    broken = _Tally()
    terms = 0
    entries: Iterator[tuple[tuple[str, bytes], Any]] = iter(leaf)
    while True:
        try:
            (fieldname, tbytes), info = next(entries)
        except StopIteration:
            break
        except Exception as err:
            health.problems.append(
                f"{where}: the term table cannot be read after {terms} terms ({_describe(err)})"
            )
            break
        terms += 1
        counter.add()
        shown = f"{fieldname}:{tbytes[:40].decode('utf-8', 'replace')!r}"
        try:
            ids = decode_postings(leaf, fieldname, tbytes).ids
            listed = info.doc_frequency()
        except Exception as err:
            broken.add(f"{shown}: {_describe(err)}")
            continue
        if len(ids) != listed:
            broken.add(f"{shown}: {len(ids)} postings, its entry says {listed}")
        elif len(ids) and (ids[0] < 0 or ids[-1] >= size or (len(ids) > 1 and (ids[1:] <= ids[:-1]).any())):
            broken.add(f"{shown}: document numbers out of order or past the segment's {size}")
    if broken.count:
        health.problems.append(
            broken.line(where, "term's posting list is damaged", "terms' posting lists are damaged")
        )
