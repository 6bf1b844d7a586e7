"""Rewrite: a query in one language searched in the articles of the other as its translations.

English to Indonesian is the direction warta is built for: people who read
Indonesian news often type in English.  Each English word (or phrase of two
or three words) the table knows (`warta.query.translations`) becomes a
`tree.Translated` leaf with its Indonesian translations and their
probabilities, which the engine scores as one word (a probabilistic
structured query, `engine.ranking.TranslatedWord`).  Names (words typed with
a capital), acronyms, numbers and words the table does not know pass through
as typed.  Indonesian to English uses the table's other direction on the
English articles of a mixed index.  The free words are translated wherever
they stand (in an OR or an AND, beside a NOT, a field or a phrase); phrases,
field values and excluded words are left as typed.

Whether a query is English is decided by `verdict`, which is cautious: a
query is taken for English only when it has no Indonesian function word and
its English words outnumber the others (`Verdict.is_english`), so that an
Indonesian query is not searched as something else.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from ...analysis.words import iter_tokens
from .. import tree
from ..translations import INDONESIAN_FUNCTION_WORDS, Translations, news_terms, reverse_table, table
from .stopwords import stopwords

# Longest phrase looked up, in words.
LONGEST = 3
# An English word of the table written in at least this share of the Indonesian articles is
# used in Indonesian too (``internet``, ``bank``, ``data``): it does not make a query English.
SHARED_SHARE = 0.002
# ... unless the Indonesian articles write its likeliest single-word translation this many times
# as often: then it is English after all (corruption: korupsi; president: presiden).
ENGLISH_RATIO = 10
# A word that is not English, written in at least this share of the Indonesian articles (and in
# one at least), is Indonesian: a query with one is not English.
INDONESIAN_SHARE = 0.0005

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
    indonesian_function: int  # Indonesian function words (yang, di, untuk)
    indonesian: int  # words Indonesian articles write that the table does not know (video, viral)
    shared: int  # words of both: the table knows them and Indonesian articles write them (bank)
    unknown: int  # words of neither: a name in lower case, a typo
    names: frozenset[str] = frozenset()  # capitalised words taken for names (lower-cased)
    # words the Indonesian articles rarely write, read as mistyped English
    misread: frozenset[str] = frozenset()

    @property
    def is_english(self) -> bool:
        """English beyond doubt: no Indonesian function word, an English word, more English words
        than unknown ones, and at least twice as many as Indonesian ones (salted fish video case)."""
        return (
            not self.indonesian_function
            and self.english >= 1
            and self.english + self.english_function > self.unknown
            and self.english >= 2 * self.indonesian
        )


def words_of(query: tree.Node) -> list[str]:
    """The free words of *query* as typed, in order: those searched for in the text fields, not
    excluded, not a field's value, not in a phrase (`translate` reads the same)."""
    return [part.text for part in _free_words(query)]


def _free_words(node: tree.Node) -> list[tree.Word]:
    if isinstance(node, tree.Word):
        return [node] if node.field is None else []
    if isinstance(node, (tree.Any, tree.All)):
        return [word for part in node.parts for word in _free_words(part)]
    if isinstance(node, (tree.AndNot, tree.Require)):
        return _free_words(node.a)
    if isinstance(node, tree.AndMaybe):
        return _free_words(node.a) + _free_words(node.b)
    return []


def verdict(
    words: Iterable[str], written: Written, indonesian_articles: int, *, every: bool = False
) -> Verdict:
    """How many of *words* (as typed) are English, Indonesian, both or neither.

    *written* counts the Indonesian articles that write a word so.  Words with
    a capital (names, acronyms) are not counted, but for a first word that is
    English (``Why``, ``Floods``); nor are numbers and single letters.  Indonesian
    words (`is_indonesian_word`, which reads the whole table) are counted only
    beside an English word, where they decide `Verdict.is_english`, or when
    *every* count is asked for; else ``indonesian`` is 0.
    """
    english = english_function = indonesian_function = indonesian = shared = unknown = 0
    written_often: list[str] = []  # words Indonesian articles write, that the table may give
    known = table()
    english_stopwords = stopwords("en")
    words = list(words)
    named = _named_terms(words)
    names = {w.lower() for w in words if not w.islower() and w not in named}
    misread: set[str] = set()
    for n, typed in enumerate(words):
        typed = _without_possessive(typed)
        if typed in named or ("-" in typed and english_stem(typed) is None and _stems(typed) in known):
            english += 1  # House of Representatives, World Bank; odd-even
            continue
        name = not typed.islower()  # a name or an acronym; but the first word may be capitalised
        if (name and n > 0) or not typed.isalpha() or len(typed) < 2:
            continue
        word = typed.lower()
        stem = english_stem(word)
        if word in INDONESIAN_FUNCTION_WORDS:
            indonesian_function += not name
        elif word in english_stopwords:
            english_function += 1
        elif stem in known and (
            written(word) < max(1.0, SHARED_SHARE * indonesian_articles)
            # written in Indonesian too, but far less than its translation: corruption (korupsi)
            or written(word) * ENGLISH_RATIO < max(_written_translations(known[stem], written))
        ):
            english += 1
            names.discard(word)  # Floods in Jakarta, Corruption scandal: a first word, English
        elif name:  # Pekanbaru haze, KPK law revision: a capitalised first word is a name
            continue
        elif stem in known:
            shared += 1  # about as much as in English: bank, internet, data
        elif written(word) >= max(1.0, INDONESIAN_SHARE * indonesian_articles):
            written_often.append(word)
        elif mistyped(word):  # ceasfire: an English word mistyped
            misread.add(word)
        else:
            unknown += 1
    # a word read as mistyped English counts beside English words; alone, only a long word the
    # index does not hold at all (corupption, earthqauke; not singo, a name, nor waiver)
    alone = [w for w in misread if len(w) >= MISREAD_ALONE and not written(w)]
    if english or alone:
        english += len(misread)
    else:
        unknown += len(misread)
        misread.clear()
    if english or every:
        # an Indonesian word the table gives for some English one (warga); else a name written in
        # lower case (jakarta, riau, israel): neither
        indonesian = sum(map(is_indonesian_word, written_often))
    return Verdict(
        english,
        english_function,
        indonesian_function,
        indonesian,
        shared,
        unknown,
        frozenset(names),
        frozenset(misread),
    )


def _stems(text: str) -> str:
    return " ".join(token[4] for token in iter_tokens(text, "en"))


def _named_terms(words: list[str]) -> set[str]:
    """The words of runs of two or three that are one term of the table: a term written by hand
    (central bank), or one written with capitals (House of Representatives, World Bank), which
    are no names, though capitalised."""
    found: set[str] = set()
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            key = _stems(" ".join(run)) if all(w.isalpha() for w in run) else ""
            if key in news_terms() or (key in table() and any(not w.islower() for w in run)):
                found.update(run)
    return found


def _written_translations(translations: Translations, written: Written) -> list[int]:
    """How many Indonesian articles write each single-word translation (0 for phrases)."""
    return [written(text) if " " not in text else 0 for text, _p in translations]


# An Indonesian word that begins with the same letters as an English word it translates is a
# name or a cognate (jakarta: jakartan; polisi: police): it does not make a query Indonesian.
COGNATE = 4
# A word read as mistyped English with no other English word beside it: this long at least, and
# written in no article.
MISREAD_ALONE = 7


def _without_possessive(typed: str) -> str:
    """*typed* without an English possessive: teacher's -> teacher, teachers' -> teachers."""
    for ending in ("'s", "\u2019s", "'", "\u2019"):
        if typed.endswith(ending) and len(typed) > len(ending) + 1:
            return typed[: -len(ending)]
    return typed


@cache
def _indonesian_words() -> dict[str, frozenset[str]]:
    """The Indonesian words the table gives as translations (single words and the words of its
    phrases), each with the English keys that give it."""
    found: dict[str, set[str]] = {}
    for key, translations in table().items():
        for text, _p in translations:
            for word in text.split():
                found.setdefault(word, set()).add(key)
    return {word: frozenset(keys) for word, keys in found.items()}


def is_indonesian_word(word: str) -> bool:
    """Whether *word* (lower case), or its Sastrawi stem, is a word the table translates into, and
    not one that looks like the English it translates (a name: jakarta for jakartan, israel; or a
    cognate: polisi for police), which says nothing of the query's language."""
    words = _indonesian_words()
    stems = [token[4] for token in iter_tokens(word, "id")]
    keys = words.get(word) or (words.get(stems[0]) if len(stems) == 1 else None)
    if not keys:
        return False
    return not any(key[:COGNATE] == word[:COGNATE] for key in keys)


# A mistyped English word is read as a word of the table this many edits away (two from
# `LONG_WORD` letters), when it has at least `SHORTEST` letters.
SHORTEST = 5
LONG_WORD = 9


@cache
def _single_keys() -> tuple[str, ...]:
    return tuple(key for key in table() if " " not in key)


@cache
def mistyped(word: str) -> tuple[str, ...]:
    """The table's keys (stems) that *word*, which the table does not know, may stand for, likeliest
    first; none when *word* has Indonesian affixes.

    The nearest by edits (a swap of two neighbours is one), with the same first
    letter; among those, a letter left out or added before one changed (``polution``:
    pollution rather than politic), then the nearest to the word as typed.  A run of
    words tries them all (``forest fiers``: forest fire, not fierce).
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA, Indel

    stem = english_stem(word)
    if stem is None or len(word) < SHORTEST or stem in table():
        return ()
    if [t[4] for t in iter_tokens(word, "id")] != [word]:  # Sastrawi finds affixes: Indonesian (berunding)
        return ()
    edits = 2 if len(word) >= LONG_WORD else 1
    found = process.extract(stem, _single_keys(), scorer=OSA.distance, score_cutoff=edits, limit=None)
    if not found:
        return ()
    nearest = min(distance for _key, distance, _n in found)
    ranked = sorted(
        (distance, Indel.distance(stem, key), OSA.distance(word, key), key)
        for key, distance, _n in found
        if key[:1] == stem[:1] and distance == nearest
    )
    return tuple(key for *_order, key in ranked)


def is_english(word: str) -> bool:
    """Whether *word* (as typed) is an English word of the table or an English function word: what
    the translation reads, and the typo corrector leaves alone (it may correct a mistyped one)."""
    word = word.lower()
    return word in stopwords("en") or english_stem(word) in table()


def is_indonesian(word: str) -> bool:
    """Whether *word* (as typed, lower case) is an Indonesian word of the table and no English one."""
    if not word.islower() or not word.isalpha():
        return False
    if word in INDONESIAN_FUNCTION_WORDS:
        return True
    stems = " ".join(token[4] for token in iter_tokens(word, "id"))
    return stems in reverse_table() and english_stem(word) not in table()


def english_stem(word: str) -> str | None:
    """*word*'s Snowball stem, as the table's keys are written; None for more or less than one word."""
    tokens = list(iter_tokens(word, "en"))
    return tokens[0][4] if len(tokens) == 1 else None


def translate(
    query: tree.Node,
    direction: str,
    capitals: frozenset[str] = frozenset(),
    misread: frozenset[str] = frozenset(),
) -> tree.Node:
    """*query* with its free words replaced by their translations (*direction*: `EN_ID` or `ID_EN`).

    Free words are those `words_of` lists, wherever they stand: in an OR or an
    AND, before a NOT, beside a field or a phrase.  Runs of up to `LONGEST` words
    next to each other are looked up first; a run may hold names (``World Bank``),
    a single name never is translated.  *capitals*: words (lower-cased) that pass
    through as typed, acronyms and names; *misread*: words the Indonesian articles rarely
    write, read as the table's word they are likely a typo of (`Verdict.misread`).
    """
    free = _free_words(query)
    return _Translating(direction, capitals, misread, free[0] if free else None).node(query)


def without_english(query: tree.Node, misread: frozenset[str] = frozenset()) -> tree.Node | None:
    """*query* without its free words that are English words of the table (`is_english`) or
    *misread* (read as mistyped English ones), or None when nothing is left: what the typo
    corrector is given of an English query."""
    if isinstance(query, tree.Word):
        english = is_english(query.text) or query.text.lower() in misread
        return None if query.field is None and english else query
    if isinstance(query, (tree.Any, tree.All)):
        parts = [part for part in (without_english(p, misread) for p in query.parts) if part is not None]
        if not parts:
            return None
        if isinstance(query, tree.All):
            return tree.All(parts, boost=query.boost)
        return tree.Any(parts, boost=query.boost, coordinated=query.coordinated)
    if isinstance(query, (tree.AndNot, tree.Require)):
        a = without_english(query.a, misread)
        return None if a is None else type(query)(a, query.b)
    if isinstance(query, tree.AndMaybe):
        a, b = without_english(query.a, misread), without_english(query.b, misread)
        return tree.AndMaybe(a, b) if a is not None and b is not None else a or b
    return query


@dataclass(slots=True, frozen=True)
class _Translating:
    """What `translate` needs at every node: which way, which words pass through, which are misread."""

    direction: str
    kept: frozenset[str]
    misread: frozenset[str]
    first: tree.Node | None  # the query's first free word, which may be capitalised and English

    def node(self, node: tree.Node) -> tree.Node:
        if isinstance(node, tree.Word):
            out = self.run([node])
            return out[0] if len(out) == 1 else tree.Any(out)
        if isinstance(node, (tree.Any, tree.All)):
            parts = self.run(node.parts)
            if isinstance(node, tree.All):
                return tree.All(parts, boost=node.boost)
            return tree.Any(parts, boost=node.boost, coordinated=node.coordinated)
        if isinstance(node, (tree.AndNot, tree.Require)):
            return type(node)(self.node(node.a), node.b)
        if isinstance(node, tree.AndMaybe):
            return tree.AndMaybe(self.node(node.a), self.node(node.b))
        return node

    def run(self, parts: list[tree.Node]) -> list[tree.Node]:
        """*parts* (of one OR or AND) with their words and runs of words translated, the rest looked into."""
        english = self.direction == EN_ID
        if not english:  # Indonesian function words mean nothing in English articles
            parts = [part for part in parts if not _function_word(part)] or parts
        known = table() if english else reverse_table()
        single = [self.keys(part, names=part is self.first) for part in parts]
        within = [self.keys(part, names=True) for part in parts]  # names too, for runs
        out: list[tree.Node] = []
        i = 0
        while i < len(parts):
            for n in range(min(LONGEST, len(parts) - i), 0, -1):
                run = parts[i : i + n]
                key = _known_run((single if n == 1 else within)[i : i + n], known)
                if key is not None:
                    typed = " ".join(part.text for part in run)  # type: ignore[attr-defined]
                    right = english and all(english_stem(w.lower()) in known for w in typed.split())
                    out.append(_translated(typed, known[key], self.direction, as_typed=right))
                    i += n
                    break
            else:  # not translated: a word as typed, a group looked into
                part = parts[i]
                i += 1
                if english and _english_function_word(part) and len(parts) > 1:
                    continue  # (for Indonesian articles, even when required: the ceasefire --match all)
                out.append(part if isinstance(part, tree.Word) else self.node(part))
        return out

    def keys(self, part: tree.Node, names: bool) -> tuple[str, ...]:
        """The keys a clause may be looked up by (its stems joined by a space: ``odd-even`` is ``odd
        even``; a misread word's likely keys, best first), or none: not a plain free word, a number,
        a function word, a word kept as typed, or (unless *names*: the query's first word, or a word
        of a longer run) a word with a capital."""
        if not isinstance(part, tree.Word) or part.field is not None or part.boost != 1.0:
            return ()
        text = _without_possessive(part.text)
        word = text.lower()
        if (text[:1].isupper() and not names) or word in self.kept or not text.replace("-", "").isalpha():
            return ()
        english = self.direction == EN_ID
        if not english and word in INDONESIAN_FUNCTION_WORDS:
            return ()
        stems = [token[4] for token in iter_tokens(text, "en" if english else "id")]
        if english and word in self.misread and len(stems) == 1 and stems[0] not in table():
            return mistyped(word) or (stems[0],)
        return (" ".join(stems),) if stems else ()


def _known_run(keys: list[tuple[str, ...]], known: Mapping[str, Translations]) -> str | None:
    """The first key of the table among the runs of *keys* (each word's, best first), or None."""
    if not all(keys):
        return None
    for combination in itertools.product(*keys):
        key = " ".join(combination)
        if key in known:
            return key
    return None


def _translated(typed: str, translations: Translations, direction: str, as_typed: bool) -> tree.Translated:
    """*typed* searched as its *translations*, and (*as_typed*: an English word typed right) as typed."""
    # English translations are the table's stems, searched as they are; Indonesian ones are words
    if direction == ID_EN:  # the word as typed too, as an English article would stem it (Jakarta)
        stems = " ".join(token[4] for token in iter_tokens(typed, "en"))
        if AS_TYPED and all(text != stems for text, _p in translations):
            translations = (*translations, (stems, AS_TYPED))
        return tree.Translated(typed, translations=translations, stems=True)
    written = typed.lower()
    if AS_TYPED and as_typed and all(text != written for text, _p in translations):
        translations = (*translations, (written, AS_TYPED))
    return tree.Translated(typed, translations=translations)


def _english_function_word(part: tree.Node) -> bool:
    return isinstance(part, tree.Word) and part.field is None and part.text.lower() in stopwords("en")


def _function_word(part: tree.Node) -> bool:
    return (
        isinstance(part, tree.Word) and part.field is None and part.text.lower() in INDONESIAN_FUNCTION_WORDS
    )


def shown(query: tree.Node) -> str:
    """A translated query as text, for people: each translated word as its translations
    (``(pembicaraan OR perundingan OR talks)``), the rest as typed."""
    return _shown(query, top=True)


def _shown(node: tree.Node, top: bool = False) -> str:
    if isinstance(node, tree.Translated):
        words = [f'"{text}"' if " " in text else text for text, _p in node.translations]
        return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"
    if isinstance(node, tree.Text):
        field = f"{node.field}:" if node.field else ""
        text = f'"{node.text}"' if isinstance(node, tree.Phrase) else node.text
        if isinstance(node, tree.Prefix):
            text += "*"
        elif isinstance(node, tree.Fuzzy):
            text += f"~{node.edits}" if node.edits != 1 else "~"
        return field + text
    if isinstance(node, tree.Range):
        return f"{node.field or 'date'}:[{node.start or ''} to {node.end or ''}]"
    if isinstance(node, tree.Everything):
        return "*"
    if isinstance(node, (tree.Any, tree.All, tree.Alternatives)):
        joiner = (
            " AND " if isinstance(node, tree.All) else " OR " if isinstance(node, tree.Alternatives) else " "
        )
        if isinstance(node, tree.Any) and not node.coordinated:
            joiner = " OR "
        text = joiner.join(_shown(part) for part in node.parts)
        return text if top or len(node.parts) == 1 else f"({text})"
    if isinstance(node, tree.Not):
        return f"-{_shown(node.part)}"
    if isinstance(node, tree.AndNot):
        return f"{_shown(node.a, top)} -{_shown(node.b)}"
    if isinstance(node, tree.AndMaybe):
        return f"+{_shown(node.a)} {_shown(node.b)}"
    if isinstance(node, tree.Require):
        return f"{_shown(node.a, top)} {_shown(node.b)}"
    return ""


def has_translations(query: tree.Node) -> bool:
    """Whether *query* holds a translated word."""
    return any(isinstance(leaf, tree.Translated) for leaf in tree.leaves(query))
