"""The fields of a warta index, and turning an article into them.

Each shard holds two Whoosh indexes: articles, and their passages
(paragraphs and quotes, each a unit of its own that names its article).

Articles: title and body are indexed by stem with positions (phrases) and
stored (display, highlighting); ``exact`` holds the exact form of the words
that differ from their stem; source, category, language, dateline place and
the people quoted are labels; the date is a real date field with warta's own
query syntax; ``signature`` is a MinHash of the text for collapsing near
duplicates; the rest is bookkeeping for incremental ingest.

Passages: the same text fields (``body``, ``exact``) over one paragraph or
quote, its speaker, its article's labels for filtering, and where it lies in
the article's stored body (the text itself is not stored twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import fields

from .. import analysis, duplicates
from ..errors import QueryError
from ..model import Article
from ..structure import parse_article
from . import analyzers

# What results can be counted by (``--facets``).
FACETS = ("source", "month", "lang", "category", "dateline")
# Kinds of passage (``--unit passage`` searches paragraphs, ``--unit quote`` quotes).
PARAGRAPH, QUOTE = "paragraph", "quote"
PASSAGES = "passages"  # the name of the passage index inside each shard folder

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


class _TakesPrecomputed:
    """Mixin for fields whose postings may be made once and reused (labels shared by passages)."""

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, PrecomputedPostings):
            return iter(value.items)
        return super().index(value, **kwargs)  # type: ignore[misc]


class LabelText(_TakesPrecomputed, fields.TEXT):
    """A TEXT label (source, dateline, speaker) that also takes precomputed postings."""


class LabelID(_TakesPrecomputed, fields.ID):
    """An ID field that also takes precomputed postings."""


class PublicationDate(_TakesPrecomputed, fields.DATETIME):
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


class Signature(fields.FieldType):
    """A value kept only in a column (one per document, read fast at search time)."""

    indexed = False
    stored = False
    scorable = False
    format = None
    analyzer = None
    vector = None

    def __init__(self) -> None:
        from whoosh.columns import VarBytesColumn

        self.column_type = VarBytesColumn()

    def to_bytes(self, value: bytes) -> bytes:
        return value


def _labels(stored: bool) -> dict[str, fields.FieldType]:
    """Label fields shared by articles and passages, so that one filter query fits both."""
    keyword = analyzers.keyword_analyzer()
    return {
        "source": LabelText(stored=stored, analyzer=keyword, phrase=True),
        "category": LabelText(stored=stored, analyzer=keyword, phrase=True),
        # one term per article; lowercased in queries too (lang:ID is lang:id)
        "lang": LabelID(stored=stored, analyzer=analyzers.label_analyzer()),
        "dateline": LabelText(stored=stored, analyzer=keyword, phrase=True),
        "date": PublicationDate(stored=stored),
    }


def build_passage_schema() -> fields.Schema:
    """The fields of the passage index: one paragraph or quote per document."""
    return fields.Schema(
        id=fields.ID(stored=True),  # "<article id>#p3", "<article id>#q1"
        article=LabelID(stored=True),
        kind=LabelID(stored=True),
        span=fields.STORED(),  # (start, end) in the article's stored body
        body=_text(False, analyzers.stem_analyzer()),
        exact=_text(False, analyzers.exact_analyzer()),
        speaker=fields.TEXT(stored=True, analyzer=analyzers.keyword_analyzer(), phrase=True),
        signature=Signature(),  # a digest of the words, to fold a quote carried by several outlets
        **_labels(stored=False),  # shown from the article
    )


def build_schema() -> fields.Schema:
    """The fields of the article index."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=_text(True, analyzers.stem_analyzer()),
        body=_text(True, analyzers.stem_analyzer()),
        exact=_text(False, analyzers.exact_analyzer()),
        # everyone quoted in the article, for --speaker with --unit article
        speaker=fields.TEXT(analyzer=analyzers.keyword_analyzer(), phrase=True),
        date_text=fields.STORED(),  # the words a date read from the text came from
        signature=Signature(),
        **_labels(stored=True),
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


@dataclass(slots=True)
class PreparedArticle:
    """An article analysed for indexing: its document and its passages' documents."""

    doc: dict[str, object]
    passages: list[dict[str, object]]


def prepare_document(article: Article, file_key: str, file_sig: str) -> PreparedArticle:
    """Analyse an article into the keyword arguments of Whoosh's ``add_document``.

    Its structure is read here too (`structure.parse_article`): a date from
    the text when no date field gave one, the outlet of the dateline when no
    source field did, the dateline place, and the paragraphs and quotes that
    become passages.  This is the expensive step of ingest; it runs in the
    shard's worker process.
    """
    parsed = parse_article(
        article.id,
        article.title,
        article.body,
        source=article.source,
        date=article.date,
        lang=article.lang,
        latest=article.date_latest,
        near=article.date_near,
    )
    title_stems, title_exact, title_len = analysis.term_positions(article.title)
    body_stems, body_exact, _ = analysis.term_positions(article.body)
    offset = title_len + TITLE_BODY_GAP
    exact = dict(title_exact)
    for term, positions in body_exact.items():
        shifted = [p + offset for p in positions]
        exact[term] = exact[term] + shifted if term in exact else shifted
    labels = _label_values(parsed.source, article.category, article.lang, parsed.dateline, parsed.date)
    speakers = sorted({q.speaker for q in parsed.quotes if q.speaker})
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
        "signature": duplicates.signature(article.title, article.body),
        **labels,
    }
    if speakers:
        doc["speaker"] = " ; ".join(speakers)
    if parsed.date_text:
        doc["date_text"] = parsed.date_text
    if article.url:
        doc["url"] = article.url
    facets = {
        "source": parsed.source,
        "month": parsed.date.strftime("%Y-%m") if parsed.date else None,
        "lang": article.lang,
        "category": article.category,
        "dateline": parsed.dateline,
    }
    for name, value in facets.items():
        if value:
            doc[f"facet_{name}"] = value
    # Every passage of the article carries the same labels: their postings are made
    # once here, not once per passage (indexing a date alone makes eight terms).
    labels = _label_postings({**labels, "article": article.id})
    passages = [
        _passage(article.id, f"p{n}", PARAGRAPH, (a, b), article.body[a:b], None, labels)
        for n, (a, b) in enumerate(parsed.paragraph_spans, 1)
    ]
    passages += [
        _passage(article.id, f"q{n}", QUOTE, (q.start, q.end), q.text, q.speaker, labels)
        for n, q in enumerate(parsed.quotes, 1)
    ]
    return PreparedArticle(doc, passages)


def _label_values(
    source: str | None, category: str | None, lang: str | None, dateline: str | None, date: dt.date | None
) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, value in (("source", source), ("category", category), ("lang", lang), ("dateline", dateline)):
        if value:
            values[name] = value
    if date:
        values["date"] = dt.datetime(date.year, date.month, date.day)
    return values


_PASSAGE_SCHEMA: fields.Schema | None = None


def _label_postings(labels: dict[str, object]) -> dict[str, object]:
    """Labels as ready-made postings (with the value to store beside each)."""
    global _PASSAGE_SCHEMA
    if _PASSAGE_SCHEMA is None:
        _PASSAGE_SCHEMA = build_passage_schema()
    out: dict[str, object] = {}
    for name, value in labels.items():
        out[name] = PrecomputedPostings(list(_PASSAGE_SCHEMA[name].index(value)))
        out[f"_stored_{name}"] = value
    return out


_KINDS: dict[str, dict[str, object]] = {}


def _passage(
    article_id: str,
    label: str,
    kind: str,
    span: tuple[int, int],
    text: str,
    speaker: str | None,
    labels: dict[str, object],
) -> dict[str, object]:
    stems, exact, _ = analysis.term_positions(text)
    kinds = _KINDS.get(kind)
    if kinds is None:
        kinds = _KINDS[kind] = _label_postings({"kind": kind})
    doc: dict[str, object] = {
        "id": f"{article_id}#{label}",
        **kinds,
        "span": span,
        "body": _postings(stems),
        "exact": _postings(exact),
        "signature": duplicates.fingerprint(text),
        **labels,
    }
    if speaker:
        doc["speaker"] = speaker
    return doc


_POSITIONS_FORMAT = fields.TEXT().format  # Whoosh's Positions posting encoder
# Most terms of a paragraph or quote occur once; the encoding of a single position
# is the same every time, so it is made once per position (a third of the time
# spent building postings, measured on id-news).
_SINGLE_POSITION: dict[int, bytes] = {}


def _encode(positions: list[int]) -> bytes:
    if len(positions) == 1:
        value = _SINGLE_POSITION.get(positions[0])
        if value is None:
            value = _SINGLE_POSITION[positions[0]] = _POSITIONS_FORMAT.encode(positions)
        return value
    return _POSITIONS_FORMAT.encode(positions)


def _postings(term_positions: dict[str, list[int]]) -> PrecomputedPostings:
    return PrecomputedPostings(
        [
            (term.encode("utf-8", "surrogatepass"), len(pos), float(len(pos)), _encode(pos))
            for term, pos in term_positions.items()
        ]
    )
