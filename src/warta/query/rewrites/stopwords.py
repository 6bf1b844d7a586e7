"""Rewrite: a query's optional stopwords (``the``, ``of``) are left out, unless they are all it has.

Only words an article may lack go: a required word (``--match all``, ``AND``,
``+word``) stays, as does a stopword inside a phrase; and the index keeps
every word, so ``"state of the union"`` matches as written.  With BM25's idf
such words weigh almost nothing anyway, but each is a posting list as long
as the collection, which every query would walk.
"""

from __future__ import annotations

from functools import cache

from ...analysis.words import SASTRAWI_LANGUAGES, fold_word
from .. import tree
from ..clauses import word_of


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """Words of *lang* too common to rank by: left out of queries, never out of the index.

    Snowball's lists, as Whoosh ships them (14 languages, English among
    them).  None for Indonesian and Malay yet: measuring Sastrawi's list
    against phrase queries belongs to the relevance work.
    """
    from whoosh.lang import NoStopWords, stopwords_for_language  # the lists only

    if not lang or lang in SASTRAWI_LANGUAGES:
        return frozenset()
    try:
        return frozenset(fold_word(w) for w in stopwords_for_language(lang))
    except NoStopWords:
        return frozenset()


def remove(query: tree.Node, lang: str | None, kept: frozenset[str] = frozenset()) -> tree.Node:
    """*query* without the optional words that are stopwords of *lang*, except those in *kept*."""
    words = stopwords(lang) - kept
    return _without(query, words, lang) if words else query


def _without(node: tree.Node, words: frozenset[str], lang: str | None) -> tree.Node:
    if isinstance(node, (tree.Any, tree.Alternatives)) and word_of(node, lang) is None:
        parts = [_without(part, words, lang) for part in node.parts]
        left = [part for part in parts if word_of(part, lang) not in words] or parts
        return (
            tree.Any(left, node.boost, node.coordinated)
            if isinstance(node, tree.Any)
            else tree.Alternatives(left)
        )
    if isinstance(node, tree.All):
        return tree.All([_without(part, words, lang) for part in node.parts], boost=node.boost)
    if isinstance(node, tree.AndMaybe):  # the optional side too
        return tree.AndMaybe(_without(node.a, words, lang), _without(node.b, words, lang))
    if isinstance(node, (tree.AndNot, tree.Require)):
        return type(node)(_without(node.a, words, lang), node.b)
    return node
