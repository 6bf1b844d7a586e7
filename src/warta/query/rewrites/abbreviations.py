"""Rewrite: an abbreviation also finds its full form, and a full form its abbreviation.

``OTT bupati`` finds "operasi tangkap tangan" too, and ``operasi tangkap
tangan bupati`` finds "OTT" (the table is `analysis.abbreviations`).  The
words of a keyword query (one word, words joined by OR as by default, or
all required as with ``--match all``) are widened; queries with operators,
phrases or fields are left as typed.  An abbreviation and its full form
count as one word for coordination, and weigh about as much as each other:
the full form's phrase is scaled down by its length, an abbreviation
standing for typed words scaled up.  Indonesian (and Malay) readings only.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...analysis.abbreviations import ABBREVIATIONS, CAPITALS_ONLY, SPELLED_OUT, WRITTEN_SHORT
from .. import tree
from ..clauses import unwrapped, word_of


def expand(query: tree.Node, lang: str, capitals: Iterable[str] = ()) -> tree.Node:
    """*query* with its abbreviations and full forms widened to each other.

    *capitals* are the words typed in capitals: some abbreviations are also
    words (``as``, ``bi``, ``ham``) and count only when so typed (`CAPITALS_ONLY`).
    """
    typed_in_capitals = set(capitals)

    def expandable(word: str | None) -> bool:
        if word not in ABBREVIATIONS or word in WRITTEN_SHORT:
            return False
        return word not in CAPITALS_ONLY or word in typed_in_capitals

    def full_form(word: str) -> tree.Phrase:
        expansion = ABBREVIATIONS[word]
        return tree.Phrase(expansion, boost=1 / len(expansion.split()), start=1)

    word = word_of(query, lang)
    if word is not None and expandable(word):
        return tree.Alternatives([query, full_form(word)])
    top, boost = unwrapped(query)
    parts = _keywords(top)
    if parts is None:
        return query
    if len(parts) == 1:  # a AND a: one word
        word = word_of(parts[0], lang)
        return tree.Alternatives([query, full_form(word)]) if word is not None and expandable(word) else query
    every = isinstance(top, tree.All)  # --match all: each word (or its abbreviation) required
    words = [word_of(part, lang) for part in parts]
    out: list[tree.Node] = []
    changed = False
    i = 0
    while i < len(parts):
        for n in range(len(parts) - i, 1, -1):  # the longest full form typed out from here
            phrase = " ".join(w or "\0" for w in words[i : i + n])
            if phrase in SPELLED_OUT:
                spelled = tree.All(parts[i : i + n]) if every else tree.Any(parts[i : i + n])
                short = tree.Word(SPELLED_OUT[phrase], boost=float(n))
                out.append(tree.Alternatives([spelled, short]))
                changed = True
                i += n
                break
        else:
            if expandable(words[i]):
                out.append(tree.Alternatives([parts[i], full_form(str(words[i]))]))
                changed = True
            else:
                out.append(parts[i])
            i += 1
    if not changed:
        return query
    return tree.All(out, boost=boost) if every else tree.Any(out, boost=boost)


def _keywords(top: tree.Node) -> list[tree.Node] | None:
    """The clauses of a keyword query's top group, or None for any other query.

    An AND inside an AND is read as part of it (``a AND (b AND c)`` has three
    clauses), as the engine reads it.
    """
    if isinstance(top, tree.Any):
        return list(top.parts)
    if isinstance(top, tree.All):
        parts: list[tree.Node] = []
        for part in top.parts:
            inner, boost = unwrapped(part)
            if isinstance(inner, tree.All):
                parts += [tree.scaled(p, boost * inner.boost) for p in _keywords(inner) or []]
            else:
                parts.append(part)
        unique: list[tree.Node] = []
        for part in parts:  # a word required twice is required once
            if part not in unique:
                unique.append(part)
        return unique
    return None
