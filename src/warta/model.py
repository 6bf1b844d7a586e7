"""The plain data objects passed between the stages of the pipeline."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


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
    # Without a date field, the date is read from the text (`structure.find_date`),
    # bounded by the file's own date and drawn towards its neighbours' dates.
    date_latest: dt.date | None = None
    date_near: dt.date | None = None

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


@dataclass(slots=True, frozen=True)
class Filters:
    """Restrictions applied to a query, independent of its ranking."""

    source: str | None = None  # a source name or a word of it: "kompas" matches "Kompas.com"
    lang: str | None = None
    dateline: str | None = None  # the place in the dateline ("JAKARTA"), or a word of it
    speaker: str | None = None  # a quoted person's name, or a word of it: "Blinken"
    since: dt.date | None = None  # inclusive
    until: dt.date | None = None  # inclusive


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

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


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

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.qid is not None:
            out["qid"] = self.qid
        out.update(
            {
                "query": self.query,
                "unit": self.unit,
                "total": self.total,
                "hits": [h.to_dict() for h in self.hits],
            }
        )
        if self.facets is not None:
            out["facets"] = self.facets
        return out
