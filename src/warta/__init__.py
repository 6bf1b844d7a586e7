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

from typing import TYPE_CHECKING

from . import lazy

__version__ = "0.1.0"

_MODULES = {
    "warta.indexing.update": ("ingest",),
    "warta.indexing.check": ("check_index",),
    "warta.indexing.stats": ("index_stats",),
    "warta.searcher": ("Searcher", "FollowingSearcher", "search", "show", "article_ids", "resolve_id"),
    "warta.requests": ("search_request",),
    "warta.engine.index": ("WartaIndex", "open_index"),
    "warta.model": (
        "Article", "CheckReport", "EvaluationReport", "Failure", "Filters", "Hit", "IndexStats",
        "IngestReport", "Notice", "ParsedArticle", "SearchRequest", "SearchResults",
    ),
    "warta.errors": (
        "WartaError", "RequestError", "QueryError", "AmbiguousIdError", "IndexMissingError",
        "IndexLockedError", "IndexUnreadableError", "ClusterError",
    ),
}  # fmt: skip
__all__ = lazy.names(_MODULES)
__getattr__ = lazy.exports(globals(), _MODULES)

if TYPE_CHECKING:
    from warta.engine.index import WartaIndex, open_index
    from warta.errors import (
        AmbiguousIdError,
        ClusterError,
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
    from warta.searcher import FollowingSearcher, Searcher, article_ids, resolve_id, search, show
