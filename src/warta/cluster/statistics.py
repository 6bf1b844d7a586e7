"""Collection statistics of an index whose shards live on other machines.

BM25 scores an article with its own term frequencies and length and with
three numbers of the whole collection: how many articles there are, how
long a field is on average, and in how many articles each query word occurs.
A shard that scored with its own numbers would rank an article differently
depending on where it landed (Elasticsearch's ``query_then_fetch``).  So:

* every shard describes itself once (`shard_digest`: its article counts,
  field lengths, and each term of its lexicons with its document
  frequency and total frequency), and the searching process adds the shards'
  digests up (`Digest`): what one index over the same articles would say;
* `StatisticsReader` answers a Whoosh searcher's statistical questions from
  that sum, so the query is understood (typos, translations, patterns) and
  compiled exactly as it would be over one index;
* with each query, the searching process sends every shard the document
  frequencies of the terms the query can touch (`query_terms`), and the shard
  scores with them (`GlobalSearcher`); a term it needs and was not sent is
  reported back (`GlobalSearcher.misses`) and the query is run again with it,
  so a score never silently uses a shard's own count.

The ``id`` field is left out of the digests (a term per article): its counts
are asked of the shards when a query names it.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from ..engine.compile import leaves
from ..engine.ranking import TranslatedWord

# Fields whose terms are not summed into a digest (one term per article).
UNDIGESTED = frozenset({"id"})

TermKey = tuple[str, bytes]


@dataclass
class ShardDigest:
    """What one shard says of itself: counts, field lengths and its lexicons (`shard_digest`)."""

    doc_count_all: int
    doc_count: int
    field_lengths: dict[str, int]
    # field -> (terms, document frequencies, total frequencies), the terms sorted
    lexicons: dict[str, tuple[list[bytes], list[int], list[float]]]
    schema: Any = None


def shard_digest(reader: Any) -> ShardDigest:
    """The digest of the shard *reader* reads (every segment of it)."""
    lexicons: dict[str, tuple[list[bytes], list[int], list[float]]] = {}
    lengths: dict[str, int] = {}
    schema = reader.schema
    for fieldname in reader.indexed_field_names():
        if fieldname in schema and schema[fieldname].scorable:
            lengths[fieldname] = int(reader.field_length(fieldname))
        if fieldname in UNDIGESTED:
            continue
        terms: list[bytes] = []
        dfs: list[int] = []
        weights: list[float] = []
        for (name, tbytes), info in reader.iter_from(fieldname, b""):  # (iter_field converts b"")
            if name != fieldname:
                break
            terms.append(tbytes)
            dfs.append(int(info.doc_frequency()))
            weights.append(float(info.weight()))
        lexicons[fieldname] = (terms, dfs, weights)
    return ShardDigest(int(reader.doc_count_all()), int(reader.doc_count()), lengths, lexicons, schema)


@dataclass
class Digest:
    """The shards' digests added up: the statistics of one index over all their articles."""

    doc_count_all: int = 0
    doc_count: int = 0
    field_lengths: dict[str, int] = field(default_factory=dict)
    terms: dict[str, dict[bytes, list[float]]] = field(default_factory=dict)  # field -> term -> [df, weight]
    sorted_terms: dict[str, list[bytes]] = field(default_factory=dict)

    @classmethod
    def of(cls, digests: Iterable[ShardDigest]) -> Digest:
        total = cls()
        for d in digests:
            total.doc_count_all += d.doc_count_all
            total.doc_count += d.doc_count
            for name, length in d.field_lengths.items():
                total.field_lengths[name] = total.field_lengths.get(name, 0) + length
            for name, (terms, dfs, weights) in d.lexicons.items():
                into = total.terms.setdefault(name, {})
                for term, df, weight in zip(terms, dfs, weights, strict=True):
                    found = into.get(term)
                    if found is None:
                        into[term] = [df, weight]
                    else:
                        found[0] += df
                        found[1] += weight
        total.sorted_terms = {name: sorted(terms) for name, terms in total.terms.items()}
        return total


class StatisticsReader(IndexReader):
    """A Whoosh reader that holds no articles, only the statistics of a `Digest`.

    Enough for what understanding and compiling a query asks (lexicons,
    prefixes, document frequencies, field lengths) and for Whoosh's key-term
    expansion (``related``).  *undigested* answers the document frequency of
    a term of a field the digest leaves out (asked of the shards).
    """

    def __init__(self, schema: Any, digest: Digest, undigested: Any) -> None:
        self.schema = schema
        self.digest = digest
        self._undigested = undigested
        self._asked: dict[TermKey, int] = {}

    def _bytes(self, fieldname: str, text: Any) -> bytes:
        return text if isinstance(text, bytes) else self.schema[fieldname].to_bytes(text)

    def _found(self, fieldname: str, text: Any) -> list[float] | None:
        if fieldname not in self.schema:
            return None
        return self.digest.terms.get(fieldname, {}).get(self._bytes(fieldname, text))

    def __contains__(self, term: tuple[str, Any]) -> bool:
        fieldname, text = term
        if fieldname in UNDIGESTED:
            return self.doc_frequency(fieldname, text) > 0
        return self._found(fieldname, text) is not None

    def is_atomic(self) -> bool:
        return True

    def leaf_readers(self) -> list[tuple[IndexReader, int]]:
        return [(self, 0)]

    def indexed_field_names(self) -> list[str]:
        return sorted(set(self.digest.terms) | set(self.digest.field_lengths))

    def all_terms(self) -> Iterator[tuple[str, bytes]]:
        for name in sorted(self.digest.sorted_terms):
            for term in self.digest.sorted_terms[name]:
                yield name, term

    def terms_from(self, fieldname: str, prefix: Any) -> Iterator[tuple[str, bytes]]:
        terms = self.digest.sorted_terms.get(fieldname, [])
        start = bisect.bisect_left(terms, self._bytes(fieldname, prefix)) if fieldname in self.schema else 0
        for term in terms[start:]:
            yield fieldname, term

    def term_info(self, fieldname: str, text: Any) -> Any:
        raise NotImplementedError("a cluster's statistics hold no postings")

    def has_deletions(self) -> bool:
        return self.digest.doc_count != self.digest.doc_count_all

    def is_deleted(self, docnum: int) -> bool:
        raise NotImplementedError("a cluster's statistics hold no articles")

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        raise NotImplementedError("a cluster's statistics hold no articles")

    def doc_count_all(self) -> int:
        return self.digest.doc_count_all

    def doc_count(self) -> int:
        return self.digest.doc_count

    def frequency(self, fieldname: str, text: Any) -> float:
        found = self._found(fieldname, text)
        return found[1] if found else 0

    def doc_frequency(self, fieldname: str, text: Any) -> int:
        if fieldname in UNDIGESTED and fieldname in self.schema:
            key = (fieldname, self._bytes(fieldname, text))
            if key not in self._asked:
                self._asked[key] = int(self._undigested([key])[key])
            return self._asked[key]
        found = self._found(fieldname, text)
        return int(found[0]) if found else 0

    def field_length(self, fieldname: str) -> int:
        return self.digest.field_lengths.get(fieldname, 0)

    def min_field_length(self, fieldname: str) -> int:
        raise NotImplementedError("not kept in a digest")

    def max_field_length(self, fieldname: str) -> int:
        raise NotImplementedError("not kept in a digest")

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        raise NotImplementedError("a cluster's statistics hold no articles")

    def postings(self, fieldname: str, text: Any, scorer: Any = None) -> Any:
        raise NotImplementedError("a cluster's statistics hold no postings")

    def has_vector(self, docnum: int, fieldname: str) -> bool:
        return False

    def vector(self, docnum: int, fieldname: str, format_: Any = None) -> Any:
        raise NotImplementedError("a cluster's statistics hold no vectors")


def query_terms(q: wq.Query, reader: StatisticsReader) -> dict[TermKey, int]:
    """The terms *q* can score, each with its document frequency in the whole collection.

    Words, phrases' words, a word's translations, and what patterns and fuzzy
    words stand for in the collection's lexicons; a range (dates) is left to
    the shards, which report the terms they needed (`GlobalSearcher.misses`).
    """
    keys: set[TermKey] = set()
    schema = reader.schema

    def add(fieldname: str, text: Any) -> None:
        if fieldname in schema:
            with contextlib.suppress(ValueError):  # a value the field cannot hold matches nothing
                keys.add((fieldname, reader._bytes(fieldname, text)))

    stack = list(leaves(q))
    while stack:
        leaf = stack.pop()
        if isinstance(leaf, TranslatedWord):
            for text, _p in leaf.translations:
                add(leaf.fieldname, text)
        elif isinstance(leaf, wq.Term):
            add(leaf.fieldname, leaf.text)
        elif isinstance(leaf, wq.Phrase):
            for word in leaf.words:
                add(leaf.fieldname, word)
        elif isinstance(leaf, wq.MultiTerm) and leaf.field() in schema:
            for tbytes in leaf._btexts(reader):
                keys.add((leaf.field(), tbytes))
        elif not leaf.is_leaf():
            stack.extend(leaf.children())
    return frequencies(keys, reader)


def frequencies(keys: Iterable[TermKey], reader: StatisticsReader) -> dict[TermKey, int]:
    """The collection's document frequency of each of *keys*."""
    return {key: int(reader.doc_frequency(*key)) for key in keys}


class GlobalSearcher(Searcher):
    """A shard's Whoosh searcher that scores with the collection's statistics, not its own.

    `use` sets them for a query: the article counts and field lengths of the
    whole collection, and the document frequencies of the query's terms.  A
    term it is asked about and was not given is answered from the shard (so
    that nothing fails) and listed in `misses`, for the searching process to
    run the query again with it.  Without `use` it is the shard's own searcher.
    """

    def __init__(self, reader: Any, **kwargs: Any) -> None:
        super().__init__(reader, **kwargs)
        self._global: Digest | None = None
        self._given: dict[TermKey, int] = {}
        self.misses: set[TermKey] = set()
        if self.parent is None:
            self._own_doc_frequency = self.doc_frequency
            self.doc_frequency = self._doc_frequency  # Whoosh copies the reader's onto the searcher

    def use(self, counts: Digest, given: dict[TermKey, int]) -> None:
        """Score with *counts* (a digest's totals; its terms are not read) and *given* frequencies."""
        self._global = counts
        self._given = given
        self._doccount = counts.doc_count_all
        self._idf_cache.clear()
        self.misses = set()

    def _doc_frequency(self, fieldname: str, text: Any) -> int:
        if self._global is None:
            return int(self._own_doc_frequency(fieldname, text))
        key = (fieldname, text if isinstance(text, bytes) else self.schema[fieldname].to_bytes(text))
        found = self._given.get(key)
        if found is None:
            self.misses.add(key)
            return int(self._own_doc_frequency(fieldname, text))
        return found

    def doc_count_all(self) -> int:
        return self._global.doc_count_all if self._global is not None else super().doc_count_all()

    def doc_count(self) -> int:
        return self._global.doc_count if self._global is not None else super().doc_count()

    def field_length(self, fieldname: str) -> int:
        if self._global is None:
            return int(super().field_length(fieldname))
        return self._global.field_lengths.get(fieldname, 0)
