"""Which field of a record holds which field of an article.

JSON records and CSV columns are found by common English and Indonesian names
(`DEFAULT_FIELD_NAMES`: ``judul`` is a title, ``isi_berita`` a body, ``tautan`` a
URL); ``--field body=naskah`` (a *field map*) names others.  A record's text is
made ready for analysis here: mojibake mended, Unicode composed (NFC), half
surrogate pairs replaced.

Slash dates (``03/04/2021``) are read in the order of day and month that the
file's own dates show: the first date whose numbers settle it (``21/10/2025``
day first, ``10/21/2025`` month first) decides for the whole file, and dates
read before it are read again (`FieldResolver.unsettled`); a file none of
whose dates settles it is read day first.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping

from ..analysis.dates import parse_date, slash_order
from ..model import Article, SourceFile
from .decoding import repair_mojibake

# Target field -> names it may have in the input, most specific first.
DEFAULT_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "docid", "article_id", "uuid", "guid"),
    "title": ("title", "headline", "judul", "judul_berita", "heading"),
    "body": ("body", "content", "text", "isi", "isi_berita", "article", "berita", "konten"),
    "date": (
        "date", "published", "published_at", "publish_date", "pubdate",
        "tanggal", "tgl", "waktu", "datetime", "timestamp",
    ),
    "url": ("url", "link", "tautan", "article_source_link", "source_url", "href"),
    "source": ("source", "outlet", "publisher", "media", "sumber", "site", "portal"),
    "lang": ("lang", "language", "bahasa"),
    "category": ("category", "kategori", "section", "rubrik", "topic", "label"),
}  # fmt: skip
TARGET_FIELDS = tuple(DEFAULT_FIELD_NAMES)


_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class FieldResolver:
    """Finds, for each target field, which key of a record holds it."""

    def __init__(self, overrides: Mapping[str, str]) -> None:
        self.overrides = {k: v.lower() for k, v in overrides.items()}
        self._plans: dict[tuple[str, ...], dict[str, str]] = {}
        self.repaired = 0  # records whose text had mojibake mended
        # The file's order of day and month in slash dates: None until one of its dates settles it.
        self.month_first: bool | None = None
        # Articles whose date could be read either way, read day first before the order was
        # settled, with their date as written: read again if the file turns out month first.
        self.unsettled: list[tuple[Article, str]] = []

    def plan(self, keys: Iterable[str]) -> dict[str, str]:
        """Map target field -> record key for records having these keys."""
        keys = tuple(keys)
        plan = self._plans.get(keys)
        if plan is None:
            lowered = {k.strip().lower(): k for k in keys if isinstance(k, str)}
            plan = {}
            for target, names in DEFAULT_FIELD_NAMES.items():
                # A --field name is tried first; the usual names still apply to
                # files that do not have it.
                wanted = (self.overrides[target], *names) if target in self.overrides else names
                for name in wanted:
                    if name in lowered:
                        plan[target] = lowered[name]
                        break
            self._plans[keys] = plan
        return plan

    def article(
        self, record: Mapping[str, object], source: SourceFile, number: int, line: int | None
    ) -> Article | str:
        """Build the article for one record, or return why it cannot be built."""
        plan = self.plan(record.keys())
        mended = False

        def get(target: str) -> str:
            nonlocal mended
            value = record.get(plan[target]) if target in plan else None
            if value is None:
                return ""
            # JSON may carry half of a surrogate pair ("\ud83d"), which no UTF-8
            # index can store: it becomes U+FFFD, the replacement character.
            text = _LONE_SURROGATE_RE.sub("\ufffd", str(value))
            if not text.isascii():
                repaired = repair_mojibake(text)
                mended = mended or repaired != text
                text = repaired
            return unicodedata.normalize("NFC", text).strip()

        title, body = get("title"), get("body")
        if not body and not title:
            if "body" not in plan and "title" not in plan:
                return "no title or body field (use --field body=NAME to name it)"
            return "record has no title or body text"
        record_id = get("id")
        written_date = get("date")
        date, waits = self._date(written_date)
        article = Article(
            id=record_id or f"{source.rel}#{number}",
            generated_id=not record_id,
            line=line,
            title=title,
            body=body,
            source=get("source") or None,
            url=get("url") or None,
            date=date,
            lang=get("lang").lower() or None,
            category=get("category") or None,
            path=source.key,
            record=number,
        )
        if waits:
            self.unsettled.append((article, written_date))
        self.repaired += mended
        return article

    def _date(self, written: str) -> tuple[dt.date | None, bool]:
        """A record's date field read, and whether its order of day and month is still open."""
        order = slash_order(written)
        if order and self.month_first is None:
            self.month_first = order == "month"
            if self.month_first:
                for article, value in self.unsettled:
                    article.date = parse_date(value, month_first=True)
            self.unsettled.clear()
        date = parse_date(written, month_first=bool(self.month_first))
        return date, order == "" and self.month_first is None and date is not None
