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

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq

from .. import analysis
from .ranking import K1, B

PARAGRAPH, QUOTE = "passage", "quote"
# Articles whose pieces are scored; a piece of an article ranked lower is not found.
CANDIDATE_ARTICLES = 1000


@dataclass(slots=True, frozen=True)
class Piece:
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


def decode_pieces(raw: bytes, kind: str) -> list[Piece]:
    """The paragraphs (kind PARAGRAPH) or quotes (QUOTE) recorded for one article."""
    if not raw:
        return []
    data = json.loads(raw)
    if kind == PARAGRAPH:
        return [Piece(PARAGRAPH, n, a, b, c, d) for n, (a, b, c, d) in enumerate(data.get("p", []), 1)]
    return [Piece(QUOTE, n, a, b, c, d, who) for n, (a, b, c, d, who) in enumerate(data.get("q", []), 1)]


@dataclass(slots=True)
class Clause:
    """One word of the query (its stem, or the stems a prefix expands to) or one phrase."""

    alternatives: list[tuple[str, ...]]  # each a sequence of stems; a word is a sequence of one
    idf: float = 0.0


def clauses(q: wq.Query, reader: Any, searcher: Any) -> list[Clause]:
    """The words and phrases of *q* that a piece's text can match (its body clauses).

    Excluded words (NOT, -word) and label clauses are left out: they were
    applied to the articles.
    """
    found: dict[tuple[tuple[str, ...], ...], Clause] = {}

    def add(alternatives: list[tuple[str, ...]]) -> None:
        key = tuple(sorted(alternatives))
        if alternatives and key not in found:
            idf = max(sum(searcher.idf("body", w) for w in seq) for seq in alternatives)
            found[key] = Clause(alternatives, idf)

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Require):
            walk(node.a)  # the required side is the restriction (labels, dates)
            return
        if isinstance(node, wq.Phrase):
            if node.fieldname == "body":
                add([tuple(_text(w) for w in node.words)])
            return
        if isinstance(node, wq.Term):
            if node.fieldname == "body":
                add([(_text(node.text),)])
            return
        if isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
            if node.fieldname == "body":
                add([(_text(t),) for t in node._btexts(reader)][:64])
            return
        if not node.is_leaf():
            for child in node.children():
                walk(child)

    walk(q)
    return list(found.values())


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


@dataclass(slots=True)
class ScoredPiece:
    docnum: int
    article_rank: int
    piece: Piece
    score: float


def score_pieces(
    reader: Any,
    articles: list[int],
    pieces: Iterable[tuple[int, list[Piece]]],
    query_clauses: list[Clause],
    require_all: bool = False,
) -> list[ScoredPiece]:
    """Score every piece of *articles* (docnums, best first) that matches the clauses, best first.

    With no clauses (a query of labels, or ``*``) every piece matches with
    the same score, and pieces keep their articles' order.
    """
    by_doc = dict(pieces)
    rank = {docnum: i for i, docnum in enumerate(articles)}
    lengths = [p.end - p.first for plist in by_doc.values() for p in plist]
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    starts = _clause_starts(reader, sorted(by_doc), query_clauses)
    scored = []
    for docnum, plist in by_doc.items():
        for piece in plist:
            total = 0.0
            matched = 0
            for c, clause in enumerate(query_clauses):
                found = starts[c].get(docnum)
                if not found:
                    continue
                width = max(len(seq) for seq in clause.alternatives)
                tf = bisect.bisect_left(found, piece.end - width + 1) - bisect.bisect_left(found, piece.first)
                if tf <= 0:
                    continue
                matched += 1
                norm = K1 * (1 - B + B * (piece.end - piece.first) / average)
                total += clause.idf * tf * (K1 + 1) / (tf + norm)
            if query_clauses and (matched == 0 or (require_all and matched < len(query_clauses))):
                continue
            score = total * matched / len(query_clauses) if query_clauses else 1.0
            scored.append(ScoredPiece(docnum, rank[docnum], piece, score))
    scored.sort(key=lambda s: (-s.score, s.article_rank, s.piece.kind, s.piece.number))
    return scored


def _clause_starts(
    reader: Any, docnums: list[int], query_clauses: list[Clause]
) -> list[dict[int, list[int]]]:
    """For each clause, the sorted positions in each article where it starts."""
    positions: dict[str, dict[int, list[int]]] = {}
    for clause in query_clauses:
        for seq in clause.alternatives:
            for word in seq:
                if word not in positions:
                    positions[word] = _positions(reader, word, docnums)
    out = []
    for clause in query_clauses:
        starts: dict[int, list[int]] = {}
        for seq in clause.alternatives:
            first = positions[seq[0]]
            for docnum, plist in first.items():
                if len(seq) > 1:
                    rest = [set(positions[w].get(docnum, ())) for w in seq[1:]]
                    plist = [p for p in plist if all(p + i + 1 in s for i, s in enumerate(rest))]
                if plist:
                    starts.setdefault(docnum, []).extend(plist)
        for plist in starts.values():
            plist.sort()
        out.append(starts)
    return out


def _positions(reader: Any, word: str, docnums: list[int]) -> dict[int, list[int]]:
    """The body positions of *word* in each of *docnums* (ascending) that has it."""
    found: dict[int, list[int]] = {}
    if not docnums or ("body", word) not in reader:
        return found
    matcher = reader.postings("body", word)
    for docnum in docnums:
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
            if not matcher.is_active():
                break
        if matcher.id() == docnum:
            found[docnum] = matcher.value_as("positions")
    return found


def speaker_matches(piece: Piece, wanted: str | None) -> bool:
    """Whether a quote's speaker has every word of *wanted* (folded), as --speaker asks."""
    if not wanted:
        return True
    if not piece.speaker:
        return False
    have = analysis.fold_label(piece.speaker).split()
    words = analysis.fold_label(wanted).split()
    return any(have[i : i + len(words)] == words for i in range(len(have) - len(words) + 1))
