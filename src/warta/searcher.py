"""Searching: run queries over a logical index and build typed hits.

`Searcher` keeps the index open, so a batch of queries pays the cost of
opening it once.  `search` is the one-call convenience for scripts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING

from .engine.index import WartaIndex, open_index
from .engine.schema import FACETS
from .engine.search import SNIPPET_CHARS, EngineHit, EngineSearcher
from .errors import UsageError
from .model import Filters, Hit, SearchResults
from .readers import display_path

if TYPE_CHECKING:
    from .structure import ParsedArticle

TITLE_WORDS = 12


class Searcher:
    """An open index ready to answer queries.  Close it, or use ``with``."""

    def __init__(self, index: WartaIndex | str | os.PathLike[str] = "index") -> None:
        self.index = index if isinstance(index, WartaIndex) else open_index(index)
        self._engine = EngineSearcher(self.index)

    def __enter__(self) -> Searcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._engine.close()

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        filters: Filters | None = None,
        match: str = "any",
        qid: str | None = None,
        facets: tuple[str, ...] = (),
        unit: str | None = None,
        collapse: bool = True,
    ) -> SearchResults:
        """Run one query and return the hits ranked ``offset+1`` to ``offset+limit``.

        *unit* is ``"article"``, ``"passage"`` (paragraphs) or ``"quote"``; by
        default articles, or quotes when ``filters.speaker`` is set.  With
        *collapse* (the default), near duplicates of a better-ranked hit are
        folded into it and listed in `Hit.similar`.

        *facets* (``source``, ``month``, ``lang``, ``category``, ``dateline``)
        are counted over every matching article.

        *match* is ``"any"`` (rank by how many query words an article has) or
        ``"all"`` (require every word).  Raises `QueryError` when the query
        has nothing to search for.
        """
        if limit < 0 or offset < 0:
            raise UsageError("--limit and --offset must not be negative")
        unknown = [f for f in facets if f not in FACETS]
        if unknown:
            raise UsageError(f"cannot count by {unknown[0]!r}; --facets takes {', '.join(FACETS)}")
        filters = filters or Filters()
        unit = unit or default_unit(filters)
        total, found, counts = self._engine.search(
            query, match, filters, limit, offset, facets, unit=unit, collapse=collapse
        )
        hits = [_hit(offset + i + 1, h) for i, h in enumerate(found)]
        return SearchResults(
            query=query, total=total, hits=hits, qid=qid, facets=counts if facets else None, unit=unit
        )

    def related(self, doc_id: str, *, limit: int = 10) -> SearchResults | None:
        """Other articles about the same story as *doc_id*, best first; None for an unknown id."""
        if limit < 0:
            raise UsageError("--limit must not be negative")
        if not _can_be_an_id(doc_id):
            return None
        found = self._engine.related(doc_id, limit)
        if found is None:
            return None
        total, hits = found
        return SearchResults(
            query=f"related:{doc_id}", total=total, hits=[_hit(i, h) for i, h in enumerate(hits, 1)]
        )

    def search_many(self, queries: Iterable[tuple[str, str]], **options: object) -> Iterator[SearchResults]:
        """Run ``(qid, query)`` pairs in order, yielding each query's results."""
        for qid, text in queries:
            yield self.search(text, qid=qid, **options)  # type: ignore[arg-type]


def default_unit(filters: Filters) -> str:
    """What a search lists when no unit is asked for: quotes when a speaker is, else articles."""
    return "quote" if filters.speaker else "article"


def _hit(rank: int, found: EngineHit) -> Hit:
    stored = found.stored
    body = str(stored.get("body", ""))
    date = stored.get("date")
    return Hit(
        rank=rank,
        id=str(stored["id"]),
        score=found.score,
        title=str(stored.get("title") or "") or _first_words(body),
        source=stored.get("source"),
        date=date.date() if isinstance(date, dt.datetime) else None,
        lang=stored.get("lang"),
        url=stored.get("url"),
        path=display_path(str(stored.get("path", ""))),
        record=stored.get("record"),
        snippet=" ".join((found.snippet or _lead(found.text or body)).split()),
        dateline=stored.get("dateline"),
        unit=found.unit,
        passage=found.passage,
        speaker=found.speaker,
        text=found.text,
        similar=found.similar,
    )


def _can_be_an_id(doc_id: str) -> bool:
    """False for text no article id can be: control characters, or bytes that were
    not text (an undecodable argument arrives as lone surrogates, which are not
    printable either)."""
    return doc_id.isprintable()


def _first_words(text: str) -> str:
    words = text.split()
    head = " ".join(words[:TITLE_WORDS])
    return head + " …" if len(words) > TITLE_WORDS else head


def _lead(text: str) -> str:
    """The opening of an article, for hits whose body has no matched word."""
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS] + " …"


def show(doc_id: str, index: WartaIndex | str | os.PathLike[str] = "index") -> ParsedArticle | None:
    """One article as warta understands it (its pieces), or None when the index has no such id."""
    from .structure import parse_article  # only here: reading structure is an ingest-time cost

    ix = index if isinstance(index, WartaIndex) else open_index(index)
    if not _can_be_an_id(doc_id):
        return None
    stored = ix.stored(doc_id)
    if stored is None:
        return None
    date = stored.get("date")
    parsed = parse_article(
        doc_id,
        str(stored.get("title") or ""),
        str(stored.get("body") or ""),
        source=stored.get("source"),  # type: ignore[arg-type]
        date=date.date() if isinstance(date, dt.datetime) else None,
        lang=stored.get("lang"),  # type: ignore[arg-type]
    )
    # the date as ingest found it, also when it was read from the text
    parsed.date_text = stored.get("date_text")  # type: ignore[assignment]
    return parsed


def search(
    query: str,
    index: WartaIndex | str | os.PathLike[str] = "index",
    *,
    limit: int = 10,
    offset: int = 0,
    filters: Filters | None = None,
    match: str = "any",
) -> SearchResults:
    """Search the index at *index* once.  For many queries, use `Searcher`."""
    with Searcher(index) as searcher:
        return searcher.search(query, limit=limit, offset=offset, filters=filters, match=match)
