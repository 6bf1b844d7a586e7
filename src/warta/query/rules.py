"""What the operators and fields of a query mean, as people use them, applied to its tree.

* ``gaza NOT israel`` is gaza *but not* israel (with OR as the default
  operator it would be "gaza, or anything without israel");
* label and date clauses (``source:kemenkeu``, ``date:2019-09``) say which
  articles, not what they are about: they are required wherever the default
  OR put them, and do not add to the score;
* ``Elect*`` is ``elect*``: patterns are matched against folded words;
* the index's bookkeeping fields are not part of the query language: a
  query naming one is read as its plain words instead.
"""

from __future__ import annotations

from ..analysis.words import fold_word
from . import tree

# Clauses on these fields say which articles, not what they are about: they are
# required, whatever the default operator, and do not add to the score.
METADATA_FIELDS = frozenset(
    {"source", "lang", "category", "date", "id", "dateline", "speaker", "kind", "article"}
)
# Bookkeeping fields are not part of the query language.
HIDDEN_FIELDS = frozenset({"file_key", "file_sig", "content_hash"})


def interpret(query: tree.Node) -> tree.Node | None:
    """*query* as people mean it; None when it names a field that is not part of the query language."""
    if any(getattr(leaf, "field", None) in HIDDEN_FIELDS for leaf in tree.leaves(query)):
        return None
    _fold_patterns(query)
    return require_metadata(hoist_negations(query))


def _fold_patterns(query: tree.Node) -> None:
    """``Elect*`` as ``elect*``: the index holds folded words, and patterns are not analysed."""
    for leaf in tree.leaves(query):
        if isinstance(leaf, (tree.Prefix, tree.Wildcard, tree.Fuzzy)) and leaf.field not in METADATA_FIELDS:
            leaf.text = fold_word(leaf.text)


def hoist_negations(node: tree.Node) -> tree.Node:
    """Turn ``a OR b OR NOT c`` into ``(a OR b) ANDNOT c``, group by group.

    The same holds for the optional side of ``+polisi NOT jakarta`` (AND MAYBE).
    """
    if isinstance(node, tree.AndMaybe):
        a, b = hoist_negations(node.a), hoist_negations(node.b)
        bare = _bare(b)
        if isinstance(bare, tree.Not):
            return tree.AndNot(a, bare.part)
        if isinstance(bare, tree.AndNot):  # the optional side excludes something: exclude it from all
            return tree.AndNot(tree.AndMaybe(a, bare.a), bare.b)
        return tree.AndMaybe(a, b)
    if isinstance(node, (tree.AndNot, tree.Require)):
        return type(node)(hoist_negations(node.a), hoist_negations(node.b))
    if isinstance(node, tree.Not):
        return tree.Not(hoist_negations(node.part), node.boost)
    if isinstance(node, (tree.All, tree.Alternatives)):
        return type(node)([hoist_negations(p) for p in node.parts], boost=node.boost)
    if isinstance(node, tree.Any):
        parts = [hoist_negations(p) for p in node.parts]
        negated = [bare.part for bare in map(_bare, parts) if isinstance(bare, tree.Not)]
        if not negated:
            return tree.Any(parts, node.boost, node.coordinated)
        positives = [p for p in parts if not isinstance(_bare(p), tree.Not)]
        excluded = negated[0] if len(negated) == 1 else tree.Any(negated, coordinated=False)  # only matches
        if not positives:
            return tree.Not(excluded)
        kept = positives[0] if len(positives) == 1 else tree.Any(positives, node.boost, node.coordinated)
        return tree.AndNot(kept, excluded)
    return node


def _bare(node: tree.Node) -> tree.Node:
    """*node* without groups of one part around it: ``(NOT x)`` is ``NOT x``."""
    while isinstance(node, (tree.Any, tree.All)) and len(node.parts) == 1:
        node = node.parts[0]
    return node


def is_metadata(node: tree.Node) -> bool:
    """Whether *node* has clauses, all of them on label or date fields."""
    fields = [getattr(leaf, "field", None) for leaf in tree.leaves(node)]
    return bool(fields) and all(field in METADATA_FIELDS for field in fields)


def require_metadata(query: tree.Node) -> tree.Node:
    """Turn ``inflasi source:kemenkeu`` into inflasi *within* kemenkeu's articles."""
    rest, meta = _without_metadata(query)
    if not meta:
        return query
    required = meta[0] if len(meta) == 1 else tree.All(meta)
    return required if rest is None else tree.Require(rest, required)


def _without_metadata(node: tree.Node) -> tuple[tree.Node | None, list[tree.Node]]:
    """Take the label clauses out of the optional positions of *node*.

    Optional positions are the clauses of an OR, both sides of AND MAYBE and
    the positive side of AND NOT or REQUIRE, down from the top; a label clause
    inside an explicit AND is already required and stays where it is.
    """
    if is_metadata(node):
        return None, [node]
    if isinstance(node, tree.Any):
        kept: list[tree.Node] = []
        found: list[tree.Node] = []
        for part in node.parts:
            rest, meta = _without_metadata(part)
            found += meta
            if rest is not None:
                kept.append(rest)
        if not found:
            return node, []
        if not kept:
            return None, found
        if len(kept) == 1:
            return kept[0], found
        return tree.Any(kept, node.boost, node.coordinated), found
    if isinstance(node, (tree.AndMaybe, tree.AndNot, tree.Require)):
        first, second = tree.children(node)
        a, found = _without_metadata(first)
        b, more = _without_metadata(second) if isinstance(node, tree.AndMaybe) else (second, [])
        found += more
        if not found:
            return node, []
        if a is None:
            return (b if isinstance(node, tree.AndMaybe) else None), found
        if b is None:
            return a, found
        return type(node)(a, b), found
    return node, []
