"""Rewrite: a mistyped word is searched as the word the index holds, and the user is told.

A word of the query is corrected when the index does not hold it, or holds
it far more rarely than a word one edit away (``jokowii`` -> ``jokowi``,
``senjta`` -> ``senjata``, ``mentri`` -> ``menteri``); a word written as one
that the index mostly has as two is split (``ibukota`` -> ``ibu kota``), and
two words it mostly has as one are joined.  What the index holds is asked
of a `Lexicon` (the engine's `Vocabulary`): how many articles have a word,
and which of its words are near a typed one.

What is left alone:

* words the index holds often enough (`RARE_SHARE`): rare real names survive;
* words under `MIN_LETTERS` letters, and words with digits;
* words inside "quoted phrases", field values, patterns, and excluded words:
  these get a suggestion (`suggest`), never a silent change.

Candidates are weighed by how many articles have them (in an index of
several languages, the articles of the language reading that finds them)
and by how many edits away they are; one edit is allowed in words of five
to eight letters, two from `TWO_EDITS_FROM`, as Meilisearch and
Elasticsearch's ``fuzziness: AUTO`` allow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ...analysis.words import fold_word, iter_tokens
from .. import tree
from ..clauses import word_of

if TYPE_CHECKING:
    from .. import Reading

# Words shorter than this are never corrected (``naik``, ``uu``, ``tni``): too many real words are near.
MIN_LETTERS = 5
# Words this long may carry two mistakes; shorter ones one.
TWO_EDITS_FROM = 9
# A word the index holds is corrected only to a word one edit away written in this many times more articles,
RATIO = 10
# (a compound written as one word or two is the same word: the commoner way wins at this ratio)
COMPOUND_RATIO = 3
# and only while it is in fewer articles than this share of the index (at least `RARE_MIN`),
RARE_SHARE = 0.0005
RARE_MIN = 10
# and (when it is in any) in this many times fewer articles with the query's other words.
# A compound is split only while it is in fewer articles than this share.
COMPOUND_SHARE = 0.005
# A correction must be found in at least this many articles.
MIN_SUPPORT = 2
# One more edit must be bought by this many times more articles (a log-linear weighing).
EDIT_COST = math.log(100)
# Being found with the query's other words weighs this much (a log-linear weighing, as above):
# ``kerusahan wamena`` is ``kerusuhan``, not the commoner ``kerusakan``.
CONTEXT_WEIGHT = 1.0
# A query that finds fewer articles than this gets a suggestion ("did you mean"), when one finds more.
SUGGEST_BELOW = 3
# Candidates looked at per word, the likeliest first by how often the index has them (twice as
# many when the query has other words to weigh them by).
CANDIDATES = 6


class Lexicon(Protocol):
    """What the corrector asks of an index (`engine.vocabulary.Vocabulary`)."""

    def frequency(self, word: str, lang: str | None) -> int:
        """Articles that have *word*, as a search for it in *lang*'s reading would find it (any language)."""
        ...

    def written(self, word: str, lang: str | None) -> int:
        """Articles where *word* is written so (not only as a stem of other words), as *lang* reads it."""
        ...

    def as_term(self, word: str) -> int:
        """Articles with *word* as a term of a text field, unanalysed: quick, and at least `written`."""
        ...

    def count(self, node: tree.Node, reading: Reading) -> int:
        """Articles of *reading*'s languages that *node* (a word or a phrase) matches."""
        ...

    def together(self, word: str, others: Sequence[str], lang: str | None) -> int:
        """Articles where *word* is written so and each of *others* is found."""
        ...

    def neighbours(self, word: str, max_edits: int, *, same_first: bool = False) -> list[tuple[str, int]]:
        """The index's words within *max_edits* edits of *word*, with their distance (*same_first*:
        only those beginning with its first letter)."""
        ...


@dataclass(frozen=True, slots=True)
class Correction:
    """One change made to a query (or suggested): *typed*, as written, became *corrected*."""

    typed: str  # as the query has it: "Jokowii", "sepak bola"
    corrected: str  # "jokowi", "sepakbola", "ibu kota"
    kind: str  # "spelling", "split" or "join"


@dataclass(slots=True)
class _Candidate:
    text: str  # a word, or two words for a split
    edits: int
    support: int  # articles it is found in
    written: int  # articles where it is written so
    context: int = 0  # articles where it is found with the query's other words

    def weight(self) -> float:
        return (
            math.log(max(self.support, 1))
            - EDIT_COST * self.edits
            + CONTEXT_WEIGHT * math.log1p(self.context)
        )


def max_edits(word: str) -> int:
    """Edits allowed in *word*: none under `MIN_LETTERS` letters, one, two from `TWO_EDITS_FROM`."""
    if len(word) < MIN_LETTERS or not word.isalpha():
        return 0
    return 2 if len(word) >= TWO_EDITS_FROM else 1


class Corrector:
    """Corrections for the words of a query, against one index's words, for its language readings."""

    def __init__(self, lexicon: Lexicon, readings: Sequence[Reading], articles: int) -> None:
        self.lexicon = lexicon
        self.readings = list(readings)
        self.articles = articles
        self._support: dict[tuple[str, int], int] = {}

    def rare(self, share: float = RARE_SHARE) -> int:
        """Below how many articles a word is rare enough to be corrected (split: `COMPOUND_SHARE`)."""
        return max(RARE_MIN, int(self.articles * share))

    def frequency(self, word: str) -> int:
        return max(self.lexicon.frequency(word, min(r.languages)) for r in self.readings)

    def support(self, node: tree.Word | tree.Phrase) -> int:
        """Articles a candidate is found in, in the reading that finds it in most.

        A word counts where it is written so: a candidate is not made likely
        by a stem it shares with common words (``mendari`` is read as ``dari``).
        """
        key = (node.text, isinstance(node, tree.Phrase))
        if key not in self._support:
            if len(self.readings) == 1 and isinstance(node, tree.Word):
                found = self.lexicon.written(node.text, min(self.readings[0].languages))
            else:
                found = max(self.lexicon.count(node, r) for r in self.readings)
            self._support[key] = found
        return self._support[key]

    def best(self, word: str, *, eager: bool, context: Sequence[str] = ()) -> _Candidate | None:
        """The likeliest word meant by *word* (folded), or None when it should stay as typed.

        A word is as common as the articles where it is *written* so.  It is
        replaced by a word one or two edits away only while it is rare
        (`rare`) and the other far commoner (`RATIO`); a mistyped word can
        be stemmed into another word (``mentri`` reads as ``tri``), and the
        correction must then also be found more often than that reading.  A
        compound written as one word is split however common it is, when the
        two words are commoner (`COMPOUND_RATIO`): the search then finds both.
        Candidates found with the query's other words (*context*) weigh more
        (`CONTEXT_WEIGHT`), and a word the index has is kept when those words
        are found with it in articles, unless they are found with the
        correction far more often (``zalina anak raisa`` keeps ``raisa``).
        A word of four letters written nowhere is corrected among other words.
        *eager* (suggestions) lowers the bars: words of four letters, common
        words, a neighbour three times as common.
        """
        edits = max_edits(word)
        if len(word) == 4 and word.isalpha() and (eager or (context and not self.written(word))):
            edits = 1  # four letters: in a suggestion, or a word found nowhere among others
        if not edits:
            return None
        written = self.written(word)
        if written >= self.rare(COMPOUND_SHARE) and not eager:
            return None
        candidates: list[_Candidate] = []
        if eager or written < self.rare():
            # a word the index has is changed only one edit away, towards a far commoner word:
            # words that cannot be that are not looked at
            held = bool(written) and not eager
            floor = max(MIN_SUPPORT, (3 if eager else RATIO) * written)
            wanted = CANDIDATES * 2 if context else CANDIDATES
            candidates = self._spelling(word, 1 if held else edits, wanted, floor=floor, same_first=held)
        candidates += self._splits(word, floor=max(MIN_SUPPORT, COMPOUND_RATIO * written))
        if not candidates:
            return None
        context = [w for w in context if self.frequency(w)]  # not the query's other typos
        if context:
            for candidate in candidates:
                candidate.context = self.together(candidate.text, context)
        best = max(
            candidates, key=lambda c: (c.weight(), c.written > 0, -abs(len(c.text) - len(word)), c.text)
        )
        ratio = 3 if eager else COMPOUND_RATIO if " " in best.text else RATIO
        if best.support < max(MIN_SUPPORT, ratio * written, self.frequency(word) + 1):
            return None
        if written and best.edits > 1:
            return None
        if written and " " not in best.text and context:  # the query as typed makes sense in some articles
            typed_with = self.together(word, context)
            if typed_with and best.context < RATIO * typed_with:
                return None
        return best

    def together(self, text: str, context: Sequence[str]) -> int:
        """Articles where *text* (a word, or two for a split) is found with every word of *context*."""
        first, *rest = text.split()
        others = [*rest, *context]
        return max(self.lexicon.together(first, others, min(r.languages)) for r in self.readings)

    def _languages(self) -> list[str]:
        return [min(r.languages) for r in self.readings]

    def written(self, word: str) -> int:
        """Articles where *word* is written so, in any reading."""
        return max(self.lexicon.written(word, min(r.languages)) for r in self.readings)

    def _spelling(
        self, word: str, edits: int, wanted: int, *, floor: int, same_first: bool
    ) -> list[_Candidate]:
        """The likeliest words within *edits* of *word*, found in at least *floor* articles."""
        near = [
            (self.lexicon.as_term(w), d, w)
            for w, d in self.lexicon.neighbours(word, edits, same_first=same_first)
        ]
        near = [
            (f, d, w) for f, d, w in near if f >= floor
        ]  # as a term, a word is found where written, and more
        if not near:
            return []
        # a neighbour with the typed word's stem finds what the typed word finds (tepati, tepat)
        stems = {_stem(word, lang) for lang in self._languages()}
        ranked = [t for t in near if not stems & {_stem(t[2], lang) for lang in self._languages()}]
        # the commonest at each distance: a distant word must be far commoner to win
        ranked.sort(key=lambda t: -(math.log(max(t[0], 1)) - EDIT_COST * t[1]))
        out = []
        for _freq, distance, w in ranked[:wanted]:
            out.append(_Candidate(w, distance, self.support(tree.Word(w)), self.written(w)))
        return out

    def _splits(self, word: str, *, floor: int) -> list[_Candidate]:
        """*word* as two words the index holds, written apart (``ibukota`` -> ``ibu kota``).

        Only where each is found in at least *floor* articles, as the phrase must be.
        """
        if len(word) < 6:
            return []
        halves = []
        for i in range(3, len(word) - 2):  # halves of three letters or more (not "di", "ke")
            a, b = word[:i], word[i:]
            if not (self.lexicon.as_term(a) and self.lexicon.as_term(b)):
                continue
            fa, fb = self.frequency(a), self.frequency(b)
            if min(fa, fb) >= floor:
                halves.append((min(fa, fb), f"{a} {b}"))
        out = []
        for _f, phrase in sorted(halves, reverse=True)[:2]:
            out.append(_Candidate(phrase, 1, self.support(tree.Phrase(phrase)), 0))
        return out

    def join(self, a: str, b: str) -> _Candidate | None:
        """Two typed words as the one word the index mostly writes (``sepak bola`` -> ``sepakbola``)."""
        joined = a + b
        if len(joined) < MIN_LETTERS or not joined.isalpha() or not self.lexicon.as_term(joined):
            return None
        together = self.written(joined)
        if together < max(MIN_SUPPORT, COMPOUND_RATIO):  # too few to be three times the phrase
            return None
        apart = self.support(tree.Phrase(f"{a} {b}"))
        if together < COMPOUND_RATIO * max(apart, 1):
            return None
        return _Candidate(joined, 1, together, together)


def _stem(word: str, lang: str | None) -> str:
    tokens = list(iter_tokens(word, lang))
    return tokens[0][4] if len(tokens) == 1 else word


# -- the rewrite --------------------------------------------------------------------------------------


def correct(query: tree.Node, corrector: Corrector, lang: str | None) -> tuple[tree.Node, list[Correction]]:
    """*query* with its mistyped words replaced, and the corrections made (none: *query* itself)."""
    corrections: list[Correction] = []
    words = [
        word_of(leaf, lang)
        for leaf in tree.leaves(query)
        if isinstance(leaf, tree.Word) and leaf.field is None
    ]
    context = [w for w in words if w and len(w) >= 3]
    replaced = _corrected(query, corrector, lang, corrections, context)
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
            found = corrector.join(wa, wb) if wa and wb else None
            if found is not None:
                out.append(Correction(f"{a.text} {b.text}", found.text, "join"))
                apart = tree.Phrase(f"{a.text} {b.text}", start=1)
                result.append(tree.Alternatives([tree.Word(found.text), apart]))
                i += 2
                continue
        result.append(_corrected(a, corrector, lang, out, context))
        i += 1
    return result


def _word(
    node: tree.Word,
    corrector: Corrector,
    lang: str | None,
    out: list[Correction],
    context: Sequence[str] = (),
) -> tree.Node:
    word = word_of(node, lang)
    if word is None:
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


def suggest(query: tree.Node, corrector: Corrector, lang: str | None) -> list[Correction]:
    """Corrections worth offering for a query that found little: also in phrases, and less sure ones."""
    found: list[Correction] = []
    seen: set[str] = set()
    for leaf in tree.leaves(query):
        if not isinstance(leaf, (tree.Word, tree.Phrase)) or leaf.field is not None:
            continue
        for typed in re.findall(r"[^\W\d_]+", leaf.text):
            word = fold_word(typed)
            if word in seen:
                continue
            seen.add(word)
            best = corrector.best(word, eager=True)
            if best is not None:
                found.append(Correction(typed, best.text, "split" if " " in best.text else "spelling"))
    return found


# -- the query as corrected, as text ------------------------------------------------------------------

_QUOTED_RE = re.compile(r'"[^"]*"?')


def corrected_text(text: str, corrections: Iterable[Correction], *, in_phrases: bool = False) -> str:
    """*text* with each correction made where it was typed, in the case it was typed in.

    Only outside "quoted phrases" and field values, where the search
    changed it; with *in_phrases* (a suggestion), inside phrases too.
    """
    for correction in corrections:
        pattern = re.compile(
            r"(?<![\w:])" + r"\s+".join(re.escape(w) for w in correction.typed.split()) + r"(?![\w])",
            re.IGNORECASE,
        )
        masked = text if in_phrases else _QUOTED_RE.sub(lambda m: "\0" * len(m.group()), text)
        match = pattern.search(masked)
        if match is None:
            continue
        start, end = match.span()
        text = text[:start] + _cased(correction.corrected, text[start:end]) + text[end:]
    return text


def _cased(word: str, like: str) -> str:
    """*word* in the case *like* was typed in: ``Jokowii`` -> ``Jokowi``, ``KPKK`` -> ``KPK``."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return " ".join(w[:1].upper() + w[1:] for w in word.split())
    return word
