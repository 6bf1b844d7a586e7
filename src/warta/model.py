"""The plain data passed between the stages of the pipeline, and their JSON form.

Read (`corpus`) -> analyse (`analysis`) -> index (`indexing`, `engine`) ->
search (`searcher`, `query`, `engine`) -> render (`render`), and evaluate
(`evaluation`).  Each type says what one stage hands the next; those that
reach a user have ``to_dict``, the JSON the command line prints (and any other
front end would).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EXIT_INDEX_UNAVAILABLE, EXIT_NO_RESULTS, EXIT_OK

# How long work reports how far it has got: called as (stage, done, total).  Ingest's stages
# are "reading" (bytes whose articles are written), "saving" (postings written) and "merging"
# (small segments merged); check's are "verifying" (articles and terms read back) and
# "comparing" (bytes of the corpus read).  A front end draws one bar a stage.
ProgressCallback = Callable[[str, int, int], None]

# -- read: a corpus's files and articles -----------------------------------------------------------


@dataclass(slots=True)
class Article:
    """One news article as read from the corpus, before analysis."""

    id: str
    body: str
    title: str = ""
    source: str | None = None
    url: str | None = None
    date: dt.date | None = None
    lang: str | None = None
    category: str | None = None
    path: str = ""  # the absolute path of the file it came from
    record: int | None = None  # 1-based record number inside a multi-article file
    line: int | None = None  # 1-based line where the record starts, for messages
    generated_id: bool = False  # True when the id was made from the file name, not read
    # The id as the record gives it, when *id* had to be told apart from another
    # file's (``news-en/NewsArticles.csv#41`` for a record that says 41); see `indexing.planner`.
    given_id: str | None = None
    # Without a date field, the date is read from the text (`structure.find_date`),
    # bounded by the file's own date and drawn towards its neighbours' dates.
    date_latest: dt.date | None = None
    date_near: dt.date | None = None
    # the date the text of the article before it gives, when no date field does (a fallback)
    date_previous: dt.date | None = None

    def content_hash(self) -> str:
        """A digest of everything that is indexed, to detect changed articles."""
        h = hashlib.blake2b(digest_size=16)
        for value in (
            self.id,
            self.title,
            self.body,
            self.source,
            self.url,
            self.date.isoformat() if self.date else None,
            self.lang,
            self.category,
            self.path,
            str(self.record),
        ):
            h.update((value or "").encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(slots=True, frozen=True)
class SourceFile:
    """A corpus file found under one of the paths given to ingest."""

    path: Path  # as found on disk
    key: str  # absolute path: identifies the file across runs, and is stored with its articles
    display: str  # how messages name it: relative to the working directory when inside it
    rel: str  # relative to the root it was found under; the base of document ids
    root_name: str  # name of that root folder: tells apart same-named files of two roots
    signature: str  # size and modification time, to skip unchanged files
    size: int  # bytes, for progress

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def modified(self) -> dt.date:
        """The file's own date: none of its articles is newer."""
        mtime_ns = int(self.signature.partition(":")[2] or 0)
        return dt.date.fromtimestamp(mtime_ns / 1e9)


@dataclass(slots=True)
class Discovery:
    """What a walk of the corpus found."""

    files: list[SourceFile]
    skipped: int  # files of types warta does not read
    failures: list[Failure]  # entries that could not even be looked at
    # Resolved folders that could not be listed: what was indexed from them is kept.
    unlisted: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)  # files left out, by reason (`corpus.exclusions`)


@dataclass(slots=True, frozen=True)
class InputMessage:
    """One line said about an input: its file, the line when known (1-based), and what."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "reason": self.reason}


@dataclass(slots=True, frozen=True)
class Failure(InputMessage):
    """An input that could not be read."""

    record: int | None = None  # the record that failed, when known; None: the whole file


@dataclass(slots=True, frozen=True)
class Notice(InputMessage):
    """Something done to an input so that it could be read (an encoding guessed, mojibake mended).

    Unlike a `Failure`, the input was indexed.
    """


# -- analyse: what warta understands of an article -------------------------------------------------


@dataclass(slots=True, frozen=True)
class Quote:
    text: str
    speaker: str | None
    start: int  # offsets of the quote, marks included, in the text it was found in
    end: int


@dataclass(slots=True)
class ParsedArticle:
    """What warta understands of one article (``warta show``)."""

    id: str
    title: str
    source: str | None
    dateline: str | None
    date: dt.date | None
    date_text: str | None  # where in the text the date was read, when not from metadata
    lang: str | None
    subheadings: list[str]
    paragraphs: list[str]
    quotes: list[Quote]
    # where each of `paragraphs` lies in the body (quotes carry their own offsets)
    paragraph_spans: list[tuple[int, int]] = field(default_factory=list)
    # as ``warta show`` gives it: the file it came from (shown as messages show files), its record
    # number there, and the other articles whose records gave the same id (see `searcher.article_ids`)
    path: str | None = None
    record: int | None = None
    other_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "path": self.path,
            "record": self.record,
            "other_ids": self.other_ids,
            "title": self.title,
            "source": self.source,
            "dateline": self.dateline,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "lang": self.lang,
            "subheadings": self.subheadings,
            "paragraphs": self.paragraphs,
            "quotes": [{"text": q.text, "speaker": q.speaker} for q in self.quotes],
        }


@dataclass(slots=True)
class WordPositions:
    """The words of one text (a title, a body) as indexed: each term with its word positions."""

    stems: dict[str, list[int]]  # every stem
    derived: dict[str, list[int]]  # the exact forms that differ from their stem (perundingan, not gaza)
    length: int  # words in all


@dataclass(slots=True)
class AnalysedArticle:
    """An article as `analysis.analyse_article` reads it: what ingest indexes and ``show`` displays."""

    article: Article
    lang: str  # an ISO 639-1 code, or "und" when neither the record nor the text tells
    stemmer: str  # the stemmer its words go through ("sastrawi", a Snowball algorithm; "" for none)
    structure: ParsedArticle
    # Below: only when analysed for the index (``positions=True``).
    title: WordPositions | None = None
    body: WordPositions | None = None
    paragraph_positions: list[tuple[int, int]] = field(default_factory=list)  # [first, end) words
    quote_positions: list[tuple[int, int]] = field(default_factory=list)  # of each quote, likewise
    signature: bytes = b""  # MinHash of the text (`near_duplicates.signature`)


# -- index: building and checking an index ---------------------------------------------------------


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped_files: int = 0
    failures: list[Failure] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # inputs read only after a repair
    seconds: float = 0.0
    created: bool = False  # a new index (or a rebuilt one) was made
    excluded: dict[str, int] = field(default_factory=dict)  # files left out, by reason

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def excluded_files(self) -> int:
        return sum(self.excluded.values())

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)

    @property
    def exit_code(self) -> int:
        """0 every input read, 1 some input failed (what was read is indexed all the same)."""
        return EXIT_NO_RESULTS if self.failed else EXIT_OK

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "skipped_files": self.skipped_files,
            "excluded_files": self.excluded_files,
            "excluded": self.excluded,
            "failed": self.failed,
            "failures": [f.to_dict() for f in self.failures],
            "notices": [n.to_dict() for n in self.notices],
            "seconds": round(self.seconds, 3),
            "created": self.created,
        }


@dataclass(slots=True, frozen=True)
class IndexedDoc:
    """What incremental ingest needs to know about an indexed article."""

    content_hash: str
    file_key: str
    file_sig: str
    record: int | None

    @classmethod
    def from_stored(cls, stored: dict[str, object]) -> IndexedDoc:
        """Read from an article's stored fields."""
        return cls(
            str(stored.get("content_hash", "")),
            str(stored.get("file_key", "")),
            str(stored.get("file_sig", "")),
            stored.get("record"),  # type: ignore[arg-type]
        )


@dataclass(slots=True)
class IndexHealth:
    """What verifying an index found."""

    root: Path
    opened: bool  # the manifest was read and is of a format version warta reads
    shards: int  # shards the manifest lists
    articles: int  # live articles whose stored fields were read whole
    problems: list[str] = field(default_factory=list)  # one line each; empty: the index is sound
    inventory: dict[str, IndexedDoc] = field(default_factory=dict)  # every article read, by id
    incomplete: bool = False  # its first build stopped before finishing (sound, but partial)

    @property
    def sound(self) -> bool:
        return not self.problems


@dataclass(slots=True)
class IndexStats:
    articles: int
    sources: dict[str, int]
    languages: dict[str, int]
    first_date: dt.date | None
    last_date: dt.date | None
    size_bytes: int
    shards: int
    path: str
    paragraphs: int = 0  # searchable with --unit passage
    quotes: int = 0
    categories: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "paragraphs": self.paragraphs,
            "quotes": self.quotes,
            "sources": self.sources,
            "categories": self.categories,
            "languages": self.languages,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "size_bytes": self.size_bytes,
            "shards": self.shards,
            "path": self.path,
        }


@dataclass(slots=True, frozen=True)
class Discrepancy:
    """An article the index and the corpus disagree about."""

    id: str
    path: str  # its file, as messages name files: relative to the working folder when inside it

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "path": self.path}


@dataclass(slots=True)
class CheckReport:
    """What `check_index` found."""

    index: str  # the index folder
    opened: bool  # the manifest was readable and of a format version warta reads
    shards: int
    articles: int  # live articles read back whole
    problems: list[str] = field(default_factory=list)  # damage, one line each
    paths: list[str] = field(default_factory=list)  # the corpus folders and files compared with
    compared: bool = False  # the index was compared with *paths* (only when it is sound)
    corpus_articles: int = 0  # articles read from *paths*
    missing: list[Discrepancy] = field(default_factory=list)  # in the corpus, not in the index
    stale: list[Discrepancy] = field(default_factory=list)  # indexed, but changed in the corpus
    gone: list[Discrepancy] = field(default_factory=list)  # indexed from *paths*, no longer there
    unreadable_files: list[Failure] = field(default_factory=list)  # as ingest reports them
    # Files holding missing, stale or gone articles that an update would not read,
    # because their size and modification time are what ingest recorded.
    unchanged_files: list[str] = field(default_factory=list)
    remedy: str | None = None  # the command that puts things right, when one does
    incomplete: bool = False  # the ingest that first built the index stopped before finishing

    @property
    def damaged(self) -> bool:
        return bool(self.problems)

    @property
    def out_of_date(self) -> bool:
        return bool(self.missing or self.stale or self.gone)

    @property
    def ok(self) -> bool:
        return not (self.damaged or self.out_of_date or self.unreadable_files or self.incomplete)

    @property
    def exit_code(self) -> int:
        """3 damaged (rebuild), 1 sound but out of date or with unreadable input, 0 all well."""
        if self.damaged:
            return EXIT_INDEX_UNAVAILABLE
        return EXIT_OK if self.ok else EXIT_NO_RESULTS

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "index": self.index,
            "articles": self.articles,
            "shards": self.shards,
            "problems": self.problems,
            "paths": self.paths,
            "compared": self.compared,
            "corpus_articles": self.corpus_articles,
            "missing": [d.to_dict() for d in self.missing],
            "stale": [d.to_dict() for d in self.stale],
            "gone": [d.to_dict() for d in self.gone],
            "unreadable_files": [f.to_dict() for f in self.unreadable_files],
            "unchanged_files": self.unchanged_files,
            "remedy": self.remedy,
            "incomplete": self.incomplete,
        }


# -- search: requests and results ------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Filters:
    """Restrictions applied to a query, independent of its ranking."""

    source: str | None = None  # a source name or a word of it: "kompas" matches "Kompas.com"
    lang: str | None = None
    dateline: str | None = None  # the place in the dateline ("JAKARTA"), or a word of it
    speaker: str | None = None  # a quoted person's name, or a word of it: "Blinken"
    since: dt.date | None = None  # inclusive
    until: dt.date | None = None  # inclusive
    category: str | None = None  # the category a record gave ("Politik"), or a word of it


# What results can be counted by (``facets``), what can be searched and listed
# (``unit``: whole articles, paragraphs or quotes), and how query words combine.
FACETS = ("source", "month", "lang", "category", "dateline")
UNITS = ("article", "passage", "quote")
MATCHES = ("any", "all")


@dataclass(slots=True, frozen=True)
class SearchRequest:
    """One search, as `requests.search_request` checked it: every value here can be run."""

    query: str
    limit: int = 10  # hits to return
    offset: int = 0  # hits to skip (paging)
    filters: Filters = field(default_factory=lambda: Filters())
    match: str = "any"  # "any": rank by how many query words an article has; "all": require every one
    unit: str = "article"  # one of UNITS
    facets: tuple[str, ...] = ()  # some of FACETS, counted over every match
    collapse: bool = True  # fold near duplicates into the best-ranked copy
    qid: str | None = None  # the query's id in a batch
    correct: bool = True  # search mistyped words as the index has them (False: exactly as typed)
    # search the articles of the other language for the query's translations: None when the query is
    # English beyond doubt (and the index holds Indonesian), True also Indonesian to English, False never
    translate: bool | None = None
    # build each hit's marked snippet (TSV and TREC output show none); without, a hit's snippet is
    # its first words, unmarked
    snippets: bool = True


@dataclass(slots=True)
class EngineHit:
    stored: dict[str, Any]  # the article's stored fields
    score: float
    snippet: str  # matched words in <mark>…</mark>; empty when the text has no match
    unit: str = "article"
    passage: str | None = None  # "p3" (third paragraph), "q1" (first quote); None for articles
    speaker: str | None = None
    text: str | None = None  # the whole paragraph or quote
    similar: list[str] = field(default_factory=list)  # ids of near duplicates folded into this hit


@dataclass(slots=True)
class Hit:
    """One search result."""

    rank: int
    id: str
    score: float
    title: str
    source: str | None
    date: dt.date | None
    lang: str | None
    url: str | None
    path: str
    record: int | None
    snippet: str  # matches wrapped in <mark>...</mark>; other text is not escaped
    dateline: str | None = None
    unit: str = "article"  # or "passage" (a paragraph) or "quote"
    passage: str | None = None  # which piece of the article: "p3" (3rd paragraph), "q1" (1st quote)
    speaker: str | None = None  # who said a quote, when the article says
    text: str | None = None  # the whole paragraph or quote (None for articles)
    similar: list[str] = field(default_factory=list)  # near duplicates folded into this hit

    @property
    def key(self) -> str:
        """The article id, or ``id#passage`` for a paragraph or quote (as TREC runs name it)."""
        return f"{self.id}#{self.passage}" if self.passage else self.id

    def to_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "id": self.id,
            "score": round(self.score, 4),
            "title": self.title,
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
            "lang": self.lang,
            "dateline": self.dateline,
            "url": self.url,
            "path": self.path,
            "record": self.record,
            "unit": self.unit,
            "passage": self.passage,
            "speaker": self.speaker,
            "text": self.text,
            "snippet": self.snippet,
            "similar": self.similar,
        }


@dataclass(slots=True)
class SearchResults:
    """A page of hits and the total number of matches (articles, paragraphs or quotes)."""

    query: str
    total: int
    hits: list[Hit]
    qid: str | None = None
    facets: dict[str, dict[str, int]] | None = None  # only when asked for
    unit: str = "article"  # what was searched: "article", "passage" or "quote"
    # Why a query of a batch found nothing to search for (`Searcher.search_many`);
    # not part of the JSON, whose shape is the same for every query of a batch.
    error: str | None = None
    corrected_query: str | None = None  # what was searched instead of `query`, its typos corrected
    suggestion: str | None = None  # "did you mean": a likelier query, offered when this one found little
    # "en-id": the query was also searched in Indonesian as its translations; "id-en": in English
    translation: str | None = None
    translated_query: str | None = None  # the translations searched, as text for people
    # on a cluster: which shards answered ({"total", "successful", "failed", "missing": [names]});
    # "failed" is above 0 only for a search that allowed partial results
    shards: dict[str, object] | None = None

    @property
    def partial(self) -> bool:
        """Whether some shard did not answer (a cluster search that allowed partial results)."""
        return bool(self.shards and self.shards.get("failed"))

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.qid is not None:
            out["qid"] = self.qid
        out.update(
            {
                "query": self.query,
                "original_query": self.query,
                "corrected_query": self.corrected_query,
                "suggestion": self.suggestion,
                "translation": self.translation,
                "translated_query": self.translated_query,
                "unit": self.unit,
                "total": self.total,
                "hits": [h.to_dict() for h in self.hits],
            }
        )
        if self.facets is not None:
            out["facets"] = self.facets
        if self.error is not None:
            out["error"] = self.error
        if self.shards is not None:
            out["shards"] = self.shards
            out["partial"] = self.partial
        return out


# -- evaluate: ranking quality ---------------------------------------------------------------------


@dataclass
class QueryEvaluation:
    """One query's scores, and the compared run's when there is one."""

    qid: str
    query: str | None
    scores: dict[str, float]
    unjudged: int  # documents in the top 10 that nobody judged (counted as not relevant)
    compared: dict[str, float] | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"qid": self.qid, "query": self.query, **_rounded(self.scores)}
        data["unjudged@10"] = self.unjudged
        if self.compared is not None:
            data["compared"] = _rounded(self.compared)
            data["difference"] = _rounded({m: self.scores[m] - self.compared[m] for m in self.scores})
        return data


@dataclass
class Comparison:
    """How a run fares against another over the same queries."""

    name: str
    means: dict[str, float]
    difference: dict[str, float]  # the run's mean minus this one's, per measure
    p_values: dict[str, float]  # paired randomisation test, two-sided, per measure
    better: int  # queries where the run's nDCG@10 is higher
    worse: int
    equal: int
    unjudged: int

    def to_dict(self) -> dict[str, object]:
        return {
            "run": self.name,
            "means": _rounded(self.means),
            "difference": _rounded(self.difference),
            "p_values": _rounded(self.p_values),
            "better": self.better,
            "worse": self.worse,
            "equal": self.equal,
            "unjudged@10": self.unjudged,
        }


@dataclass
class EvaluationReport:
    """Every measure per query and on average, for a run against judgments."""

    name: str
    queries: list[QueryEvaluation]
    means: dict[str, float]
    unjudged: int  # over all queries' top 10
    without_judgments: list[str] = field(default_factory=list)  # topics left out: nothing relevant judged
    comparison: Comparison | None = None
    # What the caller should be told (topics left out, queries with nothing to search);
    # not part of the JSON report.
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "run": self.name,
            "queries": len(self.queries),
            "means": _rounded(self.means),
            "unjudged@10": self.unjudged,
            "without_judgments": self.without_judgments,
        }
        if self.comparison is not None:
            compared = self.comparison.to_dict()
            compared["difference"] = _rounded(
                {m: self.means[m] - self.comparison.means[m] for m in self.means}
            )
            data["compare"] = compared
        data["per_query"] = [q.to_dict() for q in self.queries]
        return data


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {name: round(value, 4) for name, value in scores.items()}
