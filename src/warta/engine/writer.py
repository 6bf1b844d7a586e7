"""Writing shards: a faster Whoosh segment writer for pre-analysed articles.

Profiling ingest of id-news showed that, once analysis is done, most of
Whoosh's time goes into bookkeeping around each posting rather than into
writing it: every posting is sized and appended to an external-sort pool,
the pool is sorted, and while the segment is flushed each posting's field
length is looked up again from an on-disk column.

Articles come to this writer with their posting lists already built
(`schema.PrecomputedPostings`) and document numbers only grow, so each term's
postings can be kept in a per-term list that is already in document order,
and each document's field lengths are known when it is added.  The segment is
then written term by term through Whoosh's own codec, so the files on disk
are ordinary Whoosh segments that any Whoosh reader opens.

The writer never merges segments (Whoosh's merge goes through the pool this
writer bypasses); `ShardWriter` merges small segments afterwards with a
plain Whoosh writer.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.index import LockError
from whoosh.writing import NO_MERGE, SegmentWriter

from ..errors import IndexLockedError
from ..model import ProgressCallback
from .passages import unpacked_as_json

# A shard's writer reports ("saving", postings written, postings to write) while the shard is
# saved, then ("merging", small segments merged, small segments to merge) when it merges.

# How often saving reports progress, in postings (about 0.1 s of writing).
PROGRESS_POSTINGS = 50_000


class BulkSegmentWriter(SegmentWriter):
    """``SegmentWriter`` whose postings bypass the sorting pool."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        # fieldname -> term bytes -> [(docnum, weight, value bytes, field length)]
        self._postings: dict[str, dict[bytes, list[tuple[int, float, bytes, int]]]] = {}
        self.posting_count = 0  # postings held in memory until the segment is written
        self.progress: ProgressCallback | None = None  # told how writing the segment advances

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in sorted(k for k in fields if not k.startswith("_")):
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    items = list(field.index(value))
                    if field.scorable:
                        length = sum(item[1] for item in items)
                    terms = self._postings.setdefault(fieldname, {})
                    self.posting_count += len(items)
                    for tbytes, _freq, weight, vbytes in items:
                        entry = (docnum, weight, vbytes, length)
                        plist = terms.get(tbytes)
                        if plist is None:
                            terms[tbytes] = [entry]
                        else:
                            plist.append(entry)
                stored = fields.get("_stored_" + fieldname, value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader: Any) -> None:  # pragma: no cover - guarded misuse
        raise NotImplementedError("BulkSegmentWriter does not merge; use a plain writer")

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        written = reported = 0
        if self.progress:
            self.progress("saving", 0, self.posting_count)
        for fieldname in sorted(self._postings):
            terms = self._postings[fieldname]
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            for tbytes in sorted(terms):
                fieldwriter.start_term(tbytes)
                postings = terms[tbytes]
                _add_postings(fieldwriter._postwriter, postings)
                fieldwriter.finish_term()
                written += len(postings)
                if self.progress and written - reported >= PROGRESS_POSTINGS:
                    self.progress("saving", written, self.posting_count)
                    reported = written
            fieldwriter.finish_field()
        fieldwriter.close()
        if self.progress:
            self.progress("saving", self.posting_count, self.posting_count)
        self._postings.clear()

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        super().commit(mergetype=NO_MERGE)


def _add_postings(writer: W3PostingsWriter, postings: list[tuple[int, float, bytes, int]]) -> None:
    """Add one term's postings a block at a time.

    Does what ``W3PostingsWriter.add_posting`` does for each posting (buffer
    ids, weights and values, track the block's largest weight and its
    shortest and longest document), with one call per block of up to
    ``blocklimit`` postings instead of one per posting.
    """
    limit = writer._blocklimit
    for start in range(0, len(postings), limit):
        if len(writer._ids) >= limit:
            writer._write_block()
        docnums, weights, values, lengths = zip(*postings[start : start + limit], strict=True)
        writer._ids.extend(docnums)
        writer._weights.extend(weights)
        writer._values.extend(v for v in values if v)  # as add_posting: empty values are not kept
        writer._maxweight = max(writer._maxweight, *weights)
        nonzero = [n for n in lengths if n]
        if nonzero:
            shortest = min(nonzero)
            if writer._minlength is None or shortest < writer._minlength:
                writer._minlength = shortest
            writer._maxlength = max(writer._maxlength, *nonzero)


class _InliningPostingsWriter(W3PostingsWriter):
    """Stores short posting lists inside the term table.

    Whoosh's format supports "inlined" postings (its reader handles them), but
    the writer's inlining branch calls a method that does not exist, so only
    the default ``inlinelimit=1`` (never inline) works.  Most terms of a news
    collection occur in a handful of articles; inlining them saves a block
    header, a pickle and a zlib call per term.
    """

    def finish_postings(self) -> Any:
        if not self.written() and len(self._ids) < self._inlinelimit:
            terminfo = self._terminfo
            terminfo.add_block(self)
            # A format without values (ID fields) still needs one (empty) value
            # per posting here: Whoosh's merge reads them back as bytes.
            values = self._values or [b""] * len(self._ids)
            terminfo.set_inlined(self._ids, self._weights, values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()


class WartaCodec(W3Codec):
    """Whoosh's W3 codec with working inlining of short posting lists."""

    def __init__(self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = 8) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _InliningPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class ShardWriter:
    """Adds, replaces and deletes articles in one shard, then commits.

    Articles go through `BulkSegmentWriter`, which holds a segment's postings
    in memory until it is written.  So that memory stays bounded whatever the
    size of the corpus, the segment is committed and a new one started every
    `FLUSH_POSTINGS` postings; each such commit is also a point a killed ingest
    resumes from.  After the last commit, small segments are merged by a plain
    Whoosh writer, so a shard that is updated often does not fragment.
    """

    # More small segments than this (what incremental updates leave) are merged into one.
    MAX_SMALL_SEGMENTS = 4
    # About 145 bytes a posting in memory (measured on id-news: 2,500 articles,
    # 470 k postings, 69 MB), so about 360 MB a shard writer at most; one shard
    # of id-news (11,500 articles, 2.2 M postings) stays one segment.
    FLUSH_POSTINGS = 2_500_000
    # A killed ingest's workers may hold a shard's Whoosh lock for a moment
    # while they die; the next writer waits for it rather than failing.
    LOCK_TIMEOUT = 10.0

    def __init__(self, shard: Any) -> None:
        self._shard = shard
        self._writer = self._new_writer()

    def _new_writer(self) -> BulkSegmentWriter:
        try:
            return BulkSegmentWriter(self._shard, codec=codec(), timeout=self.LOCK_TIMEOUT)
        except LockError:
            raise IndexLockedError(
                f"a shard of the index ({self._shard.storage.folder}) is locked by another process; "
                "wait for it to finish and retry"
            ) from None

    @classmethod
    def open(cls, shard_dir: str) -> ShardWriter:
        """A writer for the shard in *shard_dir* (as a worker process opens it)."""
        from whoosh import index as whoosh_index

        return cls(whoosh_index.open_dir(shard_dir))

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("id", doc_id)

    def add(self, doc: dict[str, object], replace: bool = False) -> None:
        if replace:
            self._writer.delete_by_term("id", doc["id"])
        if "inventory" not in self._writer.schema:  # an index of format 5: no inventory, pieces in JSON
            doc = {name: value for name, value in doc.items() if name != "inventory"}
            doc["pieces"] = unpacked_as_json(doc["pieces"])  # type: ignore[arg-type]
        self._writer.add_document(**doc)
        if self._writer.posting_count >= self.FLUSH_POSTINGS:
            self._writer.commit()
            self._writer = self._new_writer()

    def commit(self, progress: ProgressCallback | None = None) -> None:
        """Write the last segment and commit; merge small segments if there are too many.

        *progress* is told how saving and merging advance.
        """
        self._writer.progress = progress
        if progress and not self._writer.posting_count:
            progress("saving", 0, 0)  # nothing to write (a segment without articles is not written)
        self._writer.commit()
        small = sum(map(_is_small, self._shard._segments()))
        if small > self.MAX_SMALL_SEGMENTS:
            merger = self._shard.writer(codec=codec(), timeout=self.LOCK_TIMEOUT)
            merger.commit(mergetype=partial(merge_small_segments, progress=progress))

    @property
    def posting_count(self) -> int:
        """Postings held in memory, to be written by the next commit."""
        return self._writer.posting_count

    def cancel(self) -> None:
        self._writer.cancel()


# A segment of fewer articles than this is small: an incremental update's.
# The segments a large ingest writes as memory fills hold about 12,000 articles of id-news.
SMALL_SEGMENT_ARTICLES = 2_000


def _is_small(segment: Any) -> bool:
    return segment.doc_count_all() < SMALL_SEGMENT_ARTICLES


def merge_small_segments(
    writer: Any, segments: list[Any], progress: ProgressCallback | None = None
) -> list[Any]:
    """A Whoosh merge policy: the small segments are merged into one, the large left alone.

    Whoosh's own MERGE_SMALL merges every segment up to a point on a Fibonacci
    scale of article counts; on the shards of a 1 GB ingest (24 segments of
    about 12,800 articles each) that point was the last segment, so it merged
    them all through its sorting pool, for longer than the ingest itself and
    with gigabytes of temporary files.
    """
    from whoosh.reading import SegmentReader

    small = [seg for seg in segments if _is_small(seg)]
    if len(small) < 2:
        return segments
    for done, seg in enumerate(small):
        if progress:
            progress("merging", done, len(small))
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    if progress:
        progress("merging", len(small), len(small))
    return [seg for seg in segments if seg not in small]


def codec() -> WartaCodec:
    # Posting lists shorter than 16 are stored in the term table: measured on
    # 4,000 id-news articles, 28% less writing time, the same index size and
    # the same rankings (benchmarks/profile_ingest.py).
    return WartaCodec(inlinelimit=16)
