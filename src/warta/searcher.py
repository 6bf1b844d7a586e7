"""Search: run queries over an index and build typed results.

A search request is checked (`requests`), the query understood for the
index's languages (`query.understand`), then compiled and scored by the
engine (`engine.EngineSearcher`); hits come back as `model.Hit`.

`Searcher` keeps the index open, so a batch of queries pays the cost of
opening it once.  `search` is the one-call convenience for scripts, and
`show` reads one article as warta understands it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from . import requests
from .corpus import display_path
from .engine import SNIPPET_CHARS, EngineSearcher, WartaIndex, index_state, last_changed, open_index
from .errors import AmbiguousIdError, QueryError
from .model import Article, EngineHit, Hit, ParsedArticle, SearchRequest, SearchResults
from .query import EN_ID, SUGGEST_BELOW, Understood, suggest, understand

TITLE_WORDS = 12


class Searcher:
    """An open index ready to answer queries.  Close it, or use ``with``."""

    def __init__(
        self,
        index: WartaIndex | str | os.PathLike[str] = "index",
        *,
        cluster: Any = None,
        allow_partial: bool = False,
    ) -> None:
        """Open *index*; with *cluster* (a `cluster.Cluster`, or an address as ``--cluster`` takes it),
        its shards are opened on that Dask cluster's workers and searched there (`warta.cluster`).
        With *allow_partial*, a shard that fails while a query is scored is left out of its results,
        which say so (`SearchResults.shards`); otherwise the search raises `ClusterError`."""
        self._cluster = None
        if cluster is None:
            self.index: Any = index if isinstance(index, WartaIndex) else open_index(index)
            self._engine = EngineSearcher(self.index)
            return
        from .cluster import Cluster, ClusterIndex  # (Dask: only for a cluster)

        if not isinstance(cluster, Cluster):
            cluster = self._cluster = Cluster(str(cluster))
        root = index.root if isinstance(index, WartaIndex) else index
        try:
            self.index = ClusterIndex(root, cluster, allow_partial)
        except BaseException:
            self.close()
            raise
        self._engine = self.index.engine()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        engine = getattr(self, "_engine", None)
        if engine is not None:
            engine.close()
        if self._cluster is not None:  # started for this searcher
            self._cluster.close()
            self._cluster = None

    def search(self, query: str, **options: Any) -> SearchResults:
        """Run one query and return the hits ranked ``offset+1`` to ``offset+limit``.

        *options* are those of `requests.search_request`, which checks them:
        ``limit`` (10), ``offset`` (0), ``filters`` (a `Filters`), ``match``
        (``"any"``: rank by how many query words an article has; ``"all"``:
        require every word), ``unit`` (``"article"``, ``"passage"`` for
        paragraphs, ``"quote"``; quotes by default when ``filters.speaker``
        is set), ``facets`` (``source``, ``month``, ``lang``, ``category``,
        ``dateline``, counted over every matching article), ``collapse``
        (True: near duplicates of a better-ranked hit are folded into it and
        listed in `Hit.similar`), ``correct`` (True: mistyped words are
        searched as the index has them, said in `SearchResults.corrected_query`;
        False: exactly as typed), ``translate`` (None: a query that is English
        beyond doubt also searches the Indonesian articles as its translations,
        said in `SearchResults.translated_query`; True: translate it either way,
        an Indonesian query for the English articles of a mixed index; False:
        never) and ``qid``.  A query that finds little gets
        a `SearchResults.suggestion` when a likelier one finds more.  Raises `RequestError` for a
        value that cannot be used and `QueryError` when the query has nothing
        to search for.
        """
        return self.run(requests.search_request(query, **options))

    def run(self, request: SearchRequest) -> SearchResults:
        """Run *request* (made by `requests.search_request`, or by hand: it is checked again)."""
        request = requests.check_search(request)
        self._engine.begin()
        understood = self.understand(
            request.query, request.match, correct=request.correct, translate=request.translate
        )
        total, found, counts = self._found(understood, request)
        if understood.corrections and not total:  # the correction finds nothing: what was typed may
            typed = self.understand(request.query, request.match, correct=False, translate=request.translate)
            typed_total, typed_found, typed_counts = self._found(typed, request)
            if typed_total:
                understood, total, found, counts = typed, typed_total, typed_found, typed_counts
        hits = [_hit(request.offset + i + 1, h) for i, h in enumerate(found)]
        suggestion = None
        if total < SUGGEST_BELOW and not understood.corrections and understood.translation != EN_ID:
            suggestion = self._suggestion(understood, request, total)
        return SearchResults(
            query=request.query,
            total=total,
            hits=hits,
            qid=request.qid,
            facets=counts if request.facets else None,
            unit=request.unit,
            corrected_query=understood.corrected,
            suggestion=suggestion,
            translation=understood.translation,
            translated_query=understood.translated,
            shards=self._engine.answered(),
        )

    def _found(
        self, understood: Understood, request: SearchRequest
    ) -> tuple[int, list[EngineHit], dict[str, dict[str, int]]]:
        """*understood* searched with the options of *request*: total, hits and facet counts."""
        return self._engine.search(
            understood,
            filters=request.filters,
            limit=request.limit,
            offset=request.offset,
            facets=request.facets,
            unit=request.unit,
            collapse=request.collapse,
            snippets=request.snippets,
        )

    def _suggestion(self, understood: Understood, request: SearchRequest, total: int) -> str | None:
        """A likelier query than *understood* (which found *total*), when it finds more; else None."""
        text = suggest(understood, self._engine.vocabulary(), self._engine.articles())
        if text is None or text == request.query:
            return None
        try:
            checked = dataclasses.replace(request, limit=0, offset=0, facets=(), collapse=False)
            again = self.understand(text, request.match, correct=False, translate=request.translate)
            more, _found, _counts = self._found(again, checked)
        except QueryError:
            return None
        return text if more > total else None

    def search_many(
        self, queries: Iterable[tuple[str | None, str]], *, jobs: int = 1, **options: Any
    ) -> Iterator[SearchResults]:
        """Run ``(qid, query)`` pairs in order, yielding each query's results.

        *options* are those of `search`, checked once.  A query with nothing
        to search for (a `QueryError`) does not stop the others: its results
        are empty, with the reason in `SearchResults.error`.  *jobs* above 1
        shares a long batch among that many processes (`batches`), the
        results still in order and the same as in one.
        """
        template = requests.search_request("", **options)
        jobs = requests.check_jobs(jobs)

        def one(qid: str | None, text: str) -> SearchResults:
            request = dataclasses.replace(template, query=text, qid=qid)
            try:
                return self.run(request)
            except QueryError as err:
                return SearchResults(
                    query=requests.text(text),
                    total=0,
                    hits=[],
                    qid=qid,
                    facets={name: {} for name in request.facets} if request.facets else None,
                    unit=request.unit,
                    error=str(err),
                    shards=self._engine.answered(),
                )

        if jobs > 1:
            from . import batches  # (multiprocessing: only for a batch that asks for processes)

            pairs = list(queries)
            jobs = batches.usable_jobs(jobs, len(pairs))
            if jobs > 1:
                yield from batches.run_in_processes(one, pairs, jobs)
                return
            queries = pairs
        for qid, text in queries:
            yield one(qid, text)

    def understand(
        self, text: str, match: str = "any", correct: bool = True, translate: bool | None = None
    ) -> Understood:
        """*text* read and rewritten for the languages of this index's articles (`query.understand`).

        With *correct*, its mistyped words are corrected against the index's words;
        *translate* as in `search`.
        """
        return understand(
            text,
            fields=self._engine.field_names,
            languages=self._engine.languages(),
            match=match,
            lexicon=self._engine.vocabulary(),
            articles=self._engine.articles(),
            correct=correct,
            translate=translate,
        )

    def related(self, doc_id: str, *, limit: int = 10) -> SearchResults | None:
        """Other articles about the same story as *doc_id*, best first; None for an unknown id."""
        requests.check_count("limit", limit)
        self._engine.begin()
        found_id = resolve_id(doc_id, self.index)
        if found_id is None:
            return None
        found = self._engine.related(found_id, limit)
        if found is None:
            return None
        total, hits = found
        return SearchResults(
            query=f"related:{found_id}",
            total=total,
            hits=[_hit(i, h) for i, h in enumerate(hits, 1)],
            shards=self._engine.answered(),
        )


class FollowingSearcher:
    """A `Searcher` that follows its index: after an ingest commits, or a rebuild switches
    generations, the next `current()` opens the new state.  A searcher handed out stays open
    until the swap after the one that replaced it (Whoosh's segments stay readable meanwhile),
    so a caller that finishes its request before the index changes twice never sees a closed or
    half-written index.  Safe to call from several threads.  For a long-running front end
    (``warta serve``).
    """

    def __init__(self, index: str | os.PathLike[str], *, cluster: Any = None) -> None:
        self.root = Path(index)
        self._cluster = cluster  # a `cluster.Cluster` whose workers open the shards, or None
        self._state: tuple[object, ...] | None = None
        self._searcher: Searcher | None = None
        self._retired: Searcher | None = None  # the one replaced last, closed at the next swap
        self._lock = threading.Lock()
        self.changed: dt.datetime | None = None  # when this process last opened a new state
        self.committed: dt.datetime | None = None  # when that state was committed (`last_changed`)

    def current(self) -> Searcher:
        """A searcher of the index as last committed (`IndexMissingError` and the like as `Searcher`)."""
        with self._lock:
            state = index_state(self.root)
            if self._searcher is None or state != self._state:
                searcher = Searcher(self.root, cluster=self._cluster)
                if self._retired is not None:
                    self._retired.close()
                self._retired, self._searcher, self._state = self._searcher, searcher, state
                self.changed = dt.datetime.now(dt.UTC)
                self.committed = last_changed(self.root)
            return self._searcher

    def close(self) -> None:
        with self._lock:
            for searcher in (self._searcher, self._retired):
                if searcher is not None:
                    searcher.close()
            self._searcher = self._retired = None


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


def _first_words(text: str) -> str:
    """A heading for an article without a title: the first words of its text, past its dateline.

    (``Holopis.com HOLOPIS.COM, JAKARTA – Menteri Luar Negeri ...`` is headed
    ``Menteri Luar Negeri ...``.)
    """
    from .analysis.structure import find_dateline  # here: only for articles without a title

    line = find_dateline(text)
    words = text[line.end :].split() if line else text.split()
    head = " ".join(words[:TITLE_WORDS])
    return head + " …" if len(words) > TITLE_WORDS else head


def _lead(text: str) -> str:
    """The opening of an article, for hits whose body has no matched word."""
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS] + " …"


def article_ids(doc_id: str, index: WartaIndex | str | os.PathLike[str] = "index") -> list[str]:
    """Every article *doc_id* may mean: the one with that id first, then those whose record gave it.

    Two files may both hold a record with id ``41``; the second one's article
    is indexed as ``FILE#41`` (see `indexing.planner`), and both are listed
    here for ``41``.
    """
    ix = open_index(index) if isinstance(index, (str, os.PathLike)) else index
    if requests.article_id(doc_id) is None:
        return []
    own = [doc_id] if ix.stored(doc_id) is not None else []
    return own + [i for i in ix.ids_given(doc_id) if i != doc_id]


def resolve_id(doc_id: str, index: WartaIndex | str | os.PathLike[str] = "index") -> str | None:
    """The article *doc_id* names: its own id, else the one whose record gave it; None: no such article.

    `AmbiguousIdError` when several files' records gave it and none has it as its id.
    """
    return _chosen(doc_id, article_ids(doc_id, index))


def _chosen(doc_id: str, ids: list[str]) -> str | None:
    """Of the articles *doc_id* may mean (`article_ids`), the one it names (see `resolve_id`)."""
    if not ids:
        return None
    if ids[0] == doc_id or len(ids) == 1:
        return ids[0]
    raise AmbiguousIdError(doc_id, ids)


def show(doc_id: str, index: WartaIndex | str | os.PathLike[str] = "index") -> ParsedArticle | None:
    """One article as warta understands it (its pieces), or None when the index has no such id.

    *doc_id* is resolved as `resolve_id` does: the id a record gave finds
    its article also when it was told apart by its file; the others it may
    mean are listed in ``other_ids``.

    It is read by the same step as at ingest (`analysis.analyse_article`),
    from what the index stored; the date is the one ingest found.
    """
    from .analysis.article import analyse_article  # here: a search needs no structure read

    ix = open_index(index) if isinstance(index, (str, os.PathLike)) else index
    ids = article_ids(doc_id, ix)
    found_id = _chosen(doc_id, ids)
    stored = ix.stored(found_id) if found_id is not None else None
    if found_id is None or stored is None:
        return None
    date = stored.get("date")
    article = Article(
        id=found_id,
        title=str(stored.get("title") or ""),
        body=str(stored.get("body") or ""),
        source=stored.get("source"),  # type: ignore[arg-type]
        date=date.date() if isinstance(date, dt.datetime) else None,
        lang=stored.get("lang"),  # type: ignore[arg-type]
    )
    parsed = analyse_article(article, positions=False).structure
    # the date as ingest found it (also when it was read from the text, or left out)
    parsed.date = article.date
    parsed.date_text = stored.get("date_text")  # type: ignore[assignment]
    parsed.path = display_path(str(stored["path"])) if stored.get("path") else None
    parsed.record = stored.get("record")  # type: ignore[assignment]
    parsed.other_ids = [i for i in ids if i != found_id]
    return parsed


def search(query: str, index: WartaIndex | str | os.PathLike[str] = "index", **options: Any) -> SearchResults:
    """Search the index at *index* once, with the options of `Searcher.search`; many queries: `Searcher`."""
    with Searcher(index) as searcher:
        return searcher.search(query, **options)
