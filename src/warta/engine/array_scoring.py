"""Scoring a query over whole posting lists at once, with numpy arrays.

Whoosh scores a query by walking a tree of Python matcher objects, one
document at a time: on id-news a two-word query matches about 2,500
articles, and each costs some 30 method calls (``docs/benchmarks.md``: 90 %
of a query's time).  Here each clause of the query becomes a pair of arrays
(the segment's matching document numbers, sorted, and their scores), and
the operators combine whole arrays:

* a term: its posting list, decoded once per searcher and kept
  (`SegmentArrays.postings`), scored by BM25F with the same formula,
  statistics and parameters as Whoosh's scorer;
* OR sums the scores of the clauses present; `CoordinatedOr` also scales by
  the share of its clauses present; AND keeps documents in every clause;
  ANDNOT, REQUIRE and ANDMAYBE as their Whoosh matchers;
* anything else (phrases, prefixes, ranges, ``*``) is matched by Whoosh's
  own matcher for that clause alone, and its matches are read into arrays.

So the ranking is Whoosh's: the same documents with the same scores (up to
the order in which a sum's terms are added, a difference in the last bit),
ties broken by document number as Whoosh's collector does.  A test compares
the two on every query form.

Each segment is scored on its own, with collection-wide statistics (idf,
average field length) from the top searcher: what a shard of a distributed
index would do, whose matches are merged by score.
"""

from __future__ import annotations

import io
import pickle
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, _lenfield
from whoosh.columns import NumericColumn
from whoosh.util.numeric import byte_to_length

from ..errors import IndexUnreadableError
from .ranking import COORDINATION_MAX_WORDS, CoordinatedOr, TranslatedWord, Translations

Matches = tuple[np.ndarray, np.ndarray]  # (sorted document numbers, their scores)

_NO_IDS = np.empty(0, dtype=np.int64)
_NONE: Matches = (_NO_IDS, np.empty(0, dtype=np.float64))
# Whoosh stores a field's length per document in one byte (a lossy scale).
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# Memory for the decoded posting lists a searcher keeps, shared among its segments:
# each posting costs a document number, a weight, a pointer and its encoded
# positions (a Python bytes object of 34 bytes and up).
CACHED_BYTES = 256 * 2**20
_POSTING_BYTES = 8 + 8 + 8 + 33  # + the positions' encoded length


class SegmentArrays:
    """One segment's posting lists and field lengths as arrays, read on first use."""

    def __init__(self, searcher: Any, offset: int, cache_bytes: int = CACHED_BYTES) -> None:
        self.searcher = searcher  # Whoosh's searcher of this segment alone
        self.reader = searcher.reader()
        self.offset = offset  # its first document's number in the whole index
        self.size = self.reader.doc_count_all()  # documents, deleted ones included
        self.live: np.ndarray | None = None  # which documents are not deleted; None when all
        if self.reader.has_deletions():
            self.live = np.ones(self.size, dtype=bool)
            self.live[np.fromiter(self.reader.deleted_docs_set, dtype=np.int64)] = False
        self._lengths: dict[str, np.ndarray] = {}
        self._columns: dict[str, Any] = {}
        self._postings: OrderedDict[tuple[str, bytes], Postings] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._cached = 0  # bytes held by _postings (estimated)

    def column(self, fieldname: str) -> Any:
        """Whoosh's reader of a column of this segment (raw values)."""
        found = self._columns.get(fieldname)
        if found is None:
            found = self._columns[fieldname] = self.reader.column_reader(fieldname, translate=False)
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in *fieldname*, as Whoosh's scorer sees it."""
        found = self._lengths.get(fieldname)
        if found is None:
            raw = np.zeros(self.size, dtype=np.uint8)  # documents past the column's end: length 0
            column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if isinstance(column, NumericColumn.Reader) and column._typecode == "B":
                # one byte a document, stored in a row: read them at once (iterating
                # Whoosh's reader took 0.1 s of a cold search on id-news)
                count = min(column._count, self.size)
                raw[:count] = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
            elif column is not None:
                loaded = np.frombuffer(column.load().tobytes(), dtype=np.uint8)[: self.size]
                raw[: len(loaded)] = loaded
            found = self._lengths[fieldname] = _LENGTH_OF_BYTE[raw]
        return found

    def postings(self, fieldname: str, tbytes: bytes) -> Postings:
        """The live documents with the term: numbers, weights (frequencies) and encoded positions."""
        key = (fieldname, tbytes)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        if (fieldname, tbytes) not in self.reader:
            found = _NO_POSTINGS
        else:
            found = decode_postings(self.reader, fieldname, tbytes)
            if self.live is not None:
                keep = self.live[found.ids]
                found = found.kept(keep)
        self._postings[key] = found
        self._cached += found.nbytes
        while self._cached > self._cache_bytes and len(self._postings) > 1:
            _, old = self._postings.popitem(last=False)
            self._cached -= old.nbytes
        return found

    def positions(self, fieldname: str, tbytes: bytes, docnums: np.ndarray) -> list[list[int] | None]:
        """The term's positions in each of *docnums* (this segment's numbers); None where it is absent."""
        found = self.postings(fieldname, tbytes)
        if not len(found.ids):
            return [None] * len(docnums)
        decode = self.reader.schema[fieldname].format.decode_positions
        where = np.searchsorted(found.ids, docnums)
        out: list[list[int] | None] = []
        for docnum, i in zip(docnums.tolist(), where.tolist(), strict=True):
            present = i < len(found.ids) and found.ids[i] == docnum
            out.append(decode(found.values[i]) if present else None)
        return out


@dataclass(frozen=True, slots=True)
class Postings:
    """A term's posting list in one segment."""

    ids: np.ndarray  # document numbers, ascending
    weights: np.ndarray  # the term's weight (frequency) in each
    values: np.ndarray  # each posting's encoded value (positions), as Python bytes
    nbytes: int = 0  # about what it takes in memory

    @classmethod
    def of(cls, ids: np.ndarray, weights: np.ndarray, values: np.ndarray, encoded: int) -> Postings:
        """Postings whose values took *encoded* bytes as stored (an estimate of their size)."""
        return cls(ids, weights, values, len(ids) * _POSTING_BYTES + encoded + 200)

    def kept(self, keep: np.ndarray) -> Postings:
        """The postings where *keep* is true."""
        share = int(self.nbytes * keep.mean()) if len(keep) else 0
        return Postings(self.ids[keep], self.weights[keep], self.values[keep], share)


_NO_POSTINGS = Postings(_NO_IDS, np.empty(0, dtype=np.float64), np.empty(0, dtype=object))


def _object_array(values: Any) -> np.ndarray:
    """*values* (bytes, or None) as a numpy array of Python objects, one per posting."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def decode_postings(reader: Any, fieldname: str, tbytes: bytes) -> Postings:
    """A term's whole posting list, read block by block from Whoosh's W3 format.

    Whoosh's own matcher decodes the same blocks but then hands out one
    posting per call; here each block becomes a slice of two arrays.
    """
    info = reader.term_info(fieldname, tbytes)
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        ids_array = np.asarray(ids, dtype=np.int64)
        return Postings.of(ids_array, _weights(weights, len(ids)), _object_array(values), 0)
    terms = reader._terms  # the segment's term table and postings file
    postfile = terms._postfile
    position = info.extent()[0]
    if postfile.get(position, 4) != WHOOSH3_HEADER_MAGIC:
        raise IndexUnreadableError(
            f"the {fieldname} postings are not in the format warta reads; rebuild with warta ingest --rebuild"
        )
    position += 4  # after the list's header
    id_blocks: list[np.ndarray] = []
    weight_blocks: list[np.ndarray] = []
    values: list[Any] = []
    encoded = 0
    last = False
    while not last:
        size = postfile.get_int(position)
        last = size < 0  # the last block's size is stored negated
        size = abs(size)
        block = io.BytesIO(postfile.get(position + 4, size))
        count, _last, _maxweight, compressed, _minlen, _maxlen = pickle.load(block)
        data = block.read()
        if compressed:
            data = zlib.decompress(data)
        encoded += len(data)
        deltas, weights, block_values = pickle.loads(data)
        id_blocks.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        weight_blocks.append(_weights(weights, count))
        # variable-size values (positions) come as a tuple; fixed-size ones are not needed here
        values.extend(block_values if isinstance(block_values, tuple) else [None] * count)
        position += 4 + size
    if not id_blocks:
        return _NO_POSTINGS
    ids = np.concatenate(id_blocks)
    return Postings.of(ids, np.concatenate(weight_blocks), _object_array(values), encoded)


def _weights(weights: Any, count: int) -> np.ndarray:
    if weights is None:
        return np.ones(count, dtype=np.float64)
    if isinstance(weights, float):
        return np.full(count, weights, dtype=np.float64)
    return np.asarray(weights, dtype=np.float64)


class ArrayScorer:
    """Scores queries over every segment of an open Whoosh searcher."""

    def __init__(self, searcher: Any) -> None:
        self.top = searcher
        self.weighting = searcher.weighting
        leaves = searcher.leaf_searchers()
        share = CACHED_BYTES // max(1, len(leaves))  # the cache's memory, split among the segments
        self.segments = [SegmentArrays(s, offset, share) for s, offset in leaves]
        # The formula below is BM25F's; another weighting is left to Whoosh's own scorer.
        self._bm25f = isinstance(self.weighting, scoring.BM25F)

    def matches(self, q: wq.Query) -> Matches:
        """Every matching document of the index (global numbers, ascending) and its score."""
        parts = [self._segment_matches(q, seg) for seg in self.segments]
        ids = np.concatenate([p[0] + seg.offset for p, seg in zip(parts, self.segments, strict=True)])
        scores = np.concatenate([p[1] for p in parts])
        return ids, scores

    def top_n(self, q: wq.Query, limit: int) -> tuple[int, list[tuple[float, int]], np.ndarray]:
        """The total number of matches, the best *limit* as ``(score, docnum)``, and every matching docnum.

        Best first; equal scores by document number, as Whoosh's collector orders them.
        """
        ids, scores = self.matches(q)
        if limit <= 0:
            return len(ids), [], ids
        if limit < len(ids):
            # the limit-th best score; everything at least that good is sorted
            cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            keep = scores >= cut
            top_ids, top_scores = ids[keep], scores[keep]
        else:
            top_ids, top_scores = ids, scores
        order = np.lexsort((top_ids, -top_scores))[:limit]
        return len(ids), [(float(top_scores[i]), int(top_ids[i])) for i in order], ids

    # -- one segment ---------------------------------------------------------------

    def _segment_matches(self, q: wq.Query, seg: SegmentArrays) -> Matches:
        handler = _HANDLERS.get(type(q))
        if handler is None and isinstance(q, wq.FuzzyTerm):  # the engine's own fuzzy words
            handler = ArrayScorer._expanded
        if handler is None:
            return self._by_whoosh(q, seg)
        return handler(self, q, seg)

    def _term(self, q: wq.Term, seg: SegmentArrays) -> Matches:
        fieldname = q.fieldname
        schema = self.top.schema
        if fieldname not in schema:
            return _NONE
        field = schema[fieldname]
        try:
            tbytes = field.to_bytes(q.text)
        except ValueError:
            return _NONE
        found = seg.postings(fieldname, tbytes)
        ids, weights = found.ids, found.weights
        if not len(ids):
            return _NONE
        if field.scorable and not self._bm25f:
            return self._by_whoosh(q, seg)
        if field.scorable:
            weighting = self.weighting
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            idf = self.top.idf(fieldname, q.text)
            avgfl = self.top.avg_field_length(fieldname) or 1
            lengths = seg.lengths(fieldname)[ids]
            # Whoosh's `bm25`, operation for operation, so that scores are equal
            scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))
        else:
            scores = weights.copy()
        if q.boost != 1.0:
            scores = scores * q.boost
        return ids, scores

    def _translated(self, q: TranslatedWord, seg: SegmentArrays) -> Matches:
        """A word as its translations (`ranking.TranslatedWord`): one term frequency and one document
        frequency, each the translations' weighted by their probabilities, scored by BM25."""
        fieldname = q.fieldname
        schema = self.top.schema
        if fieldname not in schema or not self._bm25f:
            return self._by_whoosh(q, seg)
        field = schema[fieldname]
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for text, p in q.translations:
            found = seg.postings(fieldname, field.to_bytes(text))
            if len(found.ids):
                parts.append((found.ids, found.weights * p))
        if not parts:
            return _NONE
        ids = np.unique(np.concatenate([i for i, _w in parts]))
        tf = np.zeros(len(ids))
        for part_ids, weights in parts:
            tf[np.searchsorted(ids, part_ids)] += weights
        weighting = self.weighting
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = q.idf(self.top)
        avgfl = self.top.avg_field_length(fieldname) or 1
        lengths = seg.lengths(fieldname)[ids]
        scores = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths / avgfl)))
        return ids, _boosted(scores, q.boost)

    def _or(self, q: wq.Or, seg: SegmentArrays) -> Matches:
        if q.minmatch or q.scale:
            return self._by_whoosh(q, seg)
        subs = q.subqueries
        if len(subs) == 1:  # as Whoosh: a one-clause compound is its clause
            return self._segment_matches(subs[0], seg)
        ids, scores, _count = _union([self._segment_matches(s, seg) for s in subs], seg.size)
        return ids, _boosted(scores, q.boost)

    def _coordinated_or(self, q: CoordinatedOr, seg: SegmentArrays) -> Matches:
        ids, scores, count = _union([self._segment_matches(s, seg) for s in q.subqueries], seg.size)
        clauses = len(q.subqueries)
        total = q.boost * scores
        if clauses > COORDINATION_MAX_WORDS:
            return ids, total
        return ids, total * count / clauses

    def _and(self, q: wq.And, seg: SegmentArrays) -> Matches:
        subs = q.subqueries
        if not subs:
            return _NONE
        if len(subs) == 1:
            return self._segment_matches(subs[0], seg)
        parts = [self._segment_matches(s, seg) for s in subs]
        ids = parts[0][0]
        for part_ids, _ in parts[1:]:
            ids = np.intersect1d(ids, part_ids, assume_unique=True)
        scores = np.zeros(len(ids))
        for part_ids, part_scores in parts:
            scores += part_scores[np.searchsorted(part_ids, ids)]
        return ids, _boosted(scores, q.boost)

    def _and_not(self, q: wq.AndNot, seg: SegmentArrays) -> Matches:
        ids, scores = self._segment_matches(q.a, seg)
        if not len(ids):
            return _NONE
        excluded = self._segment_matches(q.b, seg)[0]
        keep = ~_member(ids, excluded, seg.size)
        return ids[keep], scores[keep]

    def _require(self, q: wq.Require, seg: SegmentArrays) -> Matches:
        ids, scores = self._segment_matches(q.a, seg)
        if not len(ids):
            return _NONE
        required = self._segment_matches(q.b, seg)[0]
        keep = _member(ids, required, seg.size)
        return ids[keep], scores[keep]

    def _and_maybe(self, q: wq.AndMaybe, seg: SegmentArrays) -> Matches:
        ids, scores = self._segment_matches(q.a, seg)
        if not len(ids):
            return _NONE
        maybe_ids, maybe_scores = self._segment_matches(q.b, seg)
        where = np.searchsorted(maybe_ids, ids)
        where[where == len(maybe_ids)] = 0
        present = maybe_ids[where] == ids if len(maybe_ids) else np.zeros(len(ids), dtype=bool)
        scores = scores.copy()
        scores[present] += maybe_scores[where[present]]
        return ids, scores

    def _phrase(self, q: wq.Phrase, seg: SegmentArrays) -> Matches:
        """Articles with the words next to each other, in order; scored as Whoosh scores a phrase.

        Whoosh matches a phrase as the AND of its words with their positions
        checked, and scores it as that AND: the sum of the words' scores.
        """
        field = self.top.schema[q.fieldname] if q.fieldname in self.top.schema.names() else None
        if field is None or q.slop != 1 or not field.format or not field.format.supports("positions"):
            return self._by_whoosh(q, seg)
        try:
            words = [field.to_bytes(w) for w in q.words]
        except ValueError:
            return _NONE
        if any((q.fieldname, w) not in seg.reader for w in words):
            return _NONE
        ids, scores = self._and(wq.And([wq.Term(q.fieldname, w) for w in q.words]), seg)
        if len(words) > 1 and len(ids):
            keep = _phrase_kept(seg, q.fieldname, words, ids, field.format.decode_positions)
            ids, scores = ids[keep], scores[keep]
        return ids, _boosted(scores, q.boost)

    def positions(self, fieldname: str, text: str, docnums: list[int]) -> dict[int, list[int]]:
        """The positions of a term in each of *docnums* (numbers in the whole index) that has it."""
        out: dict[int, list[int]] = {}
        tbytes = self.top.schema[fieldname].to_bytes(text)
        for seg, local in self._by_segment(np.asarray(sorted(docnums), dtype=np.int64)):
            for docnum, found in zip(local.tolist(), seg.positions(fieldname, tbytes, local), strict=True):
                if found is not None:
                    out[docnum + seg.offset] = found
        return out

    def column_values(self, fieldname: str, docnums: np.ndarray) -> list[Any]:
        """A column's value for each of *docnums* (ascending numbers in the whole index)."""
        out: list[Any] = []
        for seg, local in self._by_segment(docnums):
            column = seg.column(fieldname)
            out.extend(column[d] for d in local.tolist())
        return out

    def _by_segment(self, docnums: np.ndarray) -> list[tuple[SegmentArrays, np.ndarray]]:
        """Ascending *docnums* of the whole index, split by segment into each one's own numbers."""
        parts = []
        for seg in self.segments:
            local = docnums[(docnums >= seg.offset) & (docnums < seg.offset + seg.size)] - seg.offset
            if len(local):
                parts.append((seg, local))
        return parts

    def _expanded(self, q: wq.MultiTerm, seg: SegmentArrays) -> Matches:
        """A pattern, range of words or fuzzy word: the segment's terms it stands for, as Whoosh scores them.

        Whoosh expands the pattern in each segment.  One term is scored as that
        term (the pattern's boost aside); up to 1,023 terms as an OR of them,
        boosted; more as a plain set, every document scoring 1.  Here the terms'
        posting lists are read as arrays instead of walked by a matcher per term
        (`warta search "b*"` on id-news expands to thousands of terms).
        """
        words = [w for w in q._btexts(seg.reader) if w]
        if not words:
            return _NONE
        fieldname = q.field()
        if len(words) == 1:
            return self._term(wq.Term(fieldname, words[0]), seg)
        if len(words) < wq.Or.TOO_MANY_CLAUSES and (len(words) == 2 or seg.size > 5000):
            ids, scores, _count = _union([self._term(wq.Term(fieldname, w), seg) for w in words], seg.size)
            return ids, _boosted(scores, q.boost)
        present = np.zeros(seg.size, dtype=bool)
        for word in words:
            present[seg.postings(fieldname, word).ids] = True
        ids = np.flatnonzero(present)
        return ids, np.ones(len(ids))

    def _null(self, q: wq.Query, seg: SegmentArrays) -> Matches:
        return _NONE

    def _by_whoosh(self, q: wq.Query, seg: SegmentArrays) -> Matches:
        """Whoosh's own matcher for a clause this module does not vectorise (phrases, ranges)."""
        matcher = q.matcher(seg.searcher, self.top.context())
        ids: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        if not ids:
            return _NONE
        found = np.asarray(ids, dtype=np.int64)
        values = np.asarray(scores, dtype=np.float64)
        if len(found) > 1 and np.any(found[1:] <= found[:-1]):  # a matcher that repeats or disorders
            found, first = np.unique(found, return_index=True)
            values = values[first]
        return found, values


def _union(parts: list[Matches], size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Documents in any part; their scores summed in the parts' order, and in how many parts each is.

    Summed in arrays as long as the segment (indexed by document number):
    faster than merging sorted lists while a segment has up to millions of
    documents.
    """
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _NO_IDS, np.empty(0), np.empty(0)
    if len(parts) == 1:
        return parts[0][0], parts[0][1], np.ones(len(parts[0][0]))
    scores = np.zeros(size)
    count = np.zeros(size)
    for part_ids, part_scores in parts:  # each part lists a document once, so += adds once
        scores[part_ids] += part_scores
        count[part_ids] += 1
    ids = np.flatnonzero(count)
    return ids, scores[ids], count[ids]


def _member(ids: np.ndarray, others: np.ndarray, size: int) -> np.ndarray:
    """Which of *ids* are among *others* (both document numbers of one segment)."""
    present = np.zeros(size, dtype=bool)
    present[others] = True
    return present[ids]


def _phrase_kept(
    seg: SegmentArrays,
    fieldname: str,
    words: list[bytes],
    ids: np.ndarray,
    decode: Callable[[Any], list[int]],
) -> np.ndarray:
    """Which of *ids* (articles that have every word of a phrase) have the words one right after
    another.  A word the phrase repeats must occur as often in the article (its weight is its
    count); positions are decoded once per word and article, and only while the phrase can still
    be there (a common first word's are not decoded where a later word rules the article out)."""
    distinct = list(dict.fromkeys(words))
    postings = {w: seg.postings(fieldname, w) for w in distinct}
    at = {w: np.searchsorted(postings[w].ids, ids) for w in distinct}
    keep = np.ones(len(ids), dtype=bool)
    for w in distinct:
        times = words.count(w)
        if times > 1:
            keep &= postings[w].weights[at[w]] >= times
    for n in np.flatnonzero(keep).tolist():
        decoded: dict[bytes, list[int]] = {}
        starts: set[int] | None = None
        for offset, w in enumerate(words):
            found = decoded.get(w)
            if found is None:
                found = decoded[w] = decode(postings[w].values[at[w][n]])
            shifted = {p - offset for p in found}
            starts = shifted if starts is None else starts & shifted
            if not starts:
                keep[n] = False
                break
    return keep


def _boosted(scores: np.ndarray, boost: float) -> np.ndarray:
    return scores * boost if boost != 1.0 else scores


_HANDLERS: dict[type, Callable[[ArrayScorer, Any, SegmentArrays], Matches]] = {
    wq.Term: ArrayScorer._term,
    wq.Or: ArrayScorer._or,
    Translations: ArrayScorer._or,
    CoordinatedOr: ArrayScorer._coordinated_or,
    TranslatedWord: ArrayScorer._translated,
    wq.And: ArrayScorer._and,
    wq.AndNot: ArrayScorer._and_not,
    wq.Require: ArrayScorer._require,
    wq.AndMaybe: ArrayScorer._and_maybe,
    wq.Phrase: ArrayScorer._phrase,
    wq.Prefix: ArrayScorer._expanded,
    wq.Wildcard: ArrayScorer._expanded,
    # Ranges of words and fuzzy words expand by the same rules; a range open
    # at both ends (`[to]`) stands for every word of the field, which Whoosh's
    # matcher took minutes to score on id-news.
    wq.TermRange: ArrayScorer._expanded,
    wq.FuzzyTerm: ArrayScorer._expanded,
    wq.Variations: ArrayScorer._expanded,
    wq.Regex: ArrayScorer._expanded,
    type(wq.NullQuery): ArrayScorer._null,
}
