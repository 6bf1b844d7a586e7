"""warta: a search engine for folders of news articles.

The library API, for scripts::

    import warta

    report = warta.ingest(["corpus"], "index")          # build or update an index
    results = warta.search("gencatan senjata", "index")  # one query
    for hit in results.hits:
        print(hit.rank, hit.id, hit.title, hit.snippet)

    with warta.Searcher("index") as s:                   # many queries, one open index
        for qid, q in [("1", "banjir jakarta"), ("2", "pemilu")]:
            print(qid, s.search(q, limit=5).total)

Names are imported on first use, so ``import warta`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "ingest": "warta.ingestion",
    "IngestReport": "warta.model",
    "Article": "warta.model",
    "Failure": "warta.model",
    "Notice": "warta.model",
    "Hit": "warta.model",
    "SearchResults": "warta.model",
    "search": "warta.searcher",
    "show": "warta.searcher",
    "ParsedArticle": "warta.structure",
    "Searcher": "warta.searcher",
    "Filters": "warta.model",
    "open_index": "warta.engine.index",
    "WartaIndex": "warta.engine.index",
    "index_stats": "warta.stats",
    "IndexStats": "warta.stats",
    "check_index": "warta.checking",
    "CheckReport": "warta.checking",
    "WartaError": "warta.errors",
    "QueryError": "warta.errors",
    "IndexMissingError": "warta.errors",
    "IndexLockedError": "warta.errors",
    "IndexUnreadableError": "warta.errors",
}
__all__ = [
    "Article",
    "CheckReport",
    "Failure",
    "Filters",
    "Hit",
    "IndexLockedError",
    "IndexMissingError",
    "IndexStats",
    "IndexUnreadableError",
    "IngestReport",
    "Notice",
    "ParsedArticle",
    "QueryError",
    "SearchResults",
    "Searcher",
    "WartaError",
    "WartaIndex",
    "check_index",
    "index_stats",
    "ingest",
    "open_index",
    "search",
    "show",
]

if TYPE_CHECKING:
    from warta.checking import CheckReport, check_index
    from warta.engine.index import WartaIndex, open_index
    from warta.errors import (
        IndexLockedError,
        IndexMissingError,
        IndexUnreadableError,
        QueryError,
        WartaError,
    )
    from warta.ingestion import ingest
    from warta.model import Article, Failure, Filters, Hit, IngestReport, Notice, SearchResults
    from warta.searcher import Searcher, search, show
    from warta.stats import IndexStats, index_stats
    from warta.structure import ParsedArticle


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warta' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
