"""Searching: run a query over a logical index and build typed hits.

`Searcher` keeps one engine searcher open, so a batch of queries pays the cost
of opening the index once.  `search` is the one-call convenience for scripts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType

from whoosh import highlight
from whoosh import query as wq

from . import analysis
from .errors import UsageError
from .model import Hit, SearchResults
from .query import parse_query
from .store import WartaIndex, open_index

SNIPPET_CHARS = 240
TITLE_WORDS = 12


@dataclass(slots=True, frozen=True)
class Filters:
    """Restrictions applied to every query, independent of its ranking."""

    source: str | None = None
    lang: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


class _MarkFormatter(highlight.Formatter):
    """Wraps matched words in <mark>...</mark>; leaves other text as it is."""

    between = " … "

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return "<mark>" + highlight.get_text(text, token, replace) + "</mark>"


class Searcher:
    """An open index ready to answer queries.  Close it, or use ``with``."""

    def __init__(self, index: WartaIndex | str | os.PathLike[str] = "index") -> None:
        self.index = index if isinstance(index, WartaIndex) else open_index(index)
        self._searcher = self.index.searcher()
        self._highlighter = highlight.Highlighter(
            fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70),
            formatter=_MarkFormatter(),
        )

    def __enter__(self) -> Searcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._searcher.close()

    def _filter(self, filters: Filters) -> wq.Query | None:
        parts: list[wq.Query] = []
        if filters.source:
            words = analysis.fold_label(filters.source).split()
            if not words:
                raise UsageError(f"--source {filters.source!r} has no letters or digits")
            parts.append(wq.Phrase("source", words) if len(words) > 1 else wq.Term("source", words[0]))
        if filters.lang:
            parts.append(wq.Term("lang", filters.lang.strip().lower()))
        if filters.since or filters.until:
            start = dt.datetime.combine(filters.since, dt.time.min) if filters.since else None
            end = dt.datetime.combine(filters.until, dt.time.max) if filters.until else None
            parts.append(wq.DateRange("date", start, end))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        filters: Filters = Filters(),
        match: str = "any",
        qid: str | None = None,
    ) -> SearchResults:
        """Run one query and return the hits ranked ``offset+1`` to ``offset+limit``."""
        if limit < 0 or offset < 0:
            raise UsageError("--limit and --offset must not be negative")
        q = parse_query(query, self._searcher.schema, match=match)
        # optimize=False scores every match instead of skipping blocks that
        # cannot reach the top: in Python the skipping costs more than it
        # saves on news-sized collections, and scoring everything gives the
        # exact total in the same pass (measured: p50 9 ms instead of 24 ms
        # for top 10 plus total on id-news, benchmarks/bench_ingest.py).
        results = self._searcher.search(
            q, limit=max(offset + limit, 1), filter=self._filter(filters), optimize=False
        )
        results.highlighter = self._highlighter
        hits = [self._hit(offset + i + 1, hit) for i, hit in enumerate(results[offset : offset + limit])]
        return SearchResults(query=query, total=len(results), hits=hits, qid=qid)

    def search_many(self, queries: Iterable[tuple[str, str]], **options: object) -> Iterable[SearchResults]:
        """Run ``(qid, query)`` pairs in order, yielding each query's results."""
        for qid, text in queries:
            yield self.search(text, qid=qid, **options)  # type: ignore[arg-type]

    def _hit(self, rank: int, hit: object) -> Hit:
        stored = hit.fields()  # type: ignore[attr-defined]
        body = str(stored.get("body", ""))
        title = str(stored.get("title") or "") or _first_words(body)
        date = stored.get("date")
        return Hit(
            rank=rank,
            id=str(stored["id"]),
            score=float(hit.score),  # type: ignore[attr-defined]
            title=title,
            source=stored.get("source"),
            date=date.date() if isinstance(date, dt.datetime) else None,
            lang=stored.get("lang"),
            url=stored.get("url"),
            path=str(stored.get("path", "")),
            record=stored.get("record"),
            snippet=self._snippet(hit, body),
        )

    def _snippet(self, hit: object, body: str) -> str:
        marked = ""
        if body:
            try:
                marked = hit.highlights("body", top=2)  # type: ignore[attr-defined]
            except KeyError:
                marked = ""
        if not marked:
            marked = _lead(body)
        return " ".join(marked.split())


def _first_words(text: str) -> str:
    words = text.split()
    head = " ".join(words[:TITLE_WORDS])
    return head + " …" if len(words) > TITLE_WORDS else head


def _lead(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS] + " …"


def search(
    query: str,
    index: WartaIndex | str | os.PathLike[str] = "index",
    *,
    limit: int = 10,
    offset: int = 0,
    filters: Filters = Filters(),
    match: str = "any",
) -> SearchResults:
    """Search the index at *index* once.  For many queries, use `Searcher`."""
    with Searcher(index) as searcher:
        return searcher.search(query, limit=limit, offset=offset, filters=filters, match=match)
