"""Ranking parameters: BM25F over title, body and the exact-form field.

Defaults live here, in one place, so that evaluation runs can override them
explicitly and every other module uses the same values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from whoosh import matching, scoring
from whoosh import query as wq

# Query-time weight of each field's BM25 score.  The title says what the
# article is about, so a match there counts twice; the exact-form field adds a
# bonus when the article uses the very word typed, on top of the stem match
# in title or body.
FIELD_BOOSTS: dict[str, float] = {"title": 2.0, "body": 1.0, "exact": 0.5}
SEARCH_FIELDS: tuple[str, ...] = tuple(FIELD_BOOSTS)

# BM25 saturation and length normalisation (Robertson's usual values).
K1 = 1.2
B = 0.75
# Titles are all short; normalising their length mostly adds noise.
TITLE_B = 0.3
# Coordination (`CoordinatedOr`) for queries of up to this many words: keyword
# queries, where an article with every word should come first.  A longer
# query reads as a description, whose words relevant articles rarely all
# have; there the words' scores are summed as plain BM25 does.  Measured
# (docs/relevance.md): on the id-news development topics nDCG@10 0.911 with
# 4 words, 0.927 with 8 (5- to 7-word Indonesian queries such as "imam
# nahrawi tersangka suap dana hibah koni" gain; test topics 0.892 -> 0.904).
# TIME's 7-39-word descriptions lose with coordination on every query
# (0.676 against 0.703), and 8 words reach three of them: 0.703 -> 0.690.
COORDINATION_MAX_WORDS = 8


class WartaBM25F(scoring.BM25F):
    """Whoosh's BM25F with the usual BM25 idf, ``log(1 + (N - n + 0.5) / (n + 0.5))`` (as Lucene's).

    Whoosh's own idf, ``log(N / (n + 1)) + 1``, never falls below about 1,
    so a word in every article (``the``, ``yang``) still adds a share of a
    rare word's score; here it adds nearly nothing.  On TIME (with
    coordination on every query, as it was then) nDCG@10 went 0.674 -> 0.676.
    """

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        return bm25_idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text))


def bm25_idf(total: int, n: float) -> float:
    """BM25's idf of a word in *n* of *total* articles (*n* may be a weighted count, `TranslatedWord`)."""
    return math.log(1 + (total - n + 0.5) / (n + 0.5))


def default_weighting() -> scoring.BM25F:
    return WartaBM25F(B=B, K1=K1, title_B=TITLE_B)


class CoordinatedOr(wq.Or):
    """An OR whose score is scaled by the share of its clauses an article matches.

    For ``kabinet merah putih``, an article with all three words scores its
    BM25F sum, one with two of them two thirds of its sum (the coordination
    factor of classic Lucene).  Plain BM25 adds the words' scores, so an
    article that repeats two common words ("Koperasi Merah Putih") can
    outrank one that has every word; Whoosh's own coordination bonus (the
    ``scale`` of `OrGroup.factory`) is an additive term too small to change
    that.
    """

    def normalize(self) -> wq.Query:
        # Whoosh's normalize would merge a nested CoordinatedOr (a parenthesised
        # group) into this one, so that "polisi OR (jakarta NOT bandung)" lost
        # its grouping; each group keeps its own clauses here.
        subs = [q.normalize() for q in self.subqueries]
        subs = [q for q in subs if q is not wq.NullQuery]
        if not subs:
            return wq.NullQuery
        if len(subs) == 1:
            return subs[0].with_boost(subs[0].boost * self.boost)
        return CoordinatedOr(subs, boost=self.boost)

    def matcher(self, searcher: Any, context: Any = None) -> matching.Matcher:
        subs = [q.matcher(searcher, context) for q in self.subqueries]
        active = [m for m in subs if m.is_active()]
        if not active:
            return matching.NullMatcher()
        return _CoordinatingMatcher(active, len(self.subqueries), self.boost)


class _CoordinatingMatcher(matching.Matcher):
    """Union of the clause matchers; the score is the clause scores' sum times coordination.

    The current id of each clause is cached in ``_ids`` (None once a clause
    is exhausted), so that each step asks every clause for its id only once.
    """

    def __init__(self, children: list[matching.Matcher], clauses: int, boost: float = 1.0) -> None:
        self._children = children
        self._clauses = clauses
        self._boost = boost
        self._ids: list[int | None] = [c.id() if c.is_active() else None for c in children]
        self._current = min((i for i in self._ids if i is not None), default=None)

    def _refresh(self, positions: list[int]) -> None:
        ids = self._ids
        for n in positions:
            c = self._children[n]
            ids[n] = c.id() if c.is_active() else None
        self._current = min((i for i in ids if i is not None), default=None)

    def is_active(self) -> bool:
        return self._current is not None

    def id(self) -> int:
        if self._current is None:
            raise matching.ReadTooFar
        return self._current

    def next(self) -> None:
        current = self.id()
        moved = [n for n, i in enumerate(self._ids) if i == current]
        for n in moved:
            self._children[n].next()
        self._refresh(moved)

    def skip_to(self, target: int) -> None:
        moved = [n for n, i in enumerate(self._ids) if i is not None and i < target]
        for n in moved:
            self._children[n].skip_to(target)
        self._refresh(moved)

    def _matching(self) -> list[matching.Matcher]:
        current = self.id()
        return [self._children[n] for n, i in enumerate(self._ids) if i == current]

    def score(self) -> float:
        matched = self._matching()
        total = self._boost * sum(c.score() for c in matched)
        if self._clauses > COORDINATION_MAX_WORDS:
            return total
        return total * len(matched) / self._clauses

    def weight(self) -> float:
        return sum(c.weight() for c in self._matching())

    def reset(self) -> None:
        for c in self._children:
            c.reset()
        self._refresh(list(range(len(self._children))))

    def children(self) -> list[matching.Matcher]:
        return list(self._children)

    def copy(self) -> _CoordinatingMatcher:
        return _CoordinatingMatcher([c.copy() for c in self._children], self._clauses, self._boost)

    # Upper bounds for Whoosh's block skipping (coordination never raises a score).
    def supports_block_quality(self) -> bool:
        return False  # warta scores every match (optimize=False); no block skipping here

    def max_quality(self) -> float:
        return self._boost * sum(c.max_quality() for c in self._children if c.is_active())

    def block_quality(self) -> float:
        return self._boost * sum(c.block_quality() for c in self._children if c.is_active())


class TranslatedWord(wq.Or):
    """One query word searched as its translations, scored as one word (a probabilistic structured query).

    Darwish and Oard's PSQ: the translations ``t`` of a word, each with its
    probability ``p``, share one term frequency, ``sum(p * tf(t))`` in an
    article, and one document frequency, ``sum(p * df(t))``, which BM25
    (Whoosh's formula, with the field's B) scores as it would score one
    term.  An article with a rare, likely translation scores high; one with
    an unlikely translation of a common word, little.  The translations of
    one word count as one word for coordination.

    As an OR of its terms it matches what any translation matches, and lists
    its terms for highlighting; `matcher` scores as `array_scoring` does
    (the reference its tests compare with).
    """

    def __init__(self, fieldname: str, translations: Sequence[tuple[str, float]], boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.translations = [(str(text), float(p)) for text, p in translations]
        super().__init__([wq.Term(fieldname, text) for text, _p in self.translations], boost=boost)

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and other.fieldname == self.fieldname  # type: ignore[attr-defined]
            and other.translations == self.translations  # type: ignore[attr-defined]
            and other.boost == self.boost  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.fieldname, tuple(self.translations), self.boost))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.fieldname!r}, {self.translations!r}, boost={self.boost})"

    def normalize(self) -> wq.Query:
        return self

    def apply(self, fn: Any) -> wq.Query:
        """Itself: its terms are its translations, which no rewrite of the query's words replaces."""
        return self

    def simplify(self, ixreader: Any) -> wq.Query:
        return self

    def with_boost(self, boost: float) -> TranslatedWord:
        return TranslatedWord(self.fieldname, self.translations, boost)

    def idf(self, searcher: Any) -> float:
        """BM25's idf of the translations' document frequencies, weighted by their probabilities."""
        parent = searcher.get_parent()
        n = sum(p * parent.doc_frequency(self.fieldname, text) for text, p in self.translations)
        return bm25_idf(parent.doc_count_all(), n)

    def matcher(self, searcher: Any, context: Any = None) -> matching.Matcher:
        """The matching documents of one segment with their PSQ scores, computed posting by posting."""
        parent = searcher.get_parent()
        reader = searcher.reader()
        weighting = searcher.weighting
        tf: dict[int, float] = {}
        for text, p in self.translations:
            if (self.fieldname, text) not in reader:
                continue
            postings = reader.postings(self.fieldname, text)
            while postings.is_active():
                tf[postings.id()] = tf.get(postings.id(), 0.0) + p * postings.weight()
                postings.next()
        if not tf:
            return matching.NullMatcher()
        idf = self.idf(searcher)
        avgfl = parent.avg_field_length(self.fieldname) or 1
        b = weighting._field_B.get(self.fieldname, weighting.B)
        ids = sorted(tf)
        scores = [
            scoring.bm25(idf, tf[d], reader.doc_field_length(d, self.fieldname, 1), avgfl, b, weighting.K1)
            * self.boost
            for d in ids
        ]
        return matching.ListMatcher(ids, weights=scores)


class Translations(wq.Or):
    """A word's translations in one field, some of them phrases (``gencatan senjata``): an OR
    scored as any OR is, which paragraph and quote scoring read as one word of the query
    (`passages.piece_query`).  Its parts are a `TranslatedWord` and phrases weighed by their
    probabilities."""
