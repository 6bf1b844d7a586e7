"""A query as the user wrote it, read into a tree: words, phrases, patterns, fields and operators.

Nothing in the tree is analysed yet: a word is the text typed (``Perundingan``),
to be stemmed for each language when the engine compiles the query.  The
rewrites of query understanding (abbreviations, stopwords, and later
corrections and translations) change the tree; the engine only compiles it
(`engine.compile`).

A leaf with ``field=None`` searches the text fields (title, body and the
exact-form field, each with its weight); with a field it searches that one
(``title:gaza``, ``source:kompas``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class Text:
    """A leaf that searches for text: as typed, in *field* (None: the text fields), weighed *boost*."""

    text: str
    field: str | None = None
    boost: float = 1.0


@dataclass(slots=True)
class Word(Text):
    """A word, or words in 'single quotes' (searched as a phrase when analysis splits them)."""


@dataclass(slots=True)
class Phrase(Text):
    """Words in "double quotes", in this order."""

    slop: int = 1  # "a b"~2: up to this many positions apart
    start: int = 0  # where the phrase's text starts in the query


@dataclass(slots=True)
class Prefix(Text):
    """``elect*``: every word that starts so."""


@dataclass(slots=True)
class Wildcard(Text):
    """``te?as``, ``*ung``, ``*``: every word that fits the pattern."""


@dataclass(slots=True)
class Fuzzy(Text):
    """``jokowi~``, ``jokowi~2``: every word within *edits* edits, sharing its first *prefix* letters."""

    edits: int = 1
    prefix: int = 0


@dataclass(slots=True)
class Translated(Text):
    """A word (or words) of another language, searched as its *translations*: ``(words, probability)``
    pairs, scored together as one word (made by `rewrites.translations`).  With *stems*, the
    translations are stems of the reading's language, searched as they are (not analysed again)."""

    translations: tuple[tuple[str, float], ...] = ()
    stems: bool = False


@dataclass(slots=True)
class Range:
    """``date:[2019-09 to 2019-10]``: values from *start* to *end* (None: open)."""

    start: str | None
    end: str | None
    start_excluded: bool = False
    end_excluded: bool = False
    field: str | None = None
    boost: float = 1.0


@dataclass(slots=True)
class Everything:
    """``*:*``: every article."""

    boost: float = 1.0


@dataclass(slots=True)
class Invalid:
    """A part the syntax could not make sense of, with the reason."""

    message: str
    part: Node | None = None


@dataclass(slots=True)
class All:
    """Every part must match (``AND``, ``--match all``)."""

    parts: list[Node] = field(default_factory=list)
    boost: float = 1.0


@dataclass(slots=True)
class Any:
    """Any part may match (``OR``, the default).

    *coordinated*: articles matching more of the parts rank higher (an OR of
    words and groups, as typed); not for an OR of field values alone
    (``source:kompas OR source:tempo``), which only says which articles.
    """

    parts: list[Node] = field(default_factory=list)
    boost: float = 1.0
    coordinated: bool = True


@dataclass(slots=True)
class Not:
    """``NOT x``, ``-x``: articles without *part*."""

    part: Node
    boost: float = 1.0


@dataclass(slots=True)
class Pair:
    """Two parts, *a* and *b*, in the relation the subclass names."""

    a: Node
    b: Node


@dataclass(slots=True)
class AndNot(Pair):
    """*a* but not *b*."""


@dataclass(slots=True)
class AndMaybe(Pair):
    """*a* (``+word``), ranked higher when *b* matches too."""


@dataclass(slots=True)
class Require(Pair):
    """*a*, only among the articles that *b* matches, scored by *a* alone."""


@dataclass(slots=True)
class Alternatives:
    """Forms of one word, any of which will do, counting as that one word (made by rewrites)."""

    parts: list[Node]
    boost: float = 1.0


Leaf = Word | Phrase | Prefix | Wildcard | Fuzzy | Translated | Range | Everything | Invalid
Group = All | Any | Not | AndNot | AndMaybe | Require | Alternatives
Node = Leaf | Group


def children(node: Node) -> list[Node]:
    """The nodes directly under *node*, in order."""
    if isinstance(node, (All, Any, Alternatives)):
        return list(node.parts)
    if isinstance(node, Not):
        return [node.part]
    if isinstance(node, Pair):
        return [node.a, node.b]
    if isinstance(node, Invalid) and node.part is not None:
        return [node.part]
    return []


def leaves(node: Node) -> Iterator[Node]:
    """Every leaf under *node* (itself, if it is one), left to right."""
    below = children(node)
    if not below and not isinstance(node, (All, Any, Alternatives)):
        yield node
    for child in below:
        yield from leaves(child)


def coordinates(parts: list[Node]) -> bool:
    """Whether an OR of *parts* ranks by how many of them match: it joins words or groups.

    An OR of field values alone (``title:a OR title:b``) does not.
    """
    return any(
        not isinstance(p, (Text, Range)) or p.field is None for p in parts if not isinstance(p, Invalid)
    )


def normalised(node: Node) -> Node | None:
    """*node* with its empty groups gone, groups of one part unwrapped, ANDs inside an AND made one
    AND and a part an AND (or an uncoordinated OR) repeats counted once; None when nothing is left.

    What the engine does to a query before it runs it, done to the tree so that the rules and
    rewrites see the query the engine will run: ``(NOT x)`` is ``NOT x``, and in ``--match all``
    a label in ``(source:kompas OR banjir)`` is the only clause of a group of one.
    """
    if isinstance(node, (All, Any, Alternatives)):
        parts: list[Node] = []
        for part in node.parts:
            done = normalised(part)
            if done is None:
                continue
            if isinstance(done, Everything):
                return Everything()  # "*:*" anywhere in a group: every article
            if isinstance(node, All) and isinstance(done, All):  # a AND (b AND c): one AND
                parts += [scaled(p, done.boost) for p in done.parts]
            else:
                parts.append(done)
        if not (isinstance(node, Any) and node.coordinated):
            parts = [p for n, p in enumerate(parts) if p not in parts[:n]]  # a repeated part counts once
        if not parts:
            return None
        if len(parts) == 1:
            return scaled(parts[0], node.boost)
        if isinstance(node, Any):
            return Any(parts, node.boost, node.coordinated)
        return type(node)(parts, boost=node.boost)
    if isinstance(node, Not):
        part = normalised(node.part)
        return None if part is None else Not(part, node.boost)
    if isinstance(node, Pair):
        a, b = normalised(node.a), normalised(node.b)
        if a is None or b is None:
            return a if b is None else b
        return type(node)(a, b)
    return node


def scaled(node: Node, factor: float) -> Node:
    """*node* weighed *factor* times as much (a copy; the tree is not changed)."""
    if factor == 1.0 or not hasattr(node, "boost"):
        return node
    return dataclasses.replace(node, boost=node.boost * factor)  # type: ignore[arg-type]
