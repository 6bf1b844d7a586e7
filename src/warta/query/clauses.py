"""Which clauses of a query tree are words, and the word each stands for as the index holds it.

The rewrites look words up (an abbreviation, a stopword): a clause counts as a word when it
is one word searched in the text fields, seen through groups of one part.
"""

from __future__ import annotations

from ..analysis.words import iter_tokens
from . import tree


def unwrapped(node: tree.Node) -> tuple[tree.Node, float]:
    """*node* without groups of one part around it (``((gaza))``), and the boost those groups add."""
    boost = 1.0
    while isinstance(node, (tree.Any, tree.All)) and len(node.parts) == 1:
        boost *= node.boost
        node = node.parts[0]
    return node, boost


def word_of(node: tree.Node, lang: str | None) -> str | None:
    """The word a clause stands for, as the index holds it (lowercased, accents folded), or None.

    A clause is a word when it is one word searched in the text fields: not a
    field's value, not a pattern, and one word once analysed in *lang*
    (``covid-19`` is two).  A phrase of one word (``"OTT"``) is that word: the
    engine reads it so.
    """
    node, _boost = unwrapped(node)
    if not isinstance(node, (tree.Word, tree.Phrase)) or node.field is not None:
        return None
    forms = [exact for _pos, _start, _end, exact, _stem in iter_tokens(node.text, lang)]
    return forms[0] if len(forms) == 1 else None
