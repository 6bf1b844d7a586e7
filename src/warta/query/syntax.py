"""Reading what the user typed into a query tree (`tree`), tolerating mistakes.

The query language is Whoosh's, with a few plugins:

* plain words: ranked by how many of them an article matches and how well;
  with ``match="all"`` every word is required;
* ``"quoted phrases"``; ``OR``, ``AND``, ``NOT``, ``-word`` and ``+word``;
* ``field:value`` for ``title:``, ``body:``, ``source:``, ``lang:``,
  ``category:``, ``dateline:``, ``speaker:`` and ``id:`` (Indonesian aliases
  ``judul:``, ``isi:``, ``sumber:``, ``bahasa:``, ``kategori:``, ``tempat:``,
  ``pembicara:``); ``date:2019-09``, ``date:[2019-09-01 to 2019-09-30]``;
* ``elect*``, ``te?as``; ``word^2`` weighs a word double;
* ``jokowi~`` (words one edit away), ``jokowi~2`` (two).

Whoosh's query parser reads the syntax (its plugins for fields, phrases,
ranges, groups, operators and boosts); what comes out is warta's own tree,
and nothing of Whoosh leaves this module.  Words are not analysed here: that
depends on the language of the articles they are matched against.

Mistakes are tolerated: an operator with nothing on one side is dropped, a
``foo:`` that names no field is read as the word ``foo`` (unless it is one
or two letters from a field's name, ``tittle:``, and not a word of the
index: then it is a `QueryError` that names the field meant), and a query the
syntax cannot make sense of is also read as its plain words (`Parsed.plain`),
to be searched for if the query as written finds nothing to search.  Only a
query that cannot mean anything is an error (`QueryError`): one that only
excludes words, or a field with nothing after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    OrGroup,
    PlusMinusPlugin,
    QueryParser,
    WildcardPlugin,
    syntax,
)
from whoosh.qparser.plugins import EveryPlugin, PhrasePlugin, PrefixPlugin

from ..analysis.words import fold_label, has_words
from ..errors import QueryError
from . import tree

FIELD_ALIASES = {
    "title": ["judul"],
    "body": ["isi"],
    "source": ["sumber"],
    "lang": ["bahasa"],
    "category": ["kategori"],
    "dateline": ["tempat"],
    "speaker": ["pembicara"],
}
# Operators with nothing on one side ("gaza AND", "OR banjir") are dropped.
_DANGLING_RE = re.compile(
    r"^\s*(?:(?:AND|OR|ANDNOT|ANDMAYBE)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE))+\s*$"
)
# Words a query excludes: -word, -"a phrase", NOT word.
_NEGATED_RE = re.compile(r"""(?<=\s)(?:-|NOT\s+)(?:"[^"]*"?|\S+)""")
_SYNTAX_RE = re.compile(r"""["'()\[\]{}:^*?~+\-!\\/]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b""")
_EMPTY_FIELD_RE = re.compile(r"(?<![\w:])(\w+):(?=\s|$)")
_FIELD_PREFIX_RE = re.compile(r"(?<![\w:])(\w+):")
# A fuzzy word's ~ followed by anything but its edits and prefix (jokowi~-1, jokowi~1.5, jokowi~x);
# a phrase's "a b"~2 is a slop, and a ~ inside a quoted phrase is text.
_BAD_FUZZY_RE = re.compile(r'(?<=[^\s"\0^])~(?!\d?(?:/\d+)?(?=[\s)^]|$))\S*')
# A fuzzy word with a boost (jokowi~^2, jokowi^2~): Whoosh's parser reads it as other words.
_BOOSTED_FUZZY_RE = re.compile(r"\S*\^[\d.]*~\S*|\S*(?<=[^\s\0])~\d?(?:/\d+)?\^\S*")
_PHRASE_RE = re.compile(r'"[^"]*"?')


@dataclass(slots=True)
class Parsed:
    """A query read two ways: as written, and as its plain words."""

    tree: tree.Node | None  # None: the syntax could not be read
    plain: tree.Node | None  # the words alone, syntax characters and operators left out; None: none


def read(
    text: str,
    fields: Collection[str],
    match: str = "any",
    known_word: Callable[[str], bool] | None = None,
) -> Parsed:
    """Read *text*, whose ``field:`` prefixes may name *fields* (or their aliases).

    Raises `QueryError` when the query cannot mean anything: it only
    excludes words, names a field with nothing after it, or names a field
    that does not exist but is a letter or two from one (``tittle:gaza``),
    unless *known_word* says the index holds that word (``data: inflasi``).
    """
    known = set(fields) | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}
    parser = _parser(known, match)
    written = _DANGLING_RE.sub(" ", f" {text} ").strip()
    outside = outside_phrases(written)
    for m in _FIELD_PREFIX_RE.finditer(outside):
        if m.group(1) not in known:
            value = re.match(r'"[^"]*"?|[^\s]*', written[m.end() :]).group()  # type: ignore[union-attr]
            _raise_if_mistyped(m.group(1), value, known, known_word)
    written = _FIELD_PREFIX_RE.sub(lambda m: m.group(0) if m.group(1) in known else m.group(1) + " ", written)
    outside = outside_phrases(written)
    for m in _EMPTY_FIELD_RE.finditer(outside):
        if m.group(1) in known:
            raise QueryError(f"'{m.group(0)}' needs a word or a \"phrase\" after it, as in {m.group(1)}:gaza")
    for m in _BAD_FUZZY_RE.finditer(outside):
        raise QueryError(f"'{m.group()}': '~' takes a number of edits, as in jokowi~, jokowi~2 or jokowi~2/3")
    for m in _BOOSTED_FUZZY_RE.finditer(outside):
        raise QueryError(f"'{m.group()}': a fuzzy word takes no boost; search jokowi~2 without ^")
    if _NEGATED_RE.search(f" {written}") and not _NEGATED_RE.sub(" ", f" {written} ").strip():
        raise QueryError(f"query {text!r} only excludes words; add a word to search for")
    try:
        written_tree = _read_tree(parser, written)
    except Exception:  # the syntax could not be read at all: the plain words remain
        written_tree = None
    plain_text = " ".join(_SYNTAX_RE.sub(" ", text).split())
    try:
        plain = (
            tree.normalised(_without_empty_words(_node(parser.process(plain_text)))) if plain_text else None
        )
    except Exception:
        plain = None
    return Parsed(written_tree, plain)


# The fields a query names (a mistyped name is compared with these and their aliases).
NAMED_FIELDS = frozenset(FIELD_ALIASES) | {"date", "id"}


def _raise_if_mistyped(
    name: str, value: str, fields: Collection[str], known_word: Callable[[str], bool] | None
) -> None:
    """`QueryError` when *name* (before a colon) looks like a mistyped field name rather than a word."""
    from rapidfuzz.distance import OSA

    folded = name.lower()
    if len(folded) < 3 or folded.isdigit() or folded in fields:
        return
    allowed = 1 if len(folded) <= 5 else 2
    named = NAMED_FIELDS | {alias for aliases in FIELD_ALIASES.values() for alias in aliases}
    # (a name of three letters is not taken for a two-letter field: aid: is no id:)
    near = sorted((OSA.distance(folded, f), f) for f in named if f in fields and len(f) > 2)
    if not near or near[0][0] > allowed:
        return
    if known_word is not None and known_word(folded):
        return
    meant = near[0][1]
    example = f"{meant}:{value}" if value else f"{meant}:gaza"
    raise QueryError(f"unknown field '{name}'; did you mean '{meant}'? as in {example}")


def outside_phrases(text: str) -> str:
    """*text* with its "quoted phrases" blanked out (as NULs, so that positions stay): what is syntax."""
    return _PHRASE_RE.sub(lambda m: "\0" * len(m.group()), text)


# Fields whose values are matched by their words (letters and digits), and the text fields.
LABEL_FIELDS = frozenset({"source", "category", "dateline", "speaker"})
TEXT_FIELDS = frozenset({"title", "body", "exact"})


def _empty(node: tree.Node) -> bool:
    """A word or phrase with nothing to search for once analysed: only punctuation, say."""
    if not isinstance(node, (tree.Word, tree.Phrase)):
        return False
    if node.field is None or node.field in TEXT_FIELDS:
        return not has_words(node.text)
    if node.field in LABEL_FIELDS:
        return not fold_label(node.text)
    return False


def _without_empty_words(node: tree.Node) -> tree.Node:
    """*node* without the words that have nothing to search for, as the engine would leave them out."""
    if isinstance(node, tree.Any):
        parts = [_without_empty_words(p) for p in node.parts if not _empty(p)]
        return tree.Any(parts, node.boost, node.coordinated)
    if isinstance(node, tree.All):
        return tree.All([_without_empty_words(p) for p in node.parts if not _empty(p)], boost=node.boost)
    if isinstance(node, tree.Not):
        return tree.Not(_without_empty_words(node.part), node.boost)
    if isinstance(node, (tree.AndNot, tree.AndMaybe, tree.Require)):
        return type(node)(*(_without_empty_words(child) for child in tree.children(node)))
    return node


def _read_tree(parser: QueryParser, text: str) -> tree.Node | None:
    """*text* as a tree, normalised as the engine will read it (`tree.normalised`)."""
    return tree.normalised(_without_empty_words(_node(parser.process(text))))


def _parser(fields: Collection[str], match: str) -> QueryParser:
    group = AndGroup if match == "all" else OrGroup
    # Whoosh's parser wants a schema only to know the field names.
    parser = QueryParser(None, frozenset(fields), group=group)
    # + and - count as operators only at the start of a word, so that
    # anak-anak and covid-19 stay words.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?:(?<=\s)|^)\+(?=\S)", minusexpr=r"(?:(?<=\s)|^)-(?=\S)"))
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(FuzzyTermPlugin())
    return parser


_BINARY = {
    syntax.AndNotGroup: tree.AndNot,
    syntax.AndMaybeGroup: tree.AndMaybe,
    syntax.RequireGroup: tree.Require,
}


def _node(node: syntax.SyntaxNode) -> tree.Node:
    """Whoosh's syntax node as a node of warta's tree."""
    kind = type(node)
    field = getattr(node, "fieldname", None)
    boost = float(getattr(node, "boost", 1.0))
    if kind is syntax.AndGroup:
        return tree.All([_node(n) for n in node.nodes], boost=boost)
    if kind is syntax.OrGroup:
        parts = [_node(n) for n in node.nodes]
        return tree.Any(parts, boost=boost, coordinated=tree.coordinates(parts))
    if kind in _BINARY:
        a, b = (_node(n) for n in node.nodes)
        return _BINARY[kind](a, b)
    if kind is syntax.NotGroup:
        return tree.Not(_node(node.nodes[0]), boost=boost)
    if kind is syntax.WordNode:
        return tree.Word(node.text, field, boost)
    if kind is PhrasePlugin.PhraseNode:
        return tree.Phrase(node.text, field, boost, slop=node.slop, start=node.textstartchar)
    if kind is PrefixPlugin.PrefixNode:
        return tree.Prefix(node.text, field, boost)
    if kind is WildcardPlugin.WildcardNode:
        return tree.Wildcard(node.text, field, boost)
    if kind is FuzzyTermPlugin.FuzzyTermNode:
        if node.maxdist == 0:  # word~0: the word itself
            return tree.Word(node.text, field, boost)
        edits = min(node.maxdist, 2)  # more than two edits would match nearly any short word
        return tree.Fuzzy(node.text, field, boost, edits=edits, prefix=min(node.prefixlength, len(node.text)))
    if kind is syntax.RangeNode:
        return tree.Range(node.start, node.end, node.startexcl, node.endexcl, field, boost)
    if kind is EveryPlugin.EveryNode:
        return tree.Everything()
    if kind is syntax.ErrorNode:
        return tree.Invalid(str(node.message), _node(node.node) if node.node is not None else None)
    raise ValueError(f"unexpected part of a query: {node!r}")
