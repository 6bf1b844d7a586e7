"""warta: a search engine for folders of news articles.

The library API, for scripts::

    import warta

    report = warta.ingest(["corpus"], "index")          # build or update an index
    results = warta.search("gencatan senjata", "index")  # one query
    for hit in results.hits:
        print(hit.rank, hit.id, hit.title, hit.snippet)

    with warta.Searcher("index") as s:                   # many queries, one open index
        for results in s.search_many([("1", "banjir jakarta"), ("2", "pemilu")], limit=5):
            print(results.qid, results.total)

The pipeline, a package or module per stage: `corpus` (read), `analysis`
(analyse), `indexing` and `engine` (index), `query`, `searcher` and
`engine` (search), `render`; `model` holds what passes between them and
`requests` checks what callers ask for.  Names are imported on first use, so
``import warta`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "ingest": "warta.indexing.update",
    "check_index": "warta.indexing.check",
    "index_stats": "warta.indexing.stats",
    "search": "warta.searcher",
    "show": "warta.searcher",
    "Searcher": "warta.searcher",
    "search_request": "warta.requests",
    "open_index": "warta.engine.index",
    "WartaIndex": "warta.engine.index",
    "Article": "warta.model",
    "CheckReport": "warta.model",
    "EvaluationReport": "warta.model",
    "Failure": "warta.model",
    "Filters": "warta.model",
    "Hit": "warta.model",
    "IndexStats": "warta.model",
    "IngestReport": "warta.model",
    "Notice": "warta.model",
    "ParsedArticle": "warta.model",
    "SearchRequest": "warta.model",
    "SearchResults": "warta.model",
    "WartaError": "warta.errors",
    "RequestError": "warta.errors",
    "QueryError": "warta.errors",
    "IndexMissingError": "warta.errors",
    "IndexLockedError": "warta.errors",
    "IndexUnreadableError": "warta.errors",
}
__all__ = [
    "Article",
    "CheckReport",
    "EvaluationReport",
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
    "RequestError",
    "SearchRequest",
    "SearchResults",
    "Searcher",
    "WartaError",
    "WartaIndex",
    "check_index",
    "index_stats",
    "ingest",
    "open_index",
    "search",
    "search_request",
    "show",
]

if TYPE_CHECKING:
    from warta.engine.index import WartaIndex, open_index
    from warta.errors import (
        IndexLockedError,
        IndexMissingError,
        IndexUnreadableError,
        QueryError,
        RequestError,
        WartaError,
    )
    from warta.indexing.check import check_index
    from warta.indexing.stats import index_stats
    from warta.indexing.update import ingest
    from warta.model import (
        Article,
        CheckReport,
        EvaluationReport,
        Failure,
        Filters,
        Hit,
        IndexStats,
        IngestReport,
        Notice,
        ParsedArticle,
        SearchRequest,
        SearchResults,
    )
    from warta.requests import search_request
    from warta.searcher import Searcher, search, show


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warta' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
