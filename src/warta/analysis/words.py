"""Text analysis: turning article text and queries into index terms.

One tokenizer serves indexing, querying and highlighting, so the three always
agree on what a word is.  Each token carries its position (for phrase queries)
and its character offsets in the original text (for highlighting).

Every word yields two terms:

* the *stem*, by the stemmer of the text's language (`stemmer_for`): Sastrawi
  for Indonesian and Malay, Snowball (PyStemmer, C) for English and the other
  languages it covers, none for the rest; so ``berunding`` finds
  ``perundingan`` and ``elections`` finds ``election``;
* the *exact* form (lowercased, accents folded), so an article that uses the
  very word the user typed can be ranked above one that only shares its stem.

Deliberate choices about tricky tokens:

* Numbers keep their separators as written: ``1.139`` (Indonesian thousands),
  ``3,5`` (Indonesian decimal) and ``2019`` are single tokens and are never
  stemmed, so a query for ``1.139`` finds exactly that figure.
* Mixed letters and digits (``covid19``, ``g20``, ``5g``) are one token, not stemmed.
* Hyphenated words: a reduplication that Sastrawi resolves (``anak-anak``,
  ``berbalas-balasan``) is one token with the root as stem; a reduplicated root
  word (``kupu-kupu``) stays whole; any other compound (``pro-israel``,
  ``covid-19``) is split into its parts, each a token of its own.
* Letters with diacritics are folded to their base letter (``café`` -> ``cafe``)
  for Latin script only, because people rarely type accents in a search box;
  other scripts are kept as they are.
* An English possessive ``'s`` is dropped (``Trump's`` -> ``trump``); other
  inner apostrophes are removed (``Jum'at`` -> ``jumat``).

This module knows nothing of the search engine; `warta.engine.analyzers`
wraps it for Whoosh.  The stemmer lives in a module-level cache rather than in
those wrappers: Whoosh pickles analyzers into the index on every commit, and
one holding a stemmer would drag its 30,000-word dictionary along.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import re
import unicodedata
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import cache, lru_cache

from . import sastrawi

# Languages stemmed by Sastrawi: Malay shares Indonesian's affixes and most roots.
SASTRAWI_LANGUAGES = frozenset({"id", "ms"})
# ISO 639-1 code -> Snowball algorithm (as PyStemmer names them).
SNOWBALL_LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
# The language a query is being analysed for (`analysing_as`); Indonesian unless said.
_QUERY_LANGUAGE: contextvars.ContextVar[str | None] = contextvars.ContextVar("query_language", default="id")


# The combining marks of the Basic Multilingual Plane as a regex class body, as `_combining_marks`
# reads them from Unicode 14.0.0 (Python 3.11's): written out, since reading them costs a
# cold search about 5 ms.
_MARKS_UNICODE = "14.0.0"
_MARKS = (
    r"\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf-\u05bf\u05c1-\u05c2\u05c4-\u05c5"
    r"\u05c7-\u05c7\u0610-\u061a\u064b-\u065f\u0670-\u0670\u06d6-\u06dc\u06df-\u06e4"
    r"\u06e7-\u06e8\u06ea-\u06ed\u0711-\u0711\u0730-\u074a\u07a6-\u07b0\u07eb-\u07f3"
    r"\u07fd-\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b"
    r"\u0898-\u089f\u08ca-\u08e1\u08e3-\u0903\u093a-\u093c\u093e-\u094f\u0951-\u0957"
    r"\u0962-\u0963\u0981-\u0983\u09bc-\u09bc\u09be-\u09c4\u09c7-\u09c8\u09cb-\u09cd"
    r"\u09d7-\u09d7\u09e2-\u09e3\u09fe-\u09fe\u0a01-\u0a03\u0a3c-\u0a3c\u0a3e-\u0a42"
    r"\u0a47-\u0a48\u0a4b-\u0a4d\u0a51-\u0a51\u0a70-\u0a71\u0a75-\u0a75\u0a81-\u0a83"
    r"\u0abc-\u0abc\u0abe-\u0ac5\u0ac7-\u0ac9\u0acb-\u0acd\u0ae2-\u0ae3\u0afa-\u0aff"
    r"\u0b01-\u0b03\u0b3c-\u0b3c\u0b3e-\u0b44\u0b47-\u0b48\u0b4b-\u0b4d\u0b55-\u0b57"
    r"\u0b62-\u0b63\u0b82-\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcd\u0bd7-\u0bd7"
    r"\u0c00-\u0c04\u0c3c-\u0c3c\u0c3e-\u0c44\u0c46-\u0c48\u0c4a-\u0c4d\u0c55-\u0c56"
    r"\u0c62-\u0c63\u0c81-\u0c83\u0cbc-\u0cbc\u0cbe-\u0cc4\u0cc6-\u0cc8\u0cca-\u0ccd"
    r"\u0cd5-\u0cd6\u0ce2-\u0ce3\u0d00-\u0d03\u0d3b-\u0d3c\u0d3e-\u0d44\u0d46-\u0d48"
    r"\u0d4a-\u0d4d\u0d57-\u0d57\u0d62-\u0d63\u0d81-\u0d83\u0dca-\u0dca\u0dcf-\u0dd4"
    r"\u0dd6-\u0dd6\u0dd8-\u0ddf\u0df2-\u0df3\u0e31-\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
    r"\u0eb1-\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd\u0f18-\u0f19\u0f35-\u0f35\u0f37-\u0f37"
    r"\u0f39-\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0f97\u0f99-\u0fbc"
    r"\u0fc6-\u0fc6\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d"
    r"\u1071-\u1074\u1082-\u108d\u108f-\u108f\u109a-\u109d\u135d-\u135f\u1712-\u1715"
    r"\u1732-\u1734\u1752-\u1753\u1772-\u1773\u17b4-\u17d3\u17dd-\u17dd\u180b-\u180d"
    r"\u180f-\u180f\u1885-\u1886\u18a9-\u18a9\u1920-\u192b\u1930-\u193b\u1a17-\u1a1b"
    r"\u1a55-\u1a5e\u1a60-\u1a7c\u1a7f-\u1a7f\u1ab0-\u1ace\u1b00-\u1b04\u1b34-\u1b44"
    r"\u1b6b-\u1b73\u1b80-\u1b82\u1ba1-\u1bad\u1be6-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2"
    r"\u1cd4-\u1ce8\u1ced-\u1ced\u1cf4-\u1cf4\u1cf7-\u1cf9\u1dc0-\u1dff\u20d0-\u20f0"
    r"\u2cef-\u2cf1\u2d7f-\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099-\u309a\ua66f-\ua672"
    r"\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua802-\ua802\ua806-\ua806\ua80b-\ua80b"
    r"\ua823-\ua827\ua82c-\ua82c\ua880-\ua881\ua8b4-\ua8c5\ua8e0-\ua8f1\ua8ff-\ua8ff"
    r"\ua926-\ua92d\ua947-\ua953\ua980-\ua983\ua9b3-\ua9c0\ua9e5-\ua9e5\uaa29-\uaa36"
    r"\uaa43-\uaa43\uaa4c-\uaa4d\uaa7b-\uaa7d\uaab0-\uaab0\uaab2-\uaab4\uaab7-\uaab8"
    r"\uaabe-\uaabf\uaac1-\uaac1\uaaeb-\uaaef\uaaf5-\uaaf6\uabe3-\uabea\uabec-\uabed"
    r"\ufb1e-\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f"
)


def _combining_marks() -> str:
    """A regex class body of the combining marks in the Basic Multilingual Plane.

    Python's ``\\w`` does not include them, so without this a Devanagari or
    Thai word would be cut at every vowel sign.
    """
    if unicodedata.unidata_version == _MARKS_UNICODE:
        return _MARKS
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# A token is a run of letters, marks and digits, possibly joined by hyphens,
# inner apostrophes, or (between digits) the separators . and ,
# Letters or digits, with combining marks allowed after the first one.  Written
# as runs so that text without marks (nearly all of it) stays on the fast path.
_LETTERS = rf"[^\W_]+(?:[{_combining_marks()}]+[^\W_]*)*"
_TOKEN_RE = re.compile(
    rf"""
    \d+(?:[.,]\d+)+                                  # numbers with separators: 1.139, 3,5
    |
    {_LETTERS}(?:['’]{_LETTERS})*                      # words and plain numbers, inner apostrophes
      (?:-{_LETTERS}(?:['’]{_LETTERS})*)*              # hyphenated compounds and ranges
    """,
    re.VERBOSE,
)
_POSSESSIVE_RE = re.compile(r"['’]s$")
_ASCII_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def fold_word(word: str) -> str:
    """Lowercase and strip diacritics from Latin letters."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and out[-1] < "\u0250":
            continue  # a diacritic on a Latin base letter
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def stemmer_for(lang: str | None) -> str:
    """The stemmer a language's words get: ``"sastrawi"``, a Snowball algorithm, or ``""`` for none.

    Languages with the same stemmer are analysed alike, so a query is
    analysed once per stemmer, not once per language.
    """
    if lang in SASTRAWI_LANGUAGES:
        return "sastrawi"
    algorithm = SNOWBALL_LANGUAGES.get(lang or "", "")
    return algorithm if algorithm in _snowball_algorithms() else ""


@lru_cache(maxsize=1)
def _snowball_algorithms() -> frozenset[str]:
    import Stemmer

    return frozenset(Stemmer.algorithms())


@cache
def _snowball(algorithm: str) -> object:
    import Stemmer

    stemmer = Stemmer.Stemmer(algorithm)
    stemmer.maxCacheSize = 0  # warta caches whole analyses itself (`_CACHES`)
    return stemmer


@contextlib.contextmanager
def analysing_as(lang: str | None) -> Iterator[None]:
    """Analyse query text as *lang* inside the block (`warta.engine.analyzers` reads it)."""
    token = _QUERY_LANGUAGE.set(lang)
    try:
        yield
    finally:
        _QUERY_LANGUAGE.reset(token)


def query_language() -> str | None:
    """The language query text is being analysed for (`analysing_as`)."""
    return _QUERY_LANGUAGE.get()


# Shared by everything in the process, one cache per stemmer: a corpus has
# ~100k distinct words, so each is stemmed once and then looked up.
_CACHES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}


def _cache(stemmer: str) -> dict[str, tuple[tuple[str, str], ...]]:
    cache = _CACHES.get(stemmer)
    if cache is None:
        cache = _CACHES[stemmer] = {}
    return cache


def analyse_word(raw: str, lang: str | None = "id") -> tuple[tuple[str, str], ...]:
    """Return the (exact, stem) pairs for one raw token of text in *lang*.

    Usually one pair; a split compound yields one pair per part.
    """
    return _analyse_cached(raw, stemmer_for(lang))


def _analyse_cached(raw: str, stemmer: str) -> tuple[tuple[str, str], ...]:
    cache = _cache(stemmer)
    cached = cache.get(raw)
    if cached is None:
        cached = cache[raw] = _analyse_word_uncached(raw, stemmer)
    return cached


def _analyse_word_uncached(raw: str, stemmer: str) -> tuple[tuple[str, str], ...]:
    if stemmer != "sastrawi":
        return _analyse_other(raw, stemmer)
    word = fold_word(raw).replace("’", "'")
    word = _POSSESSIVE_RE.sub("", word).replace("'", "")
    if not word:
        return ()
    if not _ASCII_WORD_RE.fullmatch(word):
        # Numbers, mixed alphanumerics, non-Latin scripts: keep as written,
        # but split hyphenated compounds such as covid-19 into their parts.
        if "-" in word and not word[0].isdigit():
            return tuple((p, p) for p in word.split("-") if p)
        return ((word, word),)
    stem = sastrawi.stem(word)
    if "-" not in stem:
        return ((word, stem),)
    halves = stem.split("-")
    if len(halves) == 2 and halves[0] == halves[1]:
        return ((word, stem),)  # a reduplicated root word such as kupu-kupu
    return tuple((part, sastrawi.stem(part)) for part in word.split("-") if part)


# Languages whose words take an elided article or preposition: l'année, dell'anno.
_ELIDING = frozenset({"french", "italian", "catalan"})


def _analyse_other(raw: str, stemmer: str) -> tuple[tuple[str, str], ...]:
    """A word of a language other than Indonesian: Snowball's stem of each part, or the word as it is.

    Snowball is given the word with its accents (its rules expect ``ção``,
    ``ée``) and the stem is folded afterwards, so that ``eleição`` and
    ``informações`` stem as Snowball means them to; English, whose rules have
    no accents, gets the folded word, so that ``élections`` is ``elections``.
    """
    word = raw.lower().replace("’", "'")
    if "'" in word:
        if stemmer in _ELIDING:
            word = word.rsplit("'", 1)[1]  # l'année -> année
        elif stemmer == "turkish":
            word = word.split("'", 1)[0]  # Türkiye'nin -> Türkiye: a suffix on a name
        else:
            word = _POSSESSIVE_RE.sub("", word).replace("'", "")
    if not word:
        return ()
    parts = [word] if word[0].isdigit() else [p for p in word.split("-") if p]
    out = []
    for part in parts:
        exact = fold_word(part)
        if stemmer and not any(c.isdigit() for c in part):  # not isalpha(): Hindi vowel signs are marks
            # English rules know no accents: "élections" must stem as "elections" does
            word_in = exact if stemmer == "english" else part
            out.append((exact, fold_word(_snowball(stemmer).stemWord(word_in) or word_in)))  # type: ignore[attr-defined]
        else:
            out.append((exact, exact))  # numbers, mixed letters and digits, unstemmed languages
    return tuple(out)


def has_words(text: str) -> bool:
    """Whether *text* has a word to index or search for, in any language (not only punctuation)."""
    return _TOKEN_RE.search(text) is not None


def iter_tokens(text: str, lang: str | None = "id") -> Iterator[tuple[int, int, int, str, str]]:
    """Yield ``(position, start, end, exact, stem)`` for every word in *text*, written in *lang*.

    ``start``/``end`` are character offsets into *text*; parts of a split
    compound share the compound's offsets.
    """
    pos = 0
    stemmer = stemmer_for(lang)  # once per text, not once per word
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        for exact, stem in _analyse_cached(match.group(), stemmer):
            yield pos, start, end, exact, stem
            pos += 1


def mark_matches(
    text: str, wanted: AbstractSet[str], lang: str | None = "id"
) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, stem)`` for every word of *text*; *stem* is "" unless it is a match.

    A word matches when its stem or its exact form is in *wanted*.

    For highlighting.  An Indonesian word is only stemmed when it could stem
    to a wanted term: Sastrawi removes affixes and may change the root's first
    letter (``menyapu`` -> ``sapu``), so a word whose stem is ``sapu`` always
    contains ``apu``.  Checked on the 140,258 distinct words of id-news: the
    only exceptions are stem corrections that respell a root (``sekedar`` ->
    ``sekadar``), which are tested for as well.  A page of snippets then stems a
    few words instead of every word of ten paragraphs (Sastrawi costs about
    60 microseconds a new word).
    """
    stemmer = stemmer_for(lang)
    keys: list[str] | None = None
    if stemmer == "sastrawi":
        keys = [t[1:] for t in wanted] + [w[1:] for w, stem in respelled_roots() if stem in wanted]
    # Where the keys occur, found in one pass over the text (in ASCII text,
    # lower-casing keeps every offset); otherwise each word is searched.
    occurrences: list[int] | None = None
    if keys is not None and "" not in keys and text.isascii():
        pattern = re.compile("|".join(re.escape(k) for k in sorted(set(keys), key=len)))
        occurrences = [m.start() for m in pattern.finditer(text.lower())]
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        raw = match.group()
        if "'" in raw or "’" in raw:
            possible = True  # analysis drops inner apostrophes (Jum'at is jumat): test the word itself
        elif occurrences is not None:
            i = bisect.bisect_left(occurrences, start)
            possible = i < len(occurrences) and occurrences[i] < end
        else:
            possible = keys is None or any(k in fold_word(raw) for k in keys)
        if not possible:
            yield start, end, ""
            continue
        parts = _analyse_cached(raw, stemmer)
        yield start, end, next((s for e, s in parts if e in wanted or s in wanted), "")


@cache
def respelled_roots() -> tuple[tuple[str, str], ...]:
    """The words whose corrected stem is not spelled inside them (``sekedar`` -> ``sekadar``)."""
    from .stem_corrections import STEMS

    return tuple((word, stem) for word, stem in STEMS.items() if stem[1:] not in word)


def term_positions(
    text: str, marks: Iterable[int] = (), lang: str | None = "id"
) -> tuple[dict[str, list[int]], dict[str, list[int]], int, dict[int, int]]:
    """Return ``(stem_positions, derived_positions, length, positions_at_marks)`` for *text* in *lang*.

    ``derived_positions`` holds only the words whose exact form differs from
    their stem (``perundingan``, not ``gaza``): the exact-form field exists to
    tell ``berunding`` from ``perundingan``, and root words would only repeat
    the stem field at the cost of a third more postings.

    *marks* are character offsets between words (the edges of paragraphs and
    quotes); ``positions_at_marks`` gives the token position at each, so that
    a piece of the text can be found among the text's postings.

    This is the fast path used at ingest: it builds the posting lists directly
    instead of streaming Whoosh ``Token`` objects through a filter chain.
    """
    stems: dict[str, list[int]] = {}
    derived: dict[str, list[int]] = {}
    at: dict[int, int] = {}
    pos = previous = 0
    stemmer = stemmer_for(lang)
    cache = _cache(stemmer)
    for cut in [*sorted(set(marks)), len(text)]:
        for raw in _TOKEN_RE.findall(text, previous, cut):
            pairs = cache.get(raw)
            if pairs is None:
                pairs = _analyse_cached(raw, stemmer)
            for exact, stem in pairs:
                lst = stems.get(stem)
                if lst is None:
                    stems[stem] = [pos]
                else:
                    lst.append(pos)
                if exact != stem:
                    lst = derived.get(exact)
                    if lst is None:
                        derived[exact] = [pos]
                    else:
                        lst.append(pos)
                pos += 1
        at[cut] = pos
        previous = cut
    return stems, derived, pos, at


def fold_label(value: str) -> str:
    """Normalise a label such as a source name for exact comparison."""
    return " ".join(re.findall(r"[^\W_]+", fold_word(value)))


def group_labels(counts: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Label counts added up whatever the case or punctuation (``KOMPAS.com``, ``Kompas.com``).

    Each group is shown in the form written most often (ties: the first in
    sorting order); most frequent groups first, then by name.
    """
    totals: dict[str, int] = {}
    forms: dict[str, dict[str, int]] = {}
    for label, count in counts:
        key = fold_label(label) or label
        totals[key] = totals.get(key, 0) + count
        written = forms.setdefault(key, {})
        written[label] = written.get(label, 0) + count
    shown = {key: min(written, key=lambda form: (-written[form], form)) for key, written in forms.items()}
    return dict(sorted(((shown[k], n) for k, n in totals.items()), key=lambda kv: (-kv[1], kv[0])))
