"""The words an index holds, for correcting what a user mistyped (`warta.query.rewrites.corrections`).

Two questions are asked of it:

* *how often* a word occurs: the number of articles whose title, body or
  exact-form field has it, as a search would read it (its stem and its
  written form); looked up term by term in the index itself, a few
  microseconds, so every query word can be asked;
* *which words are near* a mistyped one: every word within one or two edits
  (a letter added, dropped, changed, or two neighbours swapped), found by
  RapidFuzz over the index's word list, in a few milliseconds.  Only words a
  search finds rarely or never are looked up so.

The word list (every term of those three fields made of letters, three or
more of them) is read from the index's lexicons and kept beside the manifest
in ``words.txt``, headed by the segments it was read from.  Ingest writes it
after each commit (`refresh_words`); a searcher that finds it missing or out of
date reads the lexicons again (0.2 s on id-news) and rewrites it when the
folder lets it.  Terms stay in a lexicon until their segment is merged, so a
word of a deleted article may still be offered: it is weighed by how many
articles the index says have it.

In an index of several languages, a candidate is weighed by the articles of
one language reading at a time (`count`), so that an English word is
corrected towards words of the English articles.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq

from ..analysis.words import iter_tokens
from ..query import Reading, Understood, tree
from .compile import compile_query
from .schema import NO_STEMMER

WORDS_FILE = "words.txt"
_TEXT_FIELDS = ("title", "body", "exact")
_WORD_RE = re.compile(r"[^\W\d_]{3,}")
_HEADER = "# warta words: "
# Word counts kept from query to query (a few MB at most).
COUNTS_KEPT = 100_000


class Vocabulary:
    """The words of an open Whoosh searcher over a `WartaIndex` (a `query.rewrites.corrections.Lexicon`)."""

    def __init__(
        self,
        searcher: Any,
        root: Path | None,
        stemmers: dict[str, int],
        matches: Callable[[wq.Query], np.ndarray] | None = None,
    ) -> None:
        self._searcher = searcher
        # the documents a query matches, ascending: by default Whoosh's matchers; the engine passes
        # its array scorer's, which keeps decoded posting lists (`array_scoring`)
        self._matches = matches or (lambda q: np.fromiter(searcher.docs_for_query(q), dtype=np.int64))
        self._reader = searcher.reader()
        self._root = root
        self._stemmers = stemmers  # articles per stemmer
        self._by_length: dict[int, list[str]] | None = None
        self._by_first: dict[tuple[str, int], list[str]] = {}
        self._field_terms: dict[str, list[str]] = {}
        self._fuzzy: dict[tuple[str, int, int], list[str]] = {}
        self._stemmer_docs: dict[frozenset[str], np.ndarray] = {}
        self._found: dict[tuple[str, str | None, bool], np.ndarray] = {}  # `_docs`
        self._counted: dict[tuple[str, str | None, bool], int] = {}  # `frequency` and `written`

    # -- how often -------------------------------------------------------------

    def frequency(self, word: str, lang: str | None) -> int:
        """Articles that have *word* (analysed as *lang* reads it), in any of the text fields.

        The largest of the fields' counts: an article's title words are almost
        always in its body too.
        """
        return self._counted_once((word, lang, False), self._frequency)

    def written(self, word: str, lang: str | None) -> int:
        """Articles where *word* is written so, not only as a stem of other words (as *lang* reads it).

        The exact-form field has the words that differ from their stem (as
        the article's language stemmed them); a word that is its own stem is
        in the title and body.
        """
        return self._counted_once((word, lang, True), self._written_count)

    def _frequency(self, exact: str, stem: str) -> int:
        reader = self._reader
        return max(
            reader.doc_frequency("body", stem),
            reader.doc_frequency("title", stem),
            reader.doc_frequency("exact", exact),
        )

    def _written_count(self, exact: str, stem: str) -> int:
        reader = self._reader
        found = int(reader.doc_frequency("exact", exact))
        if exact == stem:
            found = max(found, reader.doc_frequency("body", stem), reader.doc_frequency("title", stem))
        return found

    def _counted_once(self, key: tuple[str, str | None, bool], count: Callable[[str, str], int]) -> int:
        """*count* of the word of *key* (its exact form and stem), kept for the next query."""
        found = self._counted.get(key)
        if found is None:
            analysed = _one_word(key[0], key[1])
            found = count(*analysed) if analysed is not None else 0
            self._remember(key, found)
        return found

    def _remember(self, key: tuple[str, str | None, bool], found: int) -> None:
        """Keep a count for the next query (the index a searcher reads does not change)."""
        if len(self._counted) >= COUNTS_KEPT:
            self._counted.clear()
        self._counted[key] = found

    def count(self, node: tree.Node, reading: Reading, *, searched: bool = False) -> int:
        """Articles of *reading*'s languages that *node* matches: a phrase as searched; a word where
        written so, or (*searched*) as a search finds it."""
        lang = min(reading.languages)
        stemmers = frozenset({reading.stemmer or NO_STEMMER})
        if isinstance(node, tree.Word):
            q = self._search_query(node.text, lang) if searched else self._written_query(node.text, lang)
        else:
            understood = Understood("", "any", [Reading(reading.languages, reading.stemmer, node, None)])
            try:
                found, _q = compile_query(understood, self._searcher.schema)
            except Exception:  # nothing to search for in it
                return 0
            q = found[0].query
        if q is None:
            return 0
        docs = self._matches(q)
        if len(self._stemmers) > 1:
            docs = np.intersect1d(docs, self._docs_of(stemmers), assume_unique=True)
        return len(docs)

    def articles(self, reading: Reading) -> int:
        """Articles `count` counts in for *reading*: those of its stemmer (all, in an index of one)."""
        if len(self._stemmers) <= 1:
            return sum(self._stemmers.values())
        return self._stemmers.get(reading.stemmer or NO_STEMMER, 0)

    def as_term(self, word: str) -> int:
        """Articles with *word* as a term of a text field, unanalysed: quick, and at least `written`."""
        reader = self._reader
        return max(reader.doc_frequency(name, word) for name in _TEXT_FIELDS)

    def together(self, word: str, others: Sequence[str], lang: str | None, *, written: bool = True) -> int:
        """Articles where *word* is written so (or, not *written*, found as a search finds it) and
        each of *others* is found, as a search finds it."""
        docs = self._docs(word, lang, written=written)
        for other in others:
            if not len(docs):
                break
            docs = np.intersect1d(docs, self._docs(other, lang, written=False), assume_unique=True)
        return len(docs)

    def _docs(self, word: str, lang: str | None, *, written: bool) -> np.ndarray:
        """The articles that have *word*: written so, or as a search finds it; kept for the next question."""
        key = (word, lang, written)
        found = self._found.get(key)
        if found is None:
            q = self._written_query(word, lang) if written else self._search_query(word, lang)
            found = self._matches(q) if q is not None else np.empty(0, dtype=np.int64)
            if len(self._found) >= 256:
                self._found.clear()
            self._found[key] = found
        return found

    def _search_query(self, word: str, lang: str | None) -> wq.Query | None:
        tokens = list(iter_tokens(word, lang))
        if not tokens:
            return None
        clauses: list[wq.Query] = []
        for _pos, _start, _end, exact, stem in tokens:
            clauses += [wq.Term("body", stem), wq.Term("title", stem), wq.Term("exact", exact)]
        return wq.Or(clauses)

    def _written_query(self, word: str, lang: str | None) -> wq.Query | None:
        analysed = _one_word(word, lang)
        if analysed is None:
            return None
        exact, stem = analysed
        if exact != stem:
            return wq.Term("exact", exact)
        return wq.Or([wq.Term("exact", exact), wq.Term("body", stem), wq.Term("title", stem)])

    def _docs_of(self, stemmers: frozenset[str]) -> np.ndarray:
        docs = self._stemmer_docs.get(stemmers)
        if docs is None:
            q = wq.Or([wq.Term("stemmer", s) for s in sorted(stemmers)])
            docs = self._stemmer_docs[stemmers] = self._matches(q)
        return docs

    # -- which words are near --------------------------------------------------

    def neighbours(self, word: str, max_edits: int, *, same_first: bool = False) -> list[tuple[str, int]]:
        """The index's words within *max_edits* edits of *word* (not *word* itself), with the distance.

        Edits are optimal string alignment: a letter inserted, deleted or
        replaced, or two neighbouring letters swapped, each counts one.  With
        *same_first*, only words beginning with *word*'s first letter are
        compared (a fifteenth of them: mistakes are rarely in the first letter).
        """
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        by_length = self._words_by_length()
        candidates: list[str] = []
        for length in range(len(word) - max_edits, len(word) + max_edits + 1):
            if same_first:
                candidates += self._by_first.get((word[:1], length), ())
            else:
                candidates += by_length.get(length, ())
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=max_edits, limit=None)
        return [(w, int(d)) for w, d, _i in found if w != word]

    def field_neighbours(self, fieldname: str, word: str, max_edits: int) -> list[tuple[str, int]]:
        """The terms of a label field (``source``: the words of outlets' names) within *max_edits*
        edits of *word*, *word* itself included, with their distance; the commonest first."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if fieldname not in set(self._reader.indexed_field_names()):
            return []
        terms = self._field_terms.get(fieldname)
        if terms is None:
            terms = self._field_terms[fieldname] = [
                t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in self._reader.lexicon(fieldname)
            ]
        found = process.extract(word, terms, scorer=OSA.distance, score_cutoff=max_edits, limit=None)
        frequency = {w: self._reader.doc_frequency(fieldname, w) for w, _d, _i in found}
        return sorted(((w, int(d)) for w, d, _i in found), key=lambda t: (t[1], -frequency[t[0]], t[0]))

    def fuzzy(self, word: str, max_edits: int, prefix: int = 0) -> list[str]:
        """*word* and the index's words within *max_edits* edits of it that begin with its first
        *prefix* letters (``word~2/3``); kept for the next segment that asks."""
        key = (word, max_edits, prefix)
        found = self._fuzzy.get(key)
        if found is None:
            near = [w for w, _d in self.neighbours(word, max_edits) if w[:prefix] == word[:prefix]]
            found = self._fuzzy[key] = [word, *near]
        return found

    def _words_by_length(self) -> dict[int, list[str]]:
        if self._by_length is None:
            by_length: dict[int, list[str]] = defaultdict(list)
            by_first: dict[tuple[str, int], list[str]] = defaultdict(list)
            for word in self._word_list():
                by_length[len(word)].append(word)
                by_first[word[0], len(word)].append(word)
            self._by_length = dict(by_length)
            self._by_first = dict(by_first)
        return self._by_length

    def _word_list(self) -> list[str]:
        key = segments_key(self._reader)
        path = self._root / WORDS_FILE if self._root is not None else None
        if path is not None:
            cached = read_words(path, key)
            if cached is not None:
                return cached
        words = lexicon_words(self._reader)
        if path is not None:
            write_words(path, key, words)
        return words


def _one_word(word: str, lang: str | None) -> tuple[str, str] | None:
    """*word* as *lang* analyses it, ``(exact form, stem)``; None when analysis makes it several or none."""
    tokens = list(iter_tokens(word, lang))
    if len(tokens) != 1:
        return None
    _pos, _start, _end, exact, stem = tokens[0]
    return exact, stem


class IndexFuzzy(wq.FuzzyTerm):
    """``word~``: Whoosh's fuzzy word, expanded from the index's word list by RapidFuzz.

    Whoosh's own expansion walks a field's terms through a Levenshtein
    automaton in Python (1-2 s for ``word~2`` on id-news) and counts a swap
    of two letters as two edits; here a swap is one, as in typo correction.
    Scored as Whoosh scores any expansion (`array_scoring`: an OR of the
    words, like a prefix).
    """

    def __init__(self, q: wq.FuzzyTerm, vocabulary: Vocabulary) -> None:
        super().__init__(q.fieldname, q.text, q.boost, q.maxdist, q.prefixlength, q.constantscore)
        self.vocabulary = vocabulary

    def _btexts(self, ixreader: Any) -> Iterable[bytes]:
        for word in self.words():
            if ixreader.doc_frequency(self.fieldname, word):
                yield word.encode("utf-8")

    def words(self) -> list[str]:
        """The word and the index's words near it, as `Vocabulary.fuzzy` gives them."""
        text = self.text.decode("utf-8") if isinstance(self.text, bytes) else str(self.text)
        return self.vocabulary.fuzzy(text, int(self.maxdist), int(self.prefixlength))

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process (a shard on a cluster): the words it stands for, not the vocabulary."""
        fields = (self.fieldname, self.text, self.boost, self.maxdist, self.prefixlength, self.constantscore)
        return (ListedFuzzy, (*fields, tuple(self.words())))


class ListedFuzzy(wq.FuzzyTerm):
    """A fuzzy word with the words it stands for listed (an `IndexFuzzy` sent to a shard): each
    one a segment has, as `IndexFuzzy` expands it."""

    def __init__(
        self,
        fieldname: str,
        text: str,
        boost: float,
        maxdist: float,
        prefixlength: int,
        constantscore: bool,
        words: tuple[str, ...],
    ) -> None:
        super().__init__(fieldname, text, boost, maxdist, prefixlength, constantscore)
        self.listed = words

    def _btexts(self, ixreader: Any) -> Iterable[bytes]:
        for word in self.listed:
            if ixreader.doc_frequency(self.fieldname, word):
                yield word.encode("utf-8")


def with_index_fuzzy(q: wq.Query, vocabulary: Vocabulary) -> wq.Query:
    """*q* with each fuzzy word expanded from *vocabulary* (`IndexFuzzy`)."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is wq.FuzzyTerm:
            return IndexFuzzy(node, vocabulary)
        return node

    return q.accept(swap)


def segments_key(reader: Any) -> str:
    """The segments a reader reads, by id: a word list read from other segments is out of date."""
    leaves = (
        [leaf for leaf, _offset in reader.leaf_readers()] if hasattr(reader, "leaf_readers") else [reader]
    )
    ids = []
    for leaf in leaves:
        segment = leaf.segment() if callable(getattr(leaf, "segment", None)) else None
        if segment is not None:  # an empty shard's reader has none
            ids.append(segment.segment_id())
    return " ".join(sorted(ids))


def lexicon_words(reader: Any) -> list[str]:
    """Every word of the text fields' lexicons, letters only and three or more of them, sorted."""
    words: set[str] = set()
    indexed = set(reader.indexed_field_names())
    for fieldname in _TEXT_FIELDS:
        if fieldname in indexed:
            for term in reader.lexicon(fieldname):
                text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                if _WORD_RE.fullmatch(text):
                    words.add(text)
    return sorted(words)


def read_words(path: Path, key: str) -> list[str] | None:
    """The word list kept at *path* if it was read from the segments *key* names; None otherwise."""
    try:
        with open(path, encoding="utf-8") as f:
            if _key_of(f.readline()) != key:
                return None
            return f.read().split()
    except (OSError, UnicodeDecodeError):
        return None


def write_words(path: Path, key: str, words: Iterable[str]) -> bool:
    """Keep *words* at *path*, atomically; False when the folder cannot be written (a read-only index)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".words-", dir=path.parent)
    except OSError:
        return False
    try:
        os.chmod(tmp, 0o644)  # as the index's other files: readable by whoever may search it
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_HEADER + key + "\n")
            f.write("\n".join(words))
            f.write("\n")
        os.replace(tmp, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False


def refresh_words(index: Any) -> None:
    """Keep the word list of *index* (a `WartaIndex`) as its segments now are: ingest calls it after a commit.

    Nothing is read when the list kept is current (an unchanged re-ingest).
    """
    with index.reading(), index.reader() as reader:
        key = segments_key(reader)
        path = Path(index.root) / WORDS_FILE
        if read_header(path) != key:
            write_words(path, key, lexicon_words(reader))


def read_header(path: Path) -> str | None:
    """The segments the word list at *path* was read from; None when there is none."""
    try:
        with open(path, encoding="utf-8") as f:
            return _key_of(f.readline())
    except (OSError, UnicodeDecodeError):
        return None


def _key_of(header: str) -> str | None:
    """The segments a word list's first line names; None when it is not such a line."""
    header = header.rstrip("\n")
    return header[len(_HEADER) :] if header.startswith(_HEADER) else None
