"""Rewrite: a mistyped word is searched as the word the index holds, and the user is told.

A free word of the query is corrected when the index does not hold it
(``jokowii`` -> ``jokowi``, ``senjta`` -> ``senjata``), or holds it far more
rarely than a word one edit away *and* the query's other words tell the two
apart (``mentri kabinet`` -> ``menteri kabinet``); a word the index mostly
writes as two is searched both ways (``ibukota`` -> ``"ibu kota" OR
ibukota``), and so are two typed words it mostly writes as one.  What the
index holds is asked of a `Lexicon` (the engine's `Vocabulary`): how many
articles have a word, and which of its words are near a typed one.

What is left alone (`Corrector.best` has the rules):

* words written in `RARE_SHARE` of the articles or more (at least `RARE_MIN`);
* a word the index has, typed alone: rare real names survive (``tsamara``);
  and among other words, unless they go with the correction far more than by
  chance (``kabupaten ngada``, ``hanum rais``, ``zalina anak raisa`` are kept;
  ``veronika koman`` is ``veronica koman``);
* words under `MIN_LETTERS` letters (four-letter words written nowhere are
  corrected among other words), words with digits;
* words inside "quoted phrases", field values, patterns and excluded words:
  a query that finds little gets a suggestion for them (`suggest`), never a
  silent change.

Candidates are weighed by how many articles have them, by how many edits
away they are (one in words of five to eight letters, two from
`TWO_EDITS_FROM`, as Meilisearch and Elasticsearch's ``fuzziness: AUTO``
allow), and by how often the query's other words are found with them.  In
an index of several languages, a word is counted in the articles of each
language reading; the main reading (the one with most articles) decides
what a word's stem is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from ...analysis.words import fold_word, iter_tokens
from .. import tree
from ..clauses import word_of
from ..syntax import outside_phrases

if TYPE_CHECKING:
    from .. import Reading

# Words shorter than this are never corrected (``naik``, ``uu``, ``tni``): too many real words are near.
MIN_LETTERS = 5
# Words this long may carry two mistakes; shorter ones one.  Longer than `MAX_LETTERS`: left alone.
TWO_EDITS_FROM = 9
MAX_LETTERS = 30
# A word the index has is corrected only to a word one edit away written in this many times more articles,
RATIO = 10
# (a compound written as one word or two is the same word: the commoner way wins at this ratio)
COMPOUND_RATIO = 3
# and only while it is in fewer articles than this share of the index (at least `RARE_MIN`).
RARE_SHARE = 0.0005
RARE_MIN = 10
# A compound is searched both ways only while it is in fewer articles than this share.
COMPOUND_SHARE = 0.005
# Short words in this share of the articles or more (``ke``, ``di``) are never joined to the next.
COMMON_SHARE = 0.05
# A correction must be found in at least this many articles (one in an index of fewer than
# `SMALL_INDEX`, where most words are in one).
MIN_SUPPORT = 2
SMALL_INDEX = 100
# One more edit must be bought by this many times more articles (a log-linear weighing).
EDIT_COST = math.log(100)
# Being found with the query's other words weighs this much (a log-linear weighing, as above):
# ``kerusahan wamena`` is ``kerusuhan``, not the commoner ``kerusakan``.
CONTEXT_WEIGHT = 2.0
# A word the index has is corrected only towards a word the query's other words are found with
# this many times more often than with any article (and in three articles at least).
CONTEXT_LIFT = 3
# A query that finds fewer articles than this gets a suggestion ("did you mean"), when one finds more.
SUGGEST_BELOW = 3
# Candidates looked at per word, the likeliest first by how often the index has them (twice as
# many when the query has other words to weigh them by).
CANDIDATES = 6


class Lexicon(Protocol):
    """What the corrector asks of an index (`engine.vocabulary.Vocabulary`)."""

    def frequency(self, word: str, lang: str | None) -> int:
        """Articles that have *word* as a search for it in *lang*'s reading finds it, in any language."""
        ...

    def written(self, word: str, lang: str | None) -> int:
        """Articles where *word* is written so (not only as a stem of other words), in any language."""
        ...

    def as_term(self, word: str) -> int:
        """Articles with *word* as a term of a text field, unanalysed: quick, and at least `written`."""
        ...

    def count(self, node: tree.Node, reading: Reading, *, searched: bool = False) -> int:
        """Articles of *reading*'s languages that *node* matches: a phrase as searched; a word where
        written so, or (*searched*) as a search finds it."""
        ...

    def articles(self, reading: Reading) -> int:
        """Articles `count` counts in for *reading*: at least any count it gives."""
        ...

    def together(self, word: str, others: Sequence[str], lang: str | None, *, written: bool = True) -> int:
        """Articles where *word* is written so (or, not *written*, found) and each of *others* is found."""
        ...

    def neighbours(self, word: str, max_edits: int, *, same_first: bool = False) -> list[tuple[str, int]]:
        """The index's words within *max_edits* edits of *word*, with their distance (*same_first*:
        only those beginning with its first letter)."""
        ...

    def field_neighbours(self, fieldname: str, word: str, max_edits: int) -> list[tuple[str, int]]:
        """The terms of a label field (``source``) within *max_edits* edits of *word*, with their counts."""
        ...


@dataclass(frozen=True, slots=True)
class Correction:
    """One change made to a query (or suggested): *typed*, as written, became *corrected*."""

    typed: str  # as the query has it: "Jokowii", "sepak bola"
    corrected: str  # "jokowi", "sepakbola", "ibu kota"
    kind: str  # "spelling", "split" or "join"

    @property
    def searched(self) -> str:
        """What is searched instead, as query text: a compound is searched both ways."""
        if self.kind == "split":
            return f'("{self.corrected}" OR {self.typed})'
        if self.kind == "join":
            return f'({self.corrected} OR "{self.typed}")'
        return self.corrected


@dataclass(slots=True)
class _Candidate:
    text: str  # a word, or two words for a split
    edits: int
    support: int  # articles it is found in
    context: int = 0  # articles where it is found with the query's other words

    def weight(self) -> float:
        return (
            math.log(max(self.support, 1))
            - EDIT_COST * self.edits
            + CONTEXT_WEIGHT * math.log1p(self.context)
        )


def max_edits(word: str) -> int:
    """Edits allowed in *word*: none under `MIN_LETTERS` letters, one, two from `TWO_EDITS_FROM`."""
    if not MIN_LETTERS <= len(word) <= MAX_LETTERS or not word.isalpha():
        return 0
    return 2 if len(word) >= TWO_EDITS_FROM else 1


# Groups whose words are a field's value or excluded: title:(a b), -(a b), NOT (a b).
_CLOSED_GROUP_RE = re.compile(r"(?:\w+:|-|\bNOT\s+)\([^)]*\)?")


class Corrector:
    """Corrections for the words of a query *text*, against one index's words, for its readings.

    *readings* (languages and stemmer only) come main reading first: the one
    whose languages have the most articles.
    """

    def __init__(self, lexicon: Lexicon, readings: Sequence[Reading], articles: int, text: str = "") -> None:
        self.lexicon = lexicon
        self.main = readings[0]
        self.others = list(readings[1:])
        self.lang = min(self.main.languages)
        self.articles = articles
        self.min_support = MIN_SUPPORT if articles >= SMALL_INDEX else 1
        self.text = text
        self._syntax = _syntax_of(text)  # the text as `_free` reads it, made once per query
        self._written: dict[str, int] = {}
        self._frequency: dict[str, int] = {}

    def rare(self, share: float = RARE_SHARE) -> int:
        """Below how many articles a word is rare enough to be corrected (split: `COMPOUND_SHARE`)."""
        return max(RARE_MIN, int(self.articles * share))

    # -- how often ------------------------------------------------------------------------------

    def written(self, word: str) -> int:
        """Articles where *word* is written so: in the main reading, or the others' own articles."""
        if word not in self._written:
            found = self.lexicon.written(word, self.lang)
            if found < self.rare(COMPOUND_SHARE) and self.others and self.lexicon.as_term(word):
                found = self._with_others(found, lambda r: self.lexicon.count(tree.Word(word), r))
            self._written[word] = found
        return self._written[word]

    def frequency(self, word: str) -> int:
        """Articles a search for *word* finds: in the main reading, or the others' own articles."""
        if word not in self._frequency:
            found = self.lexicon.frequency(word, self.lang)
            found = self._with_others(
                found,
                lambda r: (
                    self.lexicon.count(tree.Word(word), r, searched=True)
                    if self.lexicon.frequency(word, min(r.languages))
                    else 0
                ),
            )
            self._frequency[word] = found
        return self._frequency[word]

    def phrase(self, text: str) -> int:
        """Articles with the words of *text* next to each other, in the reading that has most."""
        found = self.lexicon.count(tree.Phrase(text), self.main)
        return self._with_others(found, lambda r: self.lexicon.count(tree.Phrase(text), r))

    def _with_others(self, found: int, count: Callable[[Reading], int]) -> int:
        """*found*, or the most any other reading's *count* gives; not counted in a reading whose
        articles are too few to give more (an index with a few English articles among many)."""
        for reading in self.others:
            if found < self.lexicon.articles(reading):
                found = max(found, count(reading))
        return found

    def together(self, text: str, context: Sequence[str]) -> int:
        """Articles where *text* (a word, or two for a split) is found with every word of *context*."""
        first, *rest = text.split()
        others = [*rest, *context]
        readings = [self.main, *self.others]
        return max(self.lexicon.together(first, others, min(r.languages)) for r in readings)

    # -- where it was typed ---------------------------------------------------------------------

    def typed_free(self, typed: str) -> re.Match[str] | None:
        """Where *typed* (a word, or words apart) stands free in the query text (`_free`)."""
        return _free(self._syntax, typed)

    # -- the likeliest word meant ---------------------------------------------------------------

    def best(self, word: str, *, eager: bool, context: Sequence[str] = ()) -> _Candidate | None:
        """The likeliest word meant by *word* (folded), or None when it should stay as typed.

        A word is as common as the articles where it is *written* so.  One
        written nowhere is corrected to its likeliest neighbour.  One the
        index has (but rarely: `rare`) is corrected only with other words
        (*context*) to tell: towards a word one edit away written in `RATIO`
        times as many articles, that the other words go with (`CONTEXT_LIFT`).  A mistyped word can be stemmed
        into another word (``mentri`` reads as ``tri``): the correction must
        then be found more often than that reading too.  A compound written
        as one word is split when the two words are commoner
        (`COMPOUND_RATIO`), and the search finds both.  *eager*
        (suggestions) lowers the bars: words of four letters, a word the
        index has typed alone, a neighbour three times as common.
        """
        edits = max_edits(word)
        if len(word) == 4 and word.isalpha() and (eager or (context and not self.written(word))):
            edits = 1  # four letters: in a suggestion, or a word written nowhere among others
        if not edits:
            return None
        written = self.written(word)
        if written >= (self.rare() if eager else self.rare(COMPOUND_SHARE)):
            return None
        held = bool(written)
        context = [w for w in context if self.frequency(w)]  # not the query's other typos
        candidates: list[_Candidate] = []
        if written < self.rare() and (eager or not held or context):
            # a word the index has is changed only one edit away, towards a far commoner word:
            # words that cannot be that are not looked at
            floor = max(self.min_support, (3 if eager else RATIO) * written)
            wanted = CANDIDATES * 2 if context else CANDIDATES
            candidates = self._spelling(word, 1 if held else edits, wanted, floor=floor, same_first=held)
        candidates += self._splits(word, floor=max(self.min_support, COMPOUND_RATIO * written))
        if not candidates:
            return None
        if context:
            for candidate in candidates:
                candidate.context = self.together(candidate.text, context)
        best = max(candidates, key=lambda c: (c.weight(), -abs(len(c.text) - len(word)), c.text))
        ratio = 3 if eager else COMPOUND_RATIO if " " in best.text else RATIO
        if best.support < max(self.min_support, ratio * written, self.frequency(word) + 1):
            return None
        if held and " " not in best.text and context:  # (typed alone: only a suggestion gets here)
            # a word the index has is what was meant unless the other words go with the correction:
            # found with it in a few articles, more than with the typed word, and far more than with
            # any article (veronika koman: veronica; kabupaten ngada, hanum rais: as typed)
            anywhere = self.lexicon.together(context[0], context[1:], self.lang, written=False)
            if best.context < MIN_SUPPORT + 1 or best.context <= self.together(word, context):
                return None
            if best.context * self.articles < CONTEXT_LIFT * best.support * anywhere:
                return None
        return best

    def _spelling(
        self, word: str, edits: int, wanted: int, *, floor: int, same_first: bool
    ) -> list[_Candidate]:
        """The likeliest words within *edits* of *word*, found in at least *floor* articles."""
        near = [
            (self.lexicon.as_term(w), d, w)
            for w, d in self.lexicon.neighbours(word, edits, same_first=same_first)
        ]
        near = [(f, d, w) for f, d, w in near if f >= floor]  # as a term: found where written, and more
        if not near:
            return []
        # a neighbour with the typed word's stem finds what the typed word finds (tepati, tepat)
        stem = _stem(word, self.lang)
        ranked = [t for t in near if _stem(t[2], self.lang) != stem]
        # the commonest at each distance: a distant word must be far commoner to win
        ranked.sort(key=lambda t: (-(math.log(max(t[0], 1)) - EDIT_COST * t[1]), t[2]))
        return [_Candidate(w, distance, self.written(w)) for _f, distance, w in ranked[:wanted]]

    def _splits(self, word: str, *, floor: int) -> list[_Candidate]:
        """*word* as two words the index holds, written apart (``ibukota`` -> ``ibu kota``).

        Only where each is found in at least *floor* articles, as the phrase must be.
        """
        if not 6 <= len(word) <= MAX_LETTERS:
            return []
        halves = []
        for i in range(3, len(word) - 2):  # halves of three letters or more (not "di", "ke")
            a, b = word[:i], word[i:]
            if not (self.lexicon.as_term(a) and self.lexicon.as_term(b)):
                continue
            fewer = min(self.frequency(a), self.frequency(b))
            if fewer >= floor:
                halves.append((fewer, f"{a} {b}"))
        return [_Candidate(phrase, 1, self.phrase(phrase)) for _f, phrase in sorted(halves, reverse=True)[:2]]

    def join(self, a: str, b: str, typed: str) -> _Candidate | None:
        """Two words typed next to each other as the one word the index mostly writes
        (``sepak bola`` -> ``sepakbola``, ``moto gp`` -> ``motogp``; not ``ke luar``: a
        word of two letters in `COMMON_SHARE` of the articles stands on its own)."""
        joined = a + b
        if len(joined) > MAX_LETTERS or not joined.isalpha():
            return None
        if any(len(w) < 3 and self.frequency(w) >= self.articles * COMMON_SHARE for w in (a, b)):
            return None  # "ke", "di": words of their own
        if not self.lexicon.as_term(joined) or self.typed_free(typed) is None:
            return None
        together = self.written(joined)
        if together < max(MIN_SUPPORT, COMPOUND_RATIO):  # too few to be three times the phrase
            return None
        if together < COMPOUND_RATIO * max(self.phrase(f"{a} {b}"), 1):
            return None
        return _Candidate(joined, 1, together)


def _stem(word: str, lang: str | None) -> str:
    tokens = list(iter_tokens(word, lang))
    return tokens[0][4] if len(tokens) == 1 else word


# -- the rewrite ----------------------------------------------------------------------------------


def context_words(query: tree.Node, lang: str | None) -> list[str]:
    """The words a query looks for (not those it excludes), free or in phrases: the context of each."""
    found: list[str] = []
    for node in _positive_leaves(query):
        if isinstance(node, (tree.Word, tree.Phrase)) and node.field is None:
            found += [exact for _p, _s, _e, exact, _stem in iter_tokens(node.text, lang) if len(exact) >= 3]
    return list(dict.fromkeys(found))


def _positive_leaves(node: tree.Node) -> Iterable[tree.Node]:
    if isinstance(node, tree.Not):
        return
    if isinstance(node, (tree.AndNot, tree.Require)):
        yield from _positive_leaves(node.a)
        return
    children = tree.children(node)
    if not children:
        yield node
    for child in children:
        yield from _positive_leaves(child)


def correct(query: tree.Node, corrector: Corrector, lang: str | None) -> tuple[tree.Node, list[Correction]]:
    """*query* with its mistyped words replaced, and the corrections made (none: *query* itself)."""
    corrections: list[Correction] = []
    replaced = _corrected(query, corrector, lang, corrections, context_words(query, lang))
    return (replaced, corrections) if corrections else (query, [])


def _corrected(
    node: tree.Node, corrector: Corrector, lang: str | None, out: list[Correction], context: Sequence[str]
) -> tree.Node:
    if isinstance(node, tree.Word) and node.field is None:
        return _word(node, corrector, lang, out, context)
    if isinstance(node, (tree.Any, tree.All)):
        parts = _parts(node.parts, corrector, lang, out, context)
        if isinstance(node, tree.Any):
            return tree.Any(parts, node.boost, node.coordinated)
        return tree.All(parts, boost=node.boost)
    if isinstance(node, (tree.AndNot, tree.Require)):  # what is excluded or required as a filter: as typed
        return type(node)(_corrected(node.a, corrector, lang, out, context), node.b)
    if isinstance(node, tree.AndMaybe):
        a = _corrected(node.a, corrector, lang, out, context)
        return tree.AndMaybe(a, _corrected(node.b, corrector, lang, out, context))
    return node


def _parts(
    parts: list[tree.Node],
    corrector: Corrector,
    lang: str | None,
    out: list[Correction],
    context: Sequence[str],
) -> list[tree.Node]:
    """The parts of a group, corrected, with neighbouring words the index mostly writes as one joined."""
    result: list[tree.Node] = []
    i = 0
    while i < len(parts):
        a = parts[i]
        b = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(a, tree.Word) and isinstance(b, tree.Word) and _plain(a) and _plain(b):
            wa, wb = word_of(a, lang), word_of(b, lang)
            typed = f"{a.text} {b.text}"
            found = corrector.join(wa, wb, typed) if wa and wb else None
            if found is not None:
                out.append(Correction(typed, found.text, "join"))
                result.append(tree.Alternatives([tree.Word(found.text), tree.Phrase(typed, start=1)]))
                i += 2
                continue
        result.append(_corrected(a, corrector, lang, out, context))
        i += 1
    return result


def _word(
    node: tree.Word, corrector: Corrector, lang: str | None, out: list[Correction], context: Sequence[str]
) -> tree.Node:
    word = word_of(node, lang)
    if word is None or corrector.typed_free(node.text) is None:  # a word before a colon, say
        return node
    best = corrector.best(word, eager=False, context=[w for w in context if w != word])
    if best is None:
        return node
    if " " in best.text:  # both ways of writing the compound are searched
        out.append(Correction(node.text, best.text, "split"))
        return tree.Alternatives([tree.Phrase(best.text, boost=node.boost, start=1), node])
    out.append(Correction(node.text, best.text, "spelling"))
    return tree.Word(best.text, boost=node.boost)


def _plain(node: tree.Node) -> bool:
    return isinstance(node, tree.Word) and node.field is None and node.boost == 1.0


# -- suggestions --------------------------------------------------------------------------------------

# Label fields whose values a suggestion may correct, word by word, from the field's own terms.
SUGGESTED_FIELDS = frozenset({"source", "category", "dateline", "speaker"})


def suggest(query: tree.Node, corrector: Corrector, lang: str | None) -> list[Correction]:
    """Corrections worth offering for a query that found little: in phrases, title and body words,
    label values, and less sure ones; never for excluded words."""
    context = context_words(query, lang)
    found: list[Correction] = []
    seen: set[tuple[str | None, str]] = set()
    for leaf in _positive_leaves(query):
        if not isinstance(leaf, (tree.Word, tree.Phrase, tree.Fuzzy)) or isinstance(leaf, tree.Fuzzy):
            continue
        for typed in re.findall(r"[^\W\d_]+", leaf.text):
            word = fold_word(typed)
            if (leaf.field, word) in seen:
                continue
            seen.add((leaf.field, word))
            if leaf.field in SUGGESTED_FIELDS:
                value = _field_value(corrector, leaf.field, word)
                if value is not None:
                    found.append(Correction(typed, value, "spelling"))
                continue
            if leaf.field not in (None, "title", "body"):
                continue
            best = corrector.best(word, eager=True, context=[w for w in context if w != word])
            if best is not None:
                found.append(Correction(typed, best.text, "split" if " " in best.text else "spelling"))
    return found


def _field_value(corrector: Corrector, fieldname: str, word: str) -> str | None:
    """The commonest term of a label field one edit from *word* (two from `TWO_EDITS_FROM` letters),
    when *word* is not one."""
    if len(word) < 4:
        return None
    near = corrector.lexicon.field_neighbours(fieldname, word, 2 if len(word) >= TWO_EDITS_FROM else 1)
    if any(distance == 0 for _w, distance in near):
        return None
    return min(near, key=lambda t: (t[1], t[0]))[0] if near else None


# -- the query as corrected, as text ------------------------------------------------------------------


def corrected_text(text: str, corrections: Iterable[Correction], *, in_phrases: bool = False) -> str:
    """*text* with each correction made where it was typed, in the case it was typed in.

    Where the search changed it: free words, the first such place for
    each; with *in_phrases* (a suggestion), the first place anywhere, field
    values and phrases included.
    """
    for correction in corrections:
        if in_phrases:
            words = r"\s+".join(re.escape(w) for w in correction.typed.split())
            match = re.search(rf"(?<![\w])({words})(?![\w])", text, re.IGNORECASE)
        else:
            match = _free(_syntax_of(text), correction.typed)
        if match is None:
            continue
        start, end = match.span()
        shown = correction.corrected if in_phrases else correction.searched
        text = text[:start] + _cased(shown, text[start:end]) + text[end:]
    return text


def _syntax_of(text: str) -> str:
    """*text* with its phrases and the groups of field values and excluded words blanked out."""
    return _CLOSED_GROUP_RE.sub(lambda m: "\0" * len(m.group()), outside_phrases(text))


def _free(syntax_text: str, typed: str) -> re.Match[str] | None:
    """Where *typed* (a word, or words apart) stands free in a query (as `_syntax_of` gives it): not
    in a phrase, excluded (``-word``, ``NOT word``), a field's name or value, or a pattern; None
    when nowhere."""
    for match in _free_pattern(typed).finditer(syntax_text):
        if not re.search(r"\bNOT\s+$", syntax_text[: match.start()]):
            return match
    return None


@lru_cache(maxsize=1024)
def _free_pattern(typed: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w:\-?*~])" + r"\s+".join(re.escape(w) for w in typed.split()) + r"(?![\w:~*?\-])",
        re.IGNORECASE,
    )


def _cased(word: str, like: str) -> str:
    """*word* in the case *like* was typed in: ``Jokowii`` -> ``Jokowi``, ``KPKK`` -> ``KPK``."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return re.sub(r"\b(\w)", lambda m: m.group(1).upper(), word)
    return word
