"""Rewrite: an English query searched in Indonesian articles as its translations.

Each English word (or phrase of two or three words) the table knows
(`warta.query.translations`) becomes a `tree.Translated` leaf with its
Indonesian translations and their probabilities, which the engine scores as
one word (a probabilistic structured query, `engine.ranking.TranslatedWord`);
names (words typed with a capital), numbers and words the table does not
know pass through as typed.  Only keyword queries (words joined by OR or
AND, as typed) are translated; queries with phrases, fields or operators are
left as they are.
"""

from __future__ import annotations

from ...analysis.words import iter_tokens
from .. import tree
from ..clauses import unwrapped
from ..translations import table
from .abbreviations import keyword_parts

# Longest English phrase looked up, in words.
LONGEST = 3


def translate(query: tree.Node, capitals: frozenset[str] = frozenset()) -> tree.Node:
    """*query* with its English words replaced by their translations (*capitals*: typed in capitals)."""
    top, boost = unwrapped(query)
    parts = keyword_parts(top)
    if parts is None:
        parts = [top]
    words = [_english(part, capitals, first=n == 0) for n, part in enumerate(parts)]
    known = table()
    out: list[tree.Node] = []
    i = 0
    while i < len(parts):
        for n in range(min(LONGEST, len(parts) - i), 0, -1):
            stems = words[i : i + n]
            if all(stems) and " ".join(stems) in known:  # type: ignore[arg-type]
                typed = " ".join(part.text for part in parts[i : i + n])  # type: ignore[union-attr]
                out.append(tree.Translated(typed, translations=known[" ".join(stems)]))  # type: ignore[arg-type]
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


def _english(part: tree.Node, capitals: frozenset[str], first: bool) -> str | None:
    """The English stem a clause stands for, or None: not a plain word, a name (capitalised, but
    for the query's first word), an acronym, a number."""
    if not isinstance(part, tree.Word) or part.field is not None or part.boost != 1.0:
        return None
    text = part.text
    if (text[:1].isupper() and not first) or text.lower() in capitals or not text.isalpha():
        return None
    tokens = list(iter_tokens(text, "en"))
    return tokens[0][4] if len(tokens) == 1 else None
