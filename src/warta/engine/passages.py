"""Paragraphs and quotes as search units, scored from the article index's positions.

A paragraph or a quote is a range of token positions in its article's body
(the ``pieces`` column, written at ingest).  Its terms are the body's
postings that fall in that range, so the index already holds everything a
passage search needs, and ingest pays only for recording the ranges: a
separate index of passages doubled ingest time on id-news (measured, see
docs/structure.md).  This is passage retrieval as positional engines such as
Indri do it, at query time.

A search for pieces takes the best-matching articles (the same query, the
same filters, up to `CANDIDATE_ARTICLES`), reads the positions of the query's
words and phrases in each, and scores every piece with BM25 over the piece:
the words' frequency inside it, its length against the average piece, the
words' collection idf, and the share of the query's words it has
(coordination, as for articles).
"""

from __future__ import annotations

import itertools
import json
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from whoosh import query as wq

from ..analysis.words import fold_label
from . import ranking
from .ranking import K1, B

PARAGRAPH, QUOTE = "passage", "quote"
# Articles whose pieces are scored; a piece of an article ranked lower is not found.
CANDIDATE_ARTICLES = 1000


class Piece(NamedTuple):  # (a tuple: a format 5 index's pieces are made by the thousand for a query)
    kind: str  # PARAGRAPH or QUOTE
    number: int  # 1-based, in reading order within its kind
    first: int  # token positions [first, end) in the body
    end: int
    start_char: int  # characters [start_char, end_char) in the stored body
    end_char: int
    speaker: str | None = None

    @property
    def label(self) -> str:
        return f"{'p' if self.kind == PARAGRAPH else 'q'}{self.number}"


# An article's paragraphs and quotes as ingest records them (`pack_pieces`, since index format 6):
# a version byte, the number of paragraphs and of quotes (little-endian uint32), their rows of four
# int32 (first position, end position, start char, end char), paragraphs first, then the quotes'
# speakers as a JSON list.  Read as arrays without parsing.  Indexes of format 5 hold JSON,
# {"p": [[first, end, start, end], ...], "q": [[first, end, start, end, speaker], ...]}, read too.
_PACKED = 1
_HEAD = struct.Struct("<BII")
_ROW = 4  # values a row


def pack_pieces(
    paragraphs: Sequence[Sequence[int]], quotes: Sequence[tuple[Sequence[int], str | None]]
) -> bytes:
    """*paragraphs* (rows of first, end, start char, end char) and *quotes* (such rows, each with its
    speaker) as the ``pieces`` column holds them."""
    rows = [int(v) for row in paragraphs for v in row] + [int(v) for row, _who in quotes for v in row]
    if len(rows) != _ROW * (len(paragraphs) + len(quotes)):
        raise ValueError("a piece needs four numbers: first and end position, start and end character")
    out = _HEAD.pack(_PACKED, len(paragraphs), len(quotes)) + np.asarray(rows, dtype="<i4").tobytes()
    if quotes:
        out += json.dumps([who for _row, who in quotes], ensure_ascii=False).encode("utf-8", "surrogatepass")
    return out


def unpacked_as_json(raw: bytes) -> bytes:
    """*raw* in the JSON of index format 5 (for an index of that format that is being updated)."""
    if not raw or raw[:1] != bytes([_PACKED]):
        return raw
    paragraphs, quotes = decode_pieces(raw, PARAGRAPH), decode_pieces(raw, QUOTE)
    data = {
        "p": [[p.first, p.end, p.start_char, p.end_char] for p in paragraphs],
        "q": [[q.first, q.end, q.start_char, q.end_char, q.speaker] for q in quotes],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def piece_counts(raw: bytes) -> tuple[int, int]:
    """How many paragraphs and quotes an article's ``pieces`` value records."""
    if not raw:
        return 0, 0
    if raw[:1] == bytes([_PACKED]):
        _version, paragraphs, quotes = _HEAD.unpack_from(raw)
        return paragraphs, quotes
    data = json.loads(raw)
    return len(data.get("p", ())), len(data.get("q", ()))


def piece_spans(raw: bytes, kind: str) -> np.ndarray:
    """The paragraphs' (kind PARAGRAPH) or quotes' (QUOTE) rows of one article: an (n, 4) array of
    first and end position, start and end character."""
    if not raw:
        return _NO_SPANS
    if raw[:1] == bytes([_PACKED]):
        _version, paragraphs, quotes = _HEAD.unpack_from(raw)
        skip, count = (0, paragraphs) if kind == PARAGRAPH else (paragraphs, quotes)
        offset = _HEAD.size + 4 * _ROW * skip
        return np.frombuffer(raw, dtype="<i4", count=_ROW * count, offset=offset).reshape(count, _ROW)
    rows = json.loads(raw).get("p" if kind == PARAGRAPH else "q", ())
    return np.array([row[:_ROW] for row in rows], dtype=np.int64).reshape(len(rows), _ROW)


_NO_SPANS = np.empty((0, _ROW), dtype=np.int64)


def decode_pieces(raw: bytes, kind: str) -> list[Piece]:
    """The paragraphs (kind PARAGRAPH) or quotes (QUOTE) recorded for one article."""
    if not raw:
        return []
    if raw[:1] == bytes([_PACKED]):
        spans = piece_spans(raw, kind).tolist()
        speakers = _speakers(raw) if kind == QUOTE else [None] * len(spans)
        pairs = zip(spans, speakers, strict=True)
        return [_new(Piece, (kind, n, *row, who)) for n, (row, who) in enumerate(pairs, 1)]
    data = json.loads(raw)
    # (made as tuples: a search makes them by the thousand, and Piece's own __new__ costs twice as much)
    if kind == PARAGRAPH:
        return [_new(Piece, (PARAGRAPH, n, *row, None)) for n, row in enumerate(data.get("p", ()), 1)]
    return [_new(Piece, (QUOTE, n, *row)) for n, row in enumerate(data.get("q", ()), 1)]


def _speakers(raw: bytes) -> list[str | None]:
    _version, paragraphs, quotes = _HEAD.unpack_from(raw)
    if not quotes:
        return []
    tail = raw[_HEAD.size + 4 * _ROW * (paragraphs + quotes) :]
    found = json.loads(tail.decode("utf-8", "surrogatepass"))
    if len(found) != quotes:
        raise ValueError(f"{quotes} quotes but {len(found)} speakers")
    return found


_new = tuple.__new__


class ArticlePieces:
    """One article's paragraphs or quotes as scoring reads them: their rows as an array, and each as
    a `Piece` only when asked (a search scores thousands and shows ten)."""

    __slots__ = ("_raw", "_speakers", "kind", "rows", "spans")

    def __init__(self, raw: bytes, kind: str, rows: np.ndarray | None = None) -> None:
        self._raw = raw
        self.kind = kind
        spans = piece_spans(raw, kind)
        self.rows = rows  # which of the article's pieces these are (after a speaker filter); None: all
        self.spans = spans if rows is None else spans[rows]
        self._speakers: list[str | None] | None = None

    def __len__(self) -> int:
        return len(self.spans)

    def piece(self, i: int) -> Piece:
        """The *i*-th of these pieces."""
        row = i if self.rows is None else int(self.rows[i])
        first, end, start_char, end_char = self.spans[i].tolist()
        speaker = None
        if self.kind == QUOTE:
            if self._speakers is None:
                self._speakers = speakers_of(self._raw)
            speaker = self._speakers[row]
        return _new(Piece, (self.kind, row + 1, first, end, start_char, end_char, speaker))


def speakers_of(raw: bytes) -> list[str | None]:
    """The speaker of each quote of an article (None where the article does not say)."""
    if not raw:
        return []
    if raw[:1] == bytes([_PACKED]):
        return _speakers(raw)
    return [row[4] for row in json.loads(raw).get("q", ())]


def check_pieces(raw: bytes) -> None:
    """Raise ValueError unless *raw* is an article's pieces as ingest writes them (either format)."""
    if not raw:
        return
    if raw[:1] == bytes([_PACKED]):
        _version, paragraphs, quotes = _HEAD.unpack_from(raw)
        if len(raw) < _HEAD.size + 4 * _ROW * (paragraphs + quotes):
            raise ValueError(f"{paragraphs} paragraphs and {quotes} quotes do not fit in {len(raw)} bytes")
        _speakers(raw)
        return
    pieces = json.loads(raw)
    if not isinstance(pieces, dict):
        raise ValueError(f"not a JSON object: {raw[:40]!r}")
    for kind, width in {"p": 4, "q": 5}.items():  # (first, end, start char, end char[, speaker])
        if any(len(row) != width for row in pieces.get(kind, ())):
            raise ValueError(f"a {kind!r} row is not {width} values long: {raw[:40]!r}")


def average_length(found: Iterable[ArticlePieces]) -> float | None:
    """The average length in words of the pieces *found* (None: there are none)."""
    lengths = [pieces.spans[:, 1] - pieces.spans[:, 0] for pieces in found if len(pieces)]
    if not lengths:
        return None
    every = np.concatenate(lengths)
    return int(every.sum()) / len(every)


@dataclass(slots=True)
class Clause:
    """One word of the query (its stem, the stems a prefix expands to, or its translations) or one phrase."""

    alternatives: list[tuple[str, ...]]  # each a sequence of stems; a word is a sequence of one
    idf: float = 0.0
    # How much an occurrence of each alternative counts: 1 each, or a translation's probability
    weights: tuple[float, ...] | None = None
    # The query word it stands for (its index among the words), when several clauses stand for
    # one: a word's single-word translations and each of its phrase translations; None: itself
    word: int | None = None


# What a piece must contain: ("clause", i), ("all", [...]) or ("any", [...]).
Need = tuple[str, Any]


@dataclass(slots=True)
class PieceQuery:
    """A query as it applies to paragraphs and quotes."""

    clauses: list[Clause]
    need: Need | None  # None: any piece of a matching article will do
    speakers: list[list[str]]  # speaker:NAME clauses, each as folded words

    def word_of(self, c: int) -> int:
        """The query word clause *c* stands for (what coordination and the operators count)."""
        word = self.clauses[c].word
        return c if word is None else word

    @property
    def words(self) -> int:
        return len({self.word_of(c) for c in range(len(self.clauses))})

    def searched_words(self) -> set[str]:
        """The body stems its clauses look for (whose positions scoring reads)."""
        return {word for clause in self.clauses for sequence in clause.alternatives for word in sequence}

    def matches(self, matched: set[int]) -> bool:
        return self.need is None or _holds(self.need, matched)


def _holds(need: Need, matched: set[int]) -> bool:
    kind, value = need
    if kind == "clause":
        return value in matched
    if kind == "all":
        return all(_holds(n, matched) for n in value)
    return any(_holds(n, matched) for n in value)


def piece_query(q: wq.Query, reader: Any, searcher: Any) -> PieceQuery:
    """The body words and phrases of *q* with the operators that join them, and its speaker clauses.

    ``+word``, ``AND``, ``OR`` and ``--match all`` hold inside each piece as they
    hold for articles; excluded words (NOT, -word) and label clauses were
    applied to the articles and are left out here, except ``speaker:``, which
    also says whose quotes.
    """
    found: dict[tuple[Any, ...], int] = {}
    clause_list: list[Clause] = []
    speakers: list[list[str]] = []

    def add(
        alternatives: list[tuple[str, ...]],
        translated: ranking.TranslatedWord | None = None,
        weight: float = 1.0,
        word: int | None = None,
    ) -> Need | None:
        """The clause for *alternatives* (made once): a word, a phrase, a prefix's words, a word's
        single-word *translated* translations or, of *weight*, one of its phrase translations;
        *word*: the clause of the query word it is a part of."""
        if not alternatives:
            return None
        key = (tuple(sorted(alternatives)), weight, word)
        if key not in found:
            found[key] = len(clause_list)
            if translated is not None:  # one word, as the article scorer weighs its translations
                weights = tuple(p for _t, p in translated.translations)
                clause_list.append(Clause(alternatives, translated.idf(searcher), weights, word))
            else:
                idf = max(sum(searcher.idf("body", w) for w in seq) for seq in alternatives)
                weights = (weight,) * len(alternatives) if weight != 1.0 else None
                clause_list.append(Clause(alternatives, idf, weights, word))
        return ("clause", found[key])

    def translated(node: ranking.Translations) -> Need | None:
        """A word's translations, its single words (one weighted clause) and each of its phrases
        (weighed by its probability), scored as the article scorer scores them, counted as one word."""
        word: int | None = None
        for part in node.subqueries:
            if getattr(part, "fieldname", None) != "body":
                continue
            if isinstance(part, ranking.TranslatedWord):
                need = add([(text,) for text, _p in part.translations], part, word=word)
            elif isinstance(part, wq.Phrase):
                need = add([tuple(_text(w) for w in part.words)], weight=part.boost, word=word)
            else:
                continue
            if need is not None and word is None:
                word = need[1]
        return None if word is None else ("clause", word)

    def labels(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            labels(node.a)
            return
        if isinstance(node, wq.Term) and node.fieldname == "speaker":
            speakers.append([_text(node.text)])
        elif isinstance(node, wq.Phrase) and node.fieldname == "speaker":
            speakers.append([_text(w) for w in node.words])
        elif not node.is_leaf():
            for child in node.children():
                labels(child)

    def walk(node: wq.Query) -> Need | None:
        if isinstance(node, wq.Not):
            return None
        if isinstance(node, wq.AndNot):
            return walk(node.a)
        if isinstance(node, wq.AndMaybe):
            need = walk(node.a)
            walk(node.b)  # optional words still add to the score
            return need
        if isinstance(node, wq.Require):
            labels(node.b)  # the required side holds labels and dates
            return walk(node.a)
        if isinstance(node, wq.Phrase):
            return add([tuple(_text(w) for w in node.words)]) if node.fieldname == "body" else None
        if isinstance(node, ranking.TranslatedWord):
            if node.fieldname != "body":
                return None
            return add([(text,) for text, _p in node.translations], node)
        if isinstance(node, ranking.Translations):
            return translated(node)
        if isinstance(node, wq.Term):
            if node.fieldname == "speaker":
                labels(node)
            return add([(_text(node.text),)]) if node.fieldname == "body" else None
        if isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
            if node.fieldname != "body":
                return None
            return add([(_text(t),) for t in node._btexts(reader)][:64])
        if node.is_leaf():
            return None
        parts = [n for n in (walk(child) for child in node.children()) if n is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return ("all" if isinstance(node, wq.And) else "any", parts)

    need = walk(q)
    return PieceQuery(clause_list, need, speakers)


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


@dataclass(slots=True)
class ScoredPiece:
    docnum: int
    article_rank: int
    piece: Piece
    score: float


# The body positions of a word in each of some articles that has it: (word, docnums) -> {docnum: positions}.
PositionsOf = Callable[[str, list[int]], dict[int, list[int]]]


def score_pieces(
    positions_of: PositionsOf,
    articles: list[int],
    pieces_of: Callable[[int], list[Piece]],
    query: PieceQuery,
    average: float | None = None,
) -> list[ScoredPiece]:
    """Score every piece of *articles* (docnums, best first) that matches *query*, best first.

    *pieces_of* gives an article's pieces; it is asked only for the articles
    that have one of the query's words in their body.  With no body words (a
    query of labels or titles, or ``*``) every piece matches with the same
    score, and pieces keep their articles' order.
    """
    query_clauses = query.clauses
    rank = {docnum: i for i, docnum in enumerate(articles)}
    starts = _clause_starts(positions_of, sorted(articles), query_clauses)
    present: dict[int, list[int]] = {}  # article -> the clauses its body has
    for c, alternatives in enumerate(starts):
        for docnum in {d for _w, _width, found in alternatives for d in found}:
            present.setdefault(docnum, []).append(c)
    candidates = articles if not query_clauses else [d for d in articles if d in present]
    by_doc = {docnum: pieces_of(docnum) for docnum in candidates}
    if average is None:  # the pieces' average length in tokens, unless the caller knows it
        average = average_length(by_doc.values()) or 1.0
    if not query_clauses:  # every piece, alike
        everything = query.matches(set())
        scored = [
            ScoredPiece(docnum, rank[docnum], pieces.piece(i), 1.0)
            for docnum, pieces in by_doc.items()
            for i in range(len(pieces))
            if everything
        ]
    else:
        scored = _scored(by_doc, starts, query, average, rank)
    scored.sort(key=lambda s: (-s.score, s.article_rank, s.piece.kind, s.piece.number))
    return scored


def _scored(
    by_doc: dict[int, ArticlePieces],
    starts: list[list[Occurrences]],
    query: PieceQuery,
    average: float,
    rank: dict[int, int],
) -> list[ScoredPiece]:
    """The pieces of *by_doc* that match *query*, with their scores, all pieces at once.

    A piece's term frequency for an alternative of *width* words is the
    number of its starts in [first, end - width], counted by bisection in
    one array of every article's starts (each article's positions lifted
    into a range of its own); the arithmetic is a piece at a time's, in the
    same order, so scores are the same to the last bit.
    """
    docs = [docnum for docnum, pieces in by_doc.items() if len(pieces)]
    if not docs:
        return []
    sizes = np.fromiter((len(by_doc[docnum]) for docnum in docs), dtype=np.int64, count=len(docs))
    spans = np.concatenate([by_doc[docnum].spans for docnum in docs]).astype(np.int64)
    n = len(spans)
    owner = np.repeat(np.arange(len(docs), dtype=np.int64), sizes)
    lift = owner << _LIFT  # article k's positions live in [k << _LIFT, (k + 1) << _LIFT)
    first = spans[:, 0] + lift
    end = spans[:, 1] + lift
    index_of = {docnum: k for k, docnum in enumerate(docs)}
    total = np.zeros(n)
    found_words: dict[int, np.ndarray] = {}  # query word -> the pieces that have it
    with np.errstate(divide="ignore", invalid="ignore"):  # (pieces without words: an average of 0)
        norm = K1 * (1 - B + B * (end - first) / average)
        for c, alternatives in enumerate(starts):
            tf: np.ndarray | None = None
            for w, width, where in alternatives:
                held = sorted((index_of[d], at) for d, at in where.items() if d in index_of)
                if not held:
                    continue
                lengths = np.fromiter((len(at) for _k, at in held), dtype=np.int64, count=len(held))
                at_all = np.fromiter(
                    itertools.chain.from_iterable(at for _k, at in held),
                    dtype=np.int64,
                    count=int(lengths.sum()),
                )
                at_all += np.repeat(np.array([k for k, _at in held], dtype=np.int64) << _LIFT, lengths)
                count = np.searchsorted(at_all, end - width + 1) - np.searchsorted(at_all, first)
                tf = w * count if tf is None else tf + w * count
            if tf is None:
                continue
            has = tf > 0
            total = np.where(has, total + query.clauses[c].idf * tf * (K1 + 1) / (tf + norm), total)
            word = query.word_of(c)
            found_words[word] = found_words[word] | has if word in found_words else has
    matched = sum(found_words.values(), np.zeros(n, dtype=np.int64))
    keep = (matched > 0) & _holding(query.need, found_words, n)
    # a description (many words) is scored as for articles, without coordination
    score = total if query.words > ranking.COORDINATION_MAX_WORDS else total * matched / query.words
    offsets = (np.cumsum(sizes) - sizes).tolist()  # where each article's pieces begin
    return [
        ScoredPiece(docs[k], rank[docs[k]], by_doc[docs[k]].piece(i - offsets[k]), float(score[i]))
        for i, k in zip(np.flatnonzero(keep).tolist(), owner[keep].tolist(), strict=True)
    ]


# Each article's positions are lifted by its index times 2**_LIFT: far above any article's length.
_LIFT = 32


def _holding(need: Need | None, found_words: dict[int, np.ndarray], n: int) -> np.ndarray:
    """Which of *n* pieces satisfy *need* (`_holds`, for all pieces at once)."""
    if need is None:
        return np.ones(n, dtype=bool)
    kind, value = need
    if kind == "clause":
        return found_words.get(value, np.zeros(n, dtype=bool))
    parts = [_holding(part, found_words, n) for part in value]
    if kind == "all":
        return np.logical_and.reduce(parts) if parts else np.ones(n, dtype=bool)
    return np.logical_or.reduce(parts) if parts else np.zeros(n, dtype=bool)


# One alternative of a clause where it occurs: (weight, length in words, {docnum: sorted start positions}).
Occurrences = tuple[float, int, dict[int, list[int]]]


def _clause_starts(
    positions_of: PositionsOf, docnums: list[int], query_clauses: list[Clause]
) -> list[list[Occurrences]]:
    """For each clause, each alternative's weight, length and the positions where it starts in each article.

    Unweighted alternatives of one length are merged into one list of positions.
    """
    positions: dict[str, dict[int, list[int]]] = {}
    for clause in query_clauses:
        for seq in clause.alternatives:
            for word in seq:
                if word not in positions:
                    positions[word] = positions_of(word, docnums)
    out = []
    for clause in query_clauses:
        weights = clause.weights or (1.0,) * len(clause.alternatives)
        merged: dict[tuple[float, int], dict[int, list[int]]] = {}
        for seq, weight in zip(clause.alternatives, weights, strict=True):
            starts = merged.setdefault((weight, len(seq)), {})
            for docnum, plist in positions[seq[0]].items():
                if len(seq) > 1:
                    rest = [set(positions[w].get(docnum, ())) for w in seq[1:]]
                    plist = [p for p in plist if all(p + i + 1 in s for i, s in enumerate(rest))]
                if plist:
                    starts.setdefault(docnum, []).extend(plist)
        for starts in merged.values():
            for plist in starts.values():
                plist.sort()
        out.append([(weight, width, starts) for (weight, width), starts in merged.items() if starts])
    return out


def speaker_matches(piece: Piece, wanted: list[list[str]]) -> bool:
    """Whether a quote's speaker has each of *wanted* (folded words, in order); paragraphs always do.

    Paragraphs have no speaker of their own: ``--speaker`` keeps the paragraphs
    of the articles that quote that person, which the article query did.
    """
    if piece.kind != QUOTE or not wanted:
        return True
    if not piece.speaker:
        return False
    have = fold_label(piece.speaker).split()
    return all(
        any(have[i : i + len(words)] == words for i in range(len(have) - len(words) + 1)) for words in wanted
    )
