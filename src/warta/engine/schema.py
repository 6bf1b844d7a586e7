"""The fields of a warta index, and turning an article into them.

Title and body are indexed by stem with positions (phrases) and stored
(display, highlighting); ``exact`` holds the exact form of the words that
differ from their stem; source, category, language, dateline place and the
people quoted are labels; the date is a real date field with warta's own
query syntax; the rest is bookkeeping for incremental ingest.

Two columns serve search: ``signature``, a MinHash of the text for folding
near duplicates, and ``pieces``, where each paragraph and quote lies in the
body, in token positions (to score it from the body's postings, see
`engine.passages`) and in characters (to show it), with each quote's speaker.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import fields

from ..analysis.words import fold_label
from ..errors import QueryError
from ..model import FACETS, AnalysedArticle, IndexedDoc
from . import analyzers
from .passages import pack_pieces

# The ``stemmer`` field's value for articles whose words are not stemmed.
NO_STEMMER = "none"

# Positions between the title and body in the exact-form field, so that a
# phrase never matches across the end of the title and the start of the body.
TITLE_BODY_GAP = 100


class AnalysedText(fields.TEXT):
    """A TEXT field that also accepts postings computed ahead of time.

    At ingest, worker processes build each article's posting lists directly
    (see `document`), which is several times faster than Whoosh's
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

        from ..analysis.dates import parse_period

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


class ColumnOnly(fields.FieldType):
    """Bytes kept only in a column: one value per document, read fast at search time."""

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


def build_schema() -> fields.Schema:
    """The fields of a warta index."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # the id a record gave, where the article's id had to be told apart from
        # another file's (``news-en/NewsArticles.csv#41`` for 41): ``warta show 41`` finds it
        given_id=fields.ID(),
        title=_text(True, analyzers.stem_analyzer()),
        body=_text(True, analyzers.stem_analyzer()),
        exact=_text(False, analyzers.exact_analyzer()),
        # everyone quoted in the article, for --speaker with --unit article: names
        # apart in positions, so that a phrase never runs from one into the next
        speaker=AnalysedText(stored=False, analyzer=analyzers.keyword_analyzer()),
        date_text=fields.STORED(),  # the words a date read from the text came from
        source=fields.TEXT(stored=True, analyzer=analyzers.keyword_analyzer(), phrase=True),
        category=fields.TEXT(stored=True, analyzer=analyzers.keyword_analyzer(), phrase=True),
        # one term per article; lowercased in queries too (lang:ID is lang:id)
        lang=fields.ID(stored=True, analyzer=analyzers.label_analyzer()),
        # the stemmer the article's words went through (`analysis.words.stemmer_for`): a query's
        # reading for that stemmer is matched against these articles only
        stemmer=fields.ID(),
        dateline=fields.TEXT(stored=True, analyzer=analyzers.keyword_analyzer(), phrase=True),
        date=PublicationDate(stored=True),
        signature=ColumnOnly(),  # MinHash of the text (`analysis.near_duplicates.signature`)
        pieces=ColumnOnly(),  # paragraphs and quotes (`encode_pieces`)
        # what incremental ingest reads of every article, without its stored text (`encode_inventory`)
        inventory=ColumnOnly(),
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


def document(analysed: AnalysedArticle, file_key: str, file_sig: str) -> dict[str, object]:
    """An analysed article (`analysis.analyse_article`) as the keyword arguments of Whoosh's ``add_document``.

    *file_key* and *file_sig* name the file it came from and its size and
    time, for incremental ingest.
    """
    article, parsed, lang = analysed.article, analysed.structure, analysed.lang
    assert analysed.title is not None and analysed.body is not None, "analysed without positions"
    offset = analysed.title.length + TITLE_BODY_GAP
    exact = dict(analysed.title.derived)
    for term, positions in analysed.body.derived.items():
        shifted = [p + offset for p in positions]
        exact[term] = exact[term] + shifted if term in exact else shifted
    speakers = sorted({q.speaker for q in parsed.quotes if q.speaker})
    content_hash = article.content_hash()
    indexed = IndexedDoc(content_hash, file_key, file_sig, article.record)
    doc: dict[str, object] = {
        "id": article.id,
        "title": _postings(analysed.title.stems),
        "_stored_title": article.title,
        "body": _postings(analysed.body.stems),
        "_stored_body": article.body,
        "exact": _postings(exact),
        "path": article.path,
        "record": article.record,
        "file_key": file_key,
        "file_sig": file_sig,
        "content_hash": content_hash,
        "signature": analysed.signature,
        "pieces": encode_pieces(analysed),
        "inventory": encode_inventory(article.id, indexed),
        "lang": lang,
        "facet_lang": lang,
        "stemmer": analysed.stemmer or NO_STEMMER,
    }
    optional = {
        "source": parsed.source,
        "category": article.category,
        "dateline": parsed.dateline,
        "url": article.url,
        "given_id": article.given_id,
        "date_text": parsed.date_text,
        "speaker": _names(speakers) if speakers else None,
    }
    doc.update((name, value) for name, value in optional.items() if value)
    if parsed.date:
        doc["date"] = dt.datetime(parsed.date.year, parsed.date.month, parsed.date.day)
    facets = {
        "source": parsed.source,
        "month": parsed.date.strftime("%Y-%m") if parsed.date else None,
        "category": article.category,
        # counted whatever the case it was written in: "Jakarta" and "JAKARTA" are one place
        "dateline": parsed.dateline.upper() if parsed.dateline else None,
    }
    for name, value in facets.items():
        if value:
            doc[f"facet_{name}"] = value
    return doc


def _names(names: list[str]) -> PrecomputedPostings:
    """Postings of several names, each starting a `TITLE_BODY_GAP` of positions after the last."""
    positions: dict[str, list[int]] = {}
    for n, name in enumerate(names):
        for i, word in enumerate(fold_label(name).split()):
            positions.setdefault(word, []).append(n * TITLE_BODY_GAP + i)
    return _postings(positions)


def encode_inventory(doc_id: str, indexed: IndexedDoc) -> bytes:
    """An article's id and what incremental ingest knows of it, as the ``inventory`` column holds
    them: ``[id, content hash, file key, file signature, record]`` in JSON."""
    row = [doc_id, indexed.content_hash, indexed.file_key, indexed.file_sig, indexed.record]
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def decode_inventory(raw: bytes) -> tuple[str, IndexedDoc] | None:
    """What `encode_inventory` wrote; None for an empty value (an article written without one)."""
    if not raw:
        return None
    doc_id, content_hash, file_key, file_sig, record = json.loads(raw.decode("utf-8", "surrogatepass"))
    return str(doc_id), IndexedDoc(str(content_hash), str(file_key), str(file_sig), record)


def encode_pieces(analysed: AnalysedArticle) -> bytes:
    """Where the paragraphs and quotes of an article lie (`passages.pack_pieces`): each in body
    positions, counting the body's words as indexed, so that a piece's terms are the body
    postings within its range, and in characters of the stored body; quotes with their speakers."""
    parsed = analysed.structure
    paragraphs = [
        (*at, a, b) for at, (a, b) in zip(analysed.paragraph_positions, parsed.paragraph_spans, strict=True)
    ]
    quotes = [
        ((*at, q.start, q.end), q.speaker)
        for at, q in zip(analysed.quote_positions, parsed.quotes, strict=True)
    ]
    return pack_pieces(paragraphs, quotes)


_POSITIONS_FORMAT = fields.TEXT().format  # Whoosh's Positions posting encoder
# Most terms of an article occur once; the encoding of a single position is the
# same every time, so it is made once per position.
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
