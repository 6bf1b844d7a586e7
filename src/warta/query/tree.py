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
    """Any part may match (``OR``, the default); articles matching more parts rank higher."""

    parts: list[Node] = field(default_factory=list)
    boost: float = 1.0


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


Leaf = Word | Phrase | Prefix | Wildcard | Range | Everything | Invalid
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
