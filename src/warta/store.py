"""The index layer: one logical index made of one or more Whoosh shards.

This is the only module that knows Whoosh's on-disk layout.  An index folder
holds a small manifest and one Whoosh index per shard::

    index/
      warta.json        manifest: format version, generation, shard folders
      write.lock        held (flock) by the one process writing, with its PID
      g1-s0/ g1-s1/     the shards of generation 1

Each article lives in exactly one shard, chosen by a stable hash of its id, so
shards can be written in parallel (one process each) and later spread over
machines.  Searching never opens a shard on its own: the segments of every
shard are read through one Whoosh ``MultiReader``, so document frequencies and
field lengths are summed over the whole collection and the BM25F ranking is the
same as that of a single index holding every article.

A rebuild writes a new generation beside the old one and switches the manifest
atomically, so the old index stays searchable until the new one is complete.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.reading import MultiReader

from . import analysis
from .errors import IndexLockedError, IndexMissingError, IndexUnreadableError
from .model import Article

FORMAT_NAME = "warta-index"
FORMAT_VERSION = 1
MANIFEST = "warta.json"
LOCK_FILE = "write.lock"
DEFAULT_SHARDS = 2
# Positions between the title and body in the exact-form field, so that a
# phrase never matches across the end of the title and the start of the body.
TITLE_BODY_GAP = 100


class AnalysedText(fields.TEXT):
    """A TEXT field that also accepts postings computed ahead of time.

    At ingest, worker processes build each article's posting lists directly
    (see `prepare_document`), which is several times faster than Whoosh's
    token-by-token analysis; at query and highlight time the field's analyzer
    is used as usual, so both paths see the same terms.
    """

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, PrecomputedPostings):
            return iter(value.items)
        return super().index(value, **kwargs)


@dataclass(slots=True)
class PrecomputedPostings:
    items: list[tuple[bytes, int, float, bytes]]


class PublicationDate(fields.DATETIME):
    """A date field whose query syntax is the one people write.

    Whoosh's own DATETIME parsing reads ``date:2019-09`` as words and the
    range ``[2019-09-01 to 2019-09-30]`` as the whole of 2019; here a value is
    ``YYYY``, ``YYYY-MM`` or a full date (any form `dates.parse_date` reads),
    and a range runs from the first day of its start to the last of its end.
    """

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> Any:
        return self.parse_range(fieldname, qstring, qstring, False, False, boost)

    def parse_range(
        self, fieldname: str, start: Any, end: Any, startexcl: bool, endexcl: bool, boost: float = 1.0
    ) -> Any:
        from whoosh import query

        from .dates import parse_period

        try:
            first = parse_period(start, end=False) if start else None
            last = parse_period(end, end=True) if end else None
        except ValueError as err:
            return query.error_query(str(err))
        if first is None and last is None:
            return query.Every(fieldname, boost=boost)
        return query.DateRange(
            fieldname,
            dt.datetime.combine(first, dt.time.min) if first else None,
            dt.datetime.combine(last, dt.time.max) if last else None,
            boost=boost,
        )


def _text(stored: bool, analyzer: object) -> AnalysedText:
    field = AnalysedText(stored=stored, analyzer=analyzer)
    # A query word that analysis splits (covid-19) must match as a phrase.
    field.multitoken_query = "phrase"
    return field


def build_schema() -> fields.Schema:
    """The fields of a warta index."""
    keyword = analysis.keyword_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=_text(True, analysis.stem_analyzer()),
        body=_text(True, analysis.stem_analyzer()),
        exact=_text(False, analysis.exact_analyzer()),
        source=fields.TEXT(stored=True, analyzer=keyword, phrase=True),
        category=fields.TEXT(stored=True, analyzer=keyword, phrase=True),
        lang=fields.ID(stored=True),  # lowercased by the reader
        date=PublicationDate(stored=True),
        url=fields.STORED(),
        path=fields.STORED(),
        record=fields.STORED(),
        # Bookkeeping for incremental ingest.
        file_key=fields.STORED(),
        file_sig=fields.STORED(),
        content_hash=fields.STORED(),
    )


def shard_of(doc_id: str, shard_count: int) -> int:
    """The shard an article id belongs to (stable across runs and machines)."""
    return zlib.crc32(doc_id.encode("utf-8", "surrogatepass")) % shard_count


@dataclass(slots=True, frozen=True)
class IndexedDoc:
    """What incremental ingest needs to know about an indexed article."""

    content_hash: str
    file_key: str
    file_sig: str


class WartaIndex:
    """An open logical index (read side).  Use `open_index` or `create_index`."""

    def __init__(self, root: Path, manifest: dict[str, object]) -> None:
        self.root = root
        self.manifest = manifest
        self.generation = int(manifest["generation"])  # type: ignore[call-overload]
        self.shard_dirs = [root / str(name) for name in manifest["shards"]]  # type: ignore[attr-defined]
        try:
            self._shards = [whoosh_index.open_dir(str(d)) for d in self.shard_dirs]
        except Exception as err:  # Whoosh raises many kinds on a damaged index
            raise IndexUnreadableError(
                f"index at {root} cannot be opened ({type(err).__name__}: {err}); "
                f"rebuild it with: warta ingest --rebuild --index {root}"
            ) from None

    @property
    def shard_count(self) -> int:
        return len(self._shards)

    @property
    def schema(self) -> fields.Schema:
        return self._shards[0].schema

    def reader(self) -> MultiReader:
        """One reader over the segments of every shard."""
        leaves = []
        for shard in self._shards:
            r = shard.reader()
            leaves.extend(leaf for leaf, _offset in r.leaf_readers())
        return MultiReader(leaves)

    def searcher(self, weighting: object | None = None) -> object:
        from whoosh.searching import Searcher

        from .ranking import default_weighting

        return Searcher(self.reader(), weighting=weighting or default_weighting())

    def doc_count(self) -> int:
        return sum(s.doc_count() for s in self._shards)

    def size_bytes(self) -> int:
        total = 0
        for d in self.shard_dirs:
            for f in d.iterdir():
                if f.is_file():
                    total += f.stat().st_size
        return total

    def iter_stored(self) -> Iterator[dict[str, object]]:
        """Stored fields of every live article, shard by shard."""
        for shard in self._shards:
            with shard.reader() as r:
                yield from r.all_stored_fields()

    def inventory(self) -> dict[str, IndexedDoc]:
        """Every indexed article id with its content hash and source file."""
        return {
            str(d["id"]): IndexedDoc(
                str(d.get("content_hash", "")), str(d.get("file_key", "")), str(d.get("file_sig", ""))
            )
            for d in self.iter_stored()
        }

    def shard_index(self, number: int) -> object:
        return self._shards[number]


# -- opening and creating --------------------------------------------------------


def _read_manifest(root: Path) -> dict[str, object] | None:
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise IndexUnreadableError(f"index manifest {path} is unreadable ({err})") from None
    if data.get("format") != FORMAT_NAME or data.get("version") != FORMAT_VERSION:
        raise IndexUnreadableError(
            f"index at {root} was written by an incompatible version of warta; "
            f"rebuild it with: warta ingest --rebuild --index {root}"
        )
    return data


def index_exists(root: str | os.PathLike[str]) -> bool:
    return (Path(root) / MANIFEST).is_file()


def open_index(root: str | os.PathLike[str] = "index") -> WartaIndex:
    """Open the index at *root* for searching."""
    root = Path(root)
    manifest = _read_manifest(root)
    if manifest is None:
        raise IndexMissingError(f"no index at {root}/; build one with: warta ingest corpus/ --index {root}")
    return WartaIndex(root, manifest)


def _write_manifest(root: Path, manifest: dict[str, object]) -> None:
    tmp = root / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, root / MANIFEST)


def create_generation(root: Path, shard_count: int, previous: WartaIndex | None) -> dict[str, object]:
    """Create empty shards for a new generation; the manifest is not switched yet."""
    generation = previous.generation + 1 if previous else 1
    names = [f"g{generation}-s{i}" for i in range(shard_count)]
    schema = build_schema()
    for name in names:
        d = root / name
        if d.exists():
            shutil.rmtree(d)  # left over by a rebuild that crashed before switching
        d.mkdir(parents=True)
        whoosh_index.create_in(str(d), schema)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generation": generation,
        "shards": names,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def switch_generation(root: Path, manifest: dict[str, object]) -> None:
    """Make *manifest* current and remove the shard folders it no longer lists."""
    _write_manifest(root, manifest)
    keep = set(manifest["shards"])  # type: ignore[call-overload]
    for d in root.iterdir():
        if d.is_dir() and d.name.startswith("g") and "-s" in d.name and d.name not in keep:
            shutil.rmtree(d, ignore_errors=True)


@contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Hold the index's write lock; fail at once if another process holds it.

    ``flock`` is released by the kernel when its holder dies, so a lock left by
    a killed process never blocks the next run.
    """
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise IndexLockedError(
                f"index at {root} is being written by PID {holder}; wait for it to finish and retry"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- writing -----------------------------------------------------------------------


def prepare_document(article: Article, file_key: str, file_sig: str) -> dict[str, object]:
    """Analyse an article into the keyword arguments of Whoosh's ``add_document``.

    This is the expensive step of ingest; it runs in the shard's worker process.
    """
    title_stems, title_exact, title_len = analysis.term_positions(article.title)
    body_stems, body_exact, _ = analysis.term_positions(article.body)
    offset = title_len + TITLE_BODY_GAP
    exact = dict(title_exact)
    for term, positions in body_exact.items():
        shifted = [p + offset for p in positions]
        exact[term] = exact[term] + shifted if term in exact else shifted
    doc: dict[str, object] = {
        "id": article.id,
        "title": _postings(title_stems),
        "_stored_title": article.title,
        "body": _postings(body_stems),
        "_stored_body": article.body,
        "exact": _postings(exact),
        "path": article.path,
        "record": article.record,
        "file_key": file_key,
        "file_sig": file_sig,
        "content_hash": article.content_hash(),
    }
    if article.source:
        doc["source"] = article.source
    if article.category:
        doc["category"] = article.category
    if article.lang:
        doc["lang"] = article.lang
    if article.url:
        doc["url"] = article.url
    if article.date:
        doc["date"] = dt.datetime(article.date.year, article.date.month, article.date.day)
    return doc


_POSITIONS_FORMAT = fields.TEXT().format  # Whoosh's Positions posting encoder


def _postings(term_positions: dict[str, list[int]]) -> PrecomputedPostings:
    encode = _POSITIONS_FORMAT.encode
    return PrecomputedPostings(
        [
            (term.encode("utf-8", "surrogatepass"), len(pos), float(len(pos)), encode(pos))
            for term, pos in term_positions.items()
        ]
    )


class ShardWriter:
    """Adds, replaces and deletes articles in one shard, then commits.

    Articles go through `BulkSegmentWriter`; after the commit, small segments
    left by earlier runs are merged by a plain Whoosh writer, so a shard that
    is updated often does not fragment.
    """

    MAX_SEGMENTS = 4

    def __init__(self, shard: Any) -> None:
        from .bulkwriter import BulkSegmentWriter

        self._shard = shard
        self._writer = BulkSegmentWriter(shard, codec=_codec())

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("id", doc_id)

    def add(self, doc: dict[str, object], replace: bool = False) -> None:
        if replace:
            self._writer.delete_by_term("id", doc["id"])
        self._writer.add_document(**doc)

    def commit(self) -> None:
        self._writer.commit()
        if len(self._shard._segments()) > self.MAX_SEGMENTS:
            self._shard.writer(codec=_codec()).commit()  # MERGE_SMALL

    def cancel(self) -> None:
        self._writer.cancel()


def _codec() -> Any:
    from .bulkwriter import WartaCodec

    # Posting lists shorter than 16 are stored in the term table: measured on
    # 4,000 id-news articles, 28% less writing time, the same index size and
    # the same rankings (benchmarks/bench_ingest.py).
    return WartaCodec(inlinelimit=16)
