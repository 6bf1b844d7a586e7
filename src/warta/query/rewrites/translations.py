"""Rewrite: a query in one language searched in the articles of the other as its translations.

English to Indonesian is the direction warta is built for: people who read
Indonesian news often type in English.  Each English word (or phrase of two
or three words) the table knows (`warta.query.translations`) becomes a
`tree.Translated` leaf with its Indonesian translations and their
probabilities, which the engine scores as one word (a probabilistic
structured query, `engine.ranking.TranslatedWord`).  Names (words typed with
a capital), acronyms, numbers and words the table does not know pass through
as typed.  Indonesian to English uses the table's other direction on the
English articles of a mixed index.  Only keyword queries (words joined by OR
or AND, as typed) are translated; queries with phrases, fields or operators
are left as they are.

Whether a query is English is decided by `language_of`, which is cautious:
a query is taken for English only when none of its words is Indonesian, so
that an Indonesian query is never searched as something else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from ...analysis.words import iter_tokens
from .. import tree
from ..clauses import unwrapped
from ..translations import INDONESIAN_FUNCTION_WORDS, Translations, reverse_table, table
from .abbreviations import keyword_parts
from .stopwords import stopwords

# Longest phrase looked up, in words.
LONGEST = 3
# An English word of the table written in at least this share of the Indonesian articles is
# used in Indonesian too (``internet``, ``bank``, ``data``): it does not make a query English.
SHARED_SHARE = 0.002
# A word that is not English, written in at least this share of the Indonesian articles (and in
# at least `INDONESIAN_MIN` of them), is Indonesian: a query with one is not English.
INDONESIAN_SHARE = 0.0005
INDONESIAN_MIN = 3

EN_ID, ID_EN = "en-id", "id-en"  # the directions
# The English word as typed is also searched in the Indonesian articles, as a translation of this
# weight beside the table's (which sum to 1): Indonesian news writes many English words as they are.
AS_TYPED = 0.5


class Written(Protocol):
    """What detection asks of an index: in how many Indonesian articles a word is written so."""

    def __call__(self, word: str) -> int: ...


@dataclass(slots=True, frozen=True)
class Verdict:
    """What a query's words say about its language."""

    english: int  # words of the table that Indonesian articles rarely write
    english_function: int  # English function words (of, the, were)
    indonesian: int  # Indonesian function words, or words Indonesian articles write and the table lacks
    shared: int  # words of both (internet, bank)
    unknown: int  # words of neither: a name in lower case, a typo

    @property
    def is_english(self) -> bool:
        """English beyond doubt: no Indonesian word, and more English words than unknown ones."""
        return (
            not self.indonesian and self.english >= 1 and self.english + self.english_function > self.unknown
        )

    @property
    def is_indonesian(self) -> bool:
        return self.indonesian > 0 and self.english == 0


def words_of(query: tree.Node) -> list[str]:
    """The free words of *query* (as typed): a keyword query's words, in order; none for other queries."""
    top, _boost = unwrapped(query)
    parts = keyword_parts(top) or [top]
    return [
        part.text
        for part in (unwrapped(p)[0] for p in parts)
        if isinstance(part, tree.Word) and part.field is None
    ]


def verdict(words: Iterable[str], written: Written, indonesian_articles: int) -> Verdict:
    """How many of *words* (as typed) are English, Indonesian, both or neither.

    *written* counts the Indonesian articles that write a word so.  Words with
    a capital (names, acronyms) are not counted, but for a first word that is
    English (``Why``, ``Floods``); nor are numbers and single letters.
    """
    english = english_function = indonesian = shared = unknown = 0
    known = table()
    english_stopwords = stopwords("en")
    for n, typed in enumerate(words):
        name = not typed.islower()  # a name or an acronym; but the first word may be capitalised
        if (name and n > 0) or not typed.isalpha() or len(typed) < 2:
            continue
        word = typed.lower()
        if word in INDONESIAN_FUNCTION_WORDS:
            indonesian += not name
        elif word in english_stopwords:
            english_function += 1
        elif english_stem(word) in known and written(word) < max(1.0, SHARED_SHARE * indonesian_articles):
            english += 1
        elif name:  # Pekanbaru haze, KPK law revision: a capitalised first word is a name
            continue
        elif english_stem(word) in known:
            shared += 1
        elif written(word) >= max(INDONESIAN_MIN, INDONESIAN_SHARE * indonesian_articles):
            indonesian += 1
        else:
            unknown += 1
    return Verdict(english, english_function, indonesian, shared, unknown)


def english_stem(word: str) -> str | None:
    """*word*'s Snowball stem, as the table's keys are written; None for more or less than one word."""
    tokens = list(iter_tokens(word, "en"))
    return tokens[0][4] if len(tokens) == 1 else None


def translate(query: tree.Node, direction: str, capitals: frozenset[str] = frozenset()) -> tree.Node:
    """*query* with its words replaced by their translations (*direction*: `EN_ID` or `ID_EN`;
    *capitals*: words typed in capitals, which pass through)."""
    top, boost = unwrapped(query)
    parts = keyword_parts(top)
    if parts is None:
        parts = [top]
    source = "en" if direction == EN_ID else "id"
    if direction == ID_EN:  # Indonesian function words mean nothing in English articles
        kept = [part for part in parts if not _function_word(part)]
        parts = kept or parts
    known = table() if direction == EN_ID else reverse_table()
    keys = [_key(part, source, capitals, first=n == 0) for n, part in enumerate(parts)]
    out: list[tree.Node] = []
    i = 0
    while i < len(parts):
        for n in range(min(LONGEST, len(parts) - i), 0, -1):
            stems = keys[i : i + n]
            found = known.get(" ".join(stems)) if all(stems) else None  # type: ignore[arg-type]
            if found:
                typed = " ".join(part.text for part in parts[i : i + n])  # type: ignore[union-attr]
                out.append(_translated(typed, found, direction))
                i += n
                break
        else:
            out.append(parts[i])
            i += 1
    if len(out) == 1:
        return tree.scaled(out[0], boost) if boost != 1.0 else out[0]
    if isinstance(top, tree.All):
        return tree.All(out, boost=boost)
    return tree.Any(out, boost=boost, coordinated=True)


def _translated(typed: str, translations: Translations, direction: str) -> tree.Translated:
    # English translations are the table's stems, searched as they are; Indonesian ones are words
    if direction == ID_EN:
        return tree.Translated(typed, translations=translations, stems=True)
    written = typed.lower()
    if AS_TYPED and all(text != written for text, _p in translations):
        translations = (*translations, (written, AS_TYPED))
    return tree.Translated(typed, translations=translations)


def _function_word(part: tree.Node) -> bool:
    return (
        isinstance(part, tree.Word) and part.field is None and part.text.lower() in INDONESIAN_FUNCTION_WORDS
    )


def _key(part: tree.Node, lang: str, capitals: frozenset[str], first: bool) -> str | None:
    """The stem a clause is looked up by, or None: not a plain word, a name (capitalised, but
    for the query's first word), an acronym, a number, a function word."""
    if not isinstance(part, tree.Word) or part.field is not None or part.boost != 1.0:
        return None
    text = part.text
    if (text[:1].isupper() and not first) or text.lower() in capitals or not text.isalpha():
        return None
    if lang == "id" and text.lower() in INDONESIAN_FUNCTION_WORDS:
        return None
    tokens = list(iter_tokens(text, lang))
    return tokens[0][4] if len(tokens) == 1 else None


def shown(query: tree.Node) -> str:
    """A translated keyword query as text, for people: each translated word as its translations
    (``(pembicaraan OR perundingan)``), the rest as typed."""
    top, _boost = unwrapped(query)
    parts = keyword_parts(top) or [top]
    joiner = " AND " if isinstance(top, tree.All) and len(parts) > 1 else " "
    return joiner.join(_shown_part(unwrapped(part)[0]) for part in parts)


def _shown_part(part: tree.Node) -> str:
    if isinstance(part, tree.Translated):
        words = [f'"{text}"' if " " in text else text for text, _p in part.translations]
        return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"
    if isinstance(part, tree.Phrase):
        return f'"{part.text}"'
    if isinstance(part, tree.Text):
        return part.text
    return "…"
