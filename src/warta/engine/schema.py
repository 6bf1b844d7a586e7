"""The fields of a warta index, and turning an article into them.

Title and body are indexed by stem with positions (phrases) and stored
(display, highlighting); ``exact`` holds the exact form of the words that
differ from their stem; source, category and language are labels; the date is
a real date field with warta's own query syntax; the rest is bookkeeping for
incremental ingest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import fields

from .. import analysis
from ..errors import QueryError
from ..model import Article
from . import analyzers

# What results can be counted by (``--facets``).
FACETS = ("source", "month", "lang", "category")

# Positions between the title and body in the exact-form field, so that a
# phrase never matches across the end of the title and the start of the body.
TITLE_BODY_GAP = 100


class AnalysedText(fields.TEXT):
    """A TEXT field that also accepts postings computed ahead of time.

    At ingest, worker processes build each article's posting lists directly
    (see `prepare_document`), which is several times faster than Whoosh's
    token-by-token analysis; at query and highlight time the field's analyzer
    is used as usual, so both paths see the same terms.
    """

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, PrecomputedPostings):
            return iter(value.items)
        return super().index(value, **kwargs)


@dataclass(slots=True)
class PrecomputedPostings:
    items: list[tuple[bytes, int, float, bytes]]


class PublicationDate(fields.DATETIME):
    """A date field whose query syntax is the one people write.

    Whoosh's own DATETIME parsing reads ``date:2019-09`` as words and the
    range ``[2019-09-01 to 2019-09-30]`` as the whole of 2019; here a value is
    ``YYYY``, ``YYYY-MM`` or a full date (any form `dates.parse_date` reads),
    and a range runs from the first day of its start to the last of its end.
    """

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> Any:
        return self.parse_range(fieldname, qstring, qstring, False, False, boost)

    def parse_range(
        self, fieldname: str, start: Any, end: Any, startexcl: bool, endexcl: bool, boost: float = 1.0
    ) -> Any:
        from whoosh import query

        from ..dates import parse_period

        try:
            first = parse_period(start, end=False) if start else None
            last = parse_period(end, end=True) if end else None
        except (ValueError, OverflowError) as err:
            raise QueryError(f"date: {err}") from None
        if first is None and last is None:
            return query.Every(fieldname, boost=boost)
        return query.DateRange(
            fieldname,
            dt.datetime.combine(first, dt.time.min) if first else None,
            dt.datetime.combine(last, dt.time.max) if last else None,
            boost=boost,
        )


def _text(stored: bool, analyzer: object) -> AnalysedText:
    field = AnalysedText(stored=stored, analyzer=analyzer)
    # A query word that analysis splits (covid-19) must match as a phrase.
    field.multitoken_query = "phrase"
    return field


def build_schema() -> fields.Schema:
    """The fields of a warta index."""
    keyword = analyzers.keyword_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=_text(True, analyzers.stem_analyzer()),
        body=_text(True, analyzers.stem_analyzer()),
        exact=_text(False, analyzers.exact_analyzer()),
        source=fields.TEXT(stored=True, analyzer=keyword, phrase=True),
        category=fields.TEXT(stored=True, analyzer=keyword, phrase=True),
        # one term per article; lowercased in queries too (lang:ID is lang:id)
        lang=fields.ID(stored=True, analyzer=analyzers.label_analyzer()),
        date=PublicationDate(stored=True),
        # Columns for facet counts: whole values, one per article ("Riau Pos", "2019-09").
        **{f"facet_{name}": fields.ID(sortable=True) for name in FACETS},
        url=fields.STORED(),
        path=fields.STORED(),
        record=fields.STORED(),
        # Bookkeeping for incremental ingest.
        file_key=fields.STORED(),
        file_sig=fields.STORED(),
        content_hash=fields.STORED(),
    )


def prepare_document(article: Article, file_key: str, file_sig: str) -> dict[str, object]:
    """Analyse an article into the keyword arguments of Whoosh's ``add_document``.

    This is the expensive step of ingest; it runs in the shard's worker process.
    """
    title_stems, title_exact, title_len = analysis.term_positions(article.title)
    body_stems, body_exact, _ = analysis.term_positions(article.body)
    offset = title_len + TITLE_BODY_GAP
    exact = dict(title_exact)
    for term, positions in body_exact.items():
        shifted = [p + offset for p in positions]
        exact[term] = exact[term] + shifted if term in exact else shifted
    doc: dict[str, object] = {
        "id": article.id,
        "title": _postings(title_stems),
        "_stored_title": article.title,
        "body": _postings(body_stems),
        "_stored_body": article.body,
        "exact": _postings(exact),
        "path": article.path,
        "record": article.record,
        "file_key": file_key,
        "file_sig": file_sig,
        "content_hash": article.content_hash(),
    }
    if article.source:
        doc["source"] = article.source
    if article.category:
        doc["category"] = article.category
    if article.lang:
        doc["lang"] = article.lang
    if article.url:
        doc["url"] = article.url
    if article.date:
        doc["date"] = dt.datetime(article.date.year, article.date.month, article.date.day)
    facets = {
        "source": article.source,
        "month": article.date.strftime("%Y-%m") if article.date else None,
        "lang": article.lang,
        "category": article.category,
    }
    for name, value in facets.items():
        if value:
            doc[f"facet_{name}"] = value
    return doc


_POSITIONS_FORMAT = fields.TEXT().format  # Whoosh's Positions posting encoder


def _postings(term_positions: dict[str, list[int]]) -> PrecomputedPostings:
    encode = _POSITIONS_FORMAT.encode
    return PrecomputedPostings(
        [
            (term.encode("utf-8", "surrogatepass"), len(pos), float(len(pos)), encode(pos))
            for term, pos in term_positions.items()
        ]
    )
