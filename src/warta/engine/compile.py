"""Compiling an understood query (`warta.query`) into one Whoosh query over every language.

Each `query.Reading` is compiled with its language's analysis, so its words
become the stems that language's articles were indexed under: a word
searched in the text fields becomes one clause per field (title, body and
the exact-form field, weighted by `ranking.FIELD_BOOSTS`), and the words of
an OR count for coordination (`ranking.CoordinatedOr`).  Whoosh's own
query builders turn each part into its query, so phrases, patterns, ranges
and dates mean here what they mean in Whoosh.

Readings that compile alike (a name, which no stemmer changes) are merged,
and each is matched only against the articles of its languages
(`for_languages`).  A reading whose tree has nothing to search (only
punctuation, say) is searched as its plain words; with none either, the
query is a `QueryError`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, QueryParser, WildcardPlugin, syntax
from whoosh.qparser.plugins import EveryPlugin, PhrasePlugin, PrefixPlugin

from ..analysis.words import analysing_as
from ..errors import QueryError
from ..query import Understood, tree
from . import ranking
from .ranking import CoordinatedOr, TranslatedWord
from .schema import NO_STEMMER


@dataclass(frozen=True, slots=True)
class LanguageQuery:
    """A query as read for some languages: it matches articles in those languages.

    *stemmers* are the values of the ``stemmer`` field of those articles.
    """

    languages: frozenset[str]
    stemmers: frozenset[str]
    query: wq.Query
    highlighted: frozenset[str] = field(default=frozenset(), compare=False)  # body and exact-form terms


def compile_query(
    understood: Understood, schema: Any, sizes: dict[str, int] | None = None
) -> tuple[list[LanguageQuery], wq.Query]:
    """Each reading of *understood* as a Whoosh query, and one query over them all.

    *sizes* (articles per stemmer) lets `for_languages` restrict the largest
    reading the cheap way.
    """
    # The parser's group says how a field joins the words its analysis splits a value into
    # (source:kompas.com is kompas and com): as the query's words are joined.
    parser = QueryParser(None, schema, group=syntax.AndGroup if understood.match == "all" else syntax.OrGroup)
    readings: list[LanguageQuery] = []
    for reading in understood.readings:
        lang = min(reading.languages)
        with analysing_as(lang):
            q = _reading_query(understood.text, reading.tree, reading.plain, parser)
        stemmers = frozenset({reading.stemmer or NO_STEMMER})
        for n, other in enumerate(readings):
            if other.query == q:  # e.g. a name, which no stemmer changes
                readings[n] = LanguageQuery(
                    other.languages | reading.languages, other.stemmers | stemmers, q, other.highlighted
                )
                break
        else:
            readings.append(LanguageQuery(reading.languages, stemmers, q, _highlighted(q)))
    return readings, for_languages(readings, sizes)


def _reading_query(
    text: str, written: tree.Node | None, plain: tree.Node | None, parser: QueryParser
) -> wq.Query:
    q = None
    if written is not None:
        try:
            q = _compiled(written, parser)
            if q is not None:
                _raise_field_errors(q)
                q = _every_document(q)
        except QueryError:
            raise  # a precise complaint, such as an impossible date
        except Exception:
            q = None
    if q is None or not _has_terms(q):
        try:
            q = _compiled(plain, parser) if plain is not None else None
        except Exception:
            q = None
    if q is None or not _has_terms(q):
        raise QueryError(f'query {text!r} has no searchable words; try plain words or a "quoted phrase"')
    return q


def _compiled(node: tree.Node, parser: QueryParser) -> wq.Query | None:
    """*node* as a Whoosh query, normalised as Whoosh's parser would leave it.

    What rewrites added (`tree.Alternatives`) is put together as it is:
    normalising would merge an abbreviation's phrase into the word's clauses.
    """
    if not _rewritten(node):
        root = _syntax(node)
        q = root.query(parser)
        return q.normalize() if q is not None else None
    if isinstance(node, tree.Translated):
        return _translated(node, parser)
    compiled = (_compiled(child, parser) for child in tree.children(node))
    parts = [q for q in compiled if q is not None and q is not wq.NullQuery]
    boost = getattr(node, "boost", 1.0)
    if isinstance(node, tree.Alternatives):
        return wq.Or(parts, boost=boost)
    if isinstance(node, tree.Any):
        return (CoordinatedOr if node.coordinated else wq.Or)(parts, boost=boost)
    if isinstance(node, tree.All):
        return wq.And(parts, boost=boost)
    if isinstance(node, tree.Not):
        return wq.Not(parts[0], boost=boost) if parts else None
    if type(node) in _PAIRS and len(parts) == 2:  # a corrected word beside -x, +x or a filter
        return _PAIRS[type(node)](parts[0], parts[1])
    raise ValueError(f"a rewrite left {type(node).__name__} around an alternative")


# A word's translations scored as one word (True), or each as a word of its own, weighed by its
# probability (False: the baseline benchmarks/eval_crosslingual.py compares with).
PSQ = True


def _translated(node: tree.Translated, parser: QueryParser) -> wq.Query | None:
    """A word as its translations, in each text field: the single words as one `TranslatedWord`
    (their probabilities summed where two stem alike), the longer ones as phrases weighed by theirs.
    Translations given as stems are searched in the stemmed fields only."""
    fields: list[wq.Query] = []
    for name in ranking.SEARCH_FIELDS:
        field = parser.schema[name]
        singles: dict[str, float] = {}
        clauses: list[wq.Query] = []
        if node.stems and name == "exact":  # stems are no exact forms
            continue
        for words, probability in node.translations:
            terms = words.split() if node.stems else list(field.process_text(words, mode="query"))
            if len(terms) == 1:
                singles[terms[0]] = singles.get(terms[0], 0.0) + probability
            elif len(terms) > 1:
                clauses.append(wq.Phrase(name, terms, boost=probability))
        if singles and PSQ:
            clauses.insert(0, TranslatedWord(name, sorted(singles.items(), key=lambda t: -t[1])))
        elif singles:
            clauses[:0] = [wq.Term(name, text, boost=p) for text, p in singles.items()]
        if clauses:
            joined = clauses[0] if len(clauses) == 1 else ranking.Translations(clauses)
            fields.append(joined.with_boost(joined.boost * ranking.FIELD_BOOSTS.get(name, 1.0)))
    if not fields:
        return None
    return wq.Or(fields, boost=node.boost)


_PAIRS: dict[type, type] = {tree.AndNot: wq.AndNot, tree.AndMaybe: wq.AndMaybe, tree.Require: wq.Require}


def _rewritten(node: tree.Node) -> bool:
    if isinstance(node, (tree.Alternatives, tree.Translated)):
        return True
    return any(_rewritten(child) for child in tree.children(node))


_BINARY: dict[type, type] = {
    tree.AndNot: syntax.AndNotGroup,
    tree.AndMaybe: syntax.AndMaybeGroup,
    tree.Require: syntax.RequireGroup,
}


def _syntax(node: tree.Node) -> syntax.SyntaxNode:
    """*node* as the syntax node Whoosh's parser would have made, a text-field leaf spread over the fields."""
    kind = type(node)
    if isinstance(node, tree.All):
        return syntax.AndGroup([_syntax(p) for p in node.parts], boost=node.boost)
    if isinstance(node, tree.Any):
        group = syntax.OrGroup([_syntax(p) for p in node.parts], boost=node.boost)
        if node.coordinated:
            group.qclass = CoordinatedOr  # its words count for coordination
        return group
    if kind in _BINARY:
        return _BINARY[kind]([_syntax(child) for child in tree.children(node)])
    if isinstance(node, tree.Not):
        return syntax.NotGroup([_syntax(node.part)], boost=node.boost)
    if isinstance(node, tree.Everything):
        every = EveryPlugin.EveryNode()
        every.startchar = every.endchar = None
        return every
    if isinstance(node, tree.Invalid):
        return syntax.ErrorNode(node.message, _syntax(node.part) if node.part is not None else None)
    if isinstance(node, tree.Word):
        leaf: syntax.SyntaxNode = syntax.WordNode(node.text)
    elif isinstance(node, tree.Phrase):
        leaf = PhrasePlugin.PhraseNode(node.text, node.start, node.slop)
    elif isinstance(node, tree.Prefix):
        leaf = PrefixPlugin.PrefixNode(node.text)
    elif isinstance(node, tree.Wildcard):
        leaf = WildcardPlugin.WildcardNode(node.text)
    elif isinstance(node, tree.Fuzzy):
        word = syntax.WordNode(node.text)
        word.startchar = word.endchar = None
        leaf = FuzzyTermPlugin.FuzzyTermNode(word, node.edits, node.prefix)
    elif isinstance(node, tree.Range):
        leaf = syntax.RangeNode(node.start, node.end, node.start_excluded, node.end_excluded)
    else:
        raise ValueError(f"cannot compile {node!r}")
    leaf.startchar = leaf.endchar = None  # where in the query text: the tree does not keep it
    if node.field is not None:
        leaf.set_fieldname(node.field)
        leaf.set_boost(node.boost)
        return leaf
    # A leaf of the text fields: one copy per field with the field's weight, as
    # Whoosh's multifield parser makes them; the leaf's own boost weighs the group.
    copies = []
    for name in ranking.SEARCH_FIELDS:
        field_leaf = copy.copy(leaf)
        field_leaf.set_fieldname(name)
        field_leaf.set_boost(ranking.FIELD_BOOSTS.get(name, 1.0))
        copies.append(field_leaf)
    return syntax.OrGroup(copies, boost=node.boost)


def leaves(q: wq.Query) -> list[wq.Query]:
    """The leaves of *q*: its terms, phrases, patterns...; *q* itself when it is one."""
    return [q] if q.is_leaf() else list(q.leaves())


def _raise_field_errors(q: wq.Query) -> None:
    """Whoosh turns a field's complaint (``date:2025-13``) into an empty query; say it instead."""
    for leaf in leaves(q):
        error = getattr(leaf, "error", None)
        if isinstance(error, QueryError):
            raise error


def _has_terms(q: wq.Query) -> bool:
    """Whether *q* has anything to match: a term, a prefix, a range, ``*``."""
    return any(leaf is not wq.NullQuery for leaf in leaves(q))


def _every_document(q: wq.Query) -> wq.Query:
    """``*`` as one query for every document.

    The parser makes ``*`` an ``Every`` per text field, which walks every
    term of the field (18 s on id-news); without a field, ``Every`` lists the
    documents directly.
    """
    if isinstance(q, wq.Every) or (
        isinstance(q, wq.Or) and q.subqueries and all(isinstance(s, wq.Every) for s in q.subqueries)
    ):
        return wq.Every()
    if isinstance(q, wq.compound.BinaryQuery):
        q = copy.copy(q)
        q.a, q.b = _every_document(q.a), _every_document(q.b)
        q.subqueries = (q.a, q.b)
    elif isinstance(q, wq.compound.CompoundQuery):
        q = copy.copy(q)
        q.subqueries = [_every_document(s) for s in q.subqueries]
    return q


def terms(q: wq.Query) -> list[tuple[str, Any]]:
    """The (field, term) pairs of *q*; none for a query that cannot list them (a prefix, a range)."""
    try:
        return list(q.iter_all_terms())
    except Exception:
        return []


def _highlighted(q: wq.Query) -> frozenset[str]:
    """The body and exact-form terms of *q*: what a snippet marks."""
    return frozenset(
        t.decode() if isinstance(t, bytes) else str(t) for f, t in terms(q) if f in ("body", "exact")
    )


def for_languages(readings: list[LanguageQuery], sizes: dict[str, int] | None = None) -> wq.Query:
    """One query: each reading over the articles in its languages.

    An article is matched and scored by the reading of its own language
    only, so that an English article is not scored a second time for the
    exact words of the Indonesian reading.  The reading with the most
    articles (by *sizes*, articles per stemmer) is restricted by excluding
    the others' articles, which are few, rather than by requiring its own,
    which are many: Whoosh then skips a handful of documents instead of
    checking a long list at every match.
    """
    if len(readings) == 1:
        return readings[0].query

    def articles(reading: LanguageQuery) -> int:
        return sum((sizes or {}).get(s, 0) for s in reading.stemmers)

    def stemmer_terms(stemmers: Iterable[str]) -> wq.Query:
        terms = [wq.Term("stemmer", s) for s in sorted(stemmers)]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    largest = max(readings, key=articles)
    others = {s for r in readings if r is not largest for s in r.stemmers}
    clauses: list[wq.Query] = [wq.AndNot(largest.query, stemmer_terms(others))]
    clauses += [wq.Require(r.query, stemmer_terms(r.stemmers)) for r in readings if r is not largest]
    return wq.Or(clauses)
