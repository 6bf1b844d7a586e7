"""Reading one corpus file into `Article` records, whatever its format.

* ``.txt`` and ``.md``: one article per file (`text`);
* ``.html`` and ``.htm``: one article per saved page (`html`);
* ``.jsonl``, ``.json``, ``.csv`` and ``.tsv``: one article per record (`records`).

A record that cannot be read becomes a `Failure` with its file and line, and
reading goes on.  Text that is not UTF-8 is decoded and mojibake mended
(`decoding`); each such repair is a `Notice`.

A date field before 1900, or after today, cannot be the article's: it is
dropped (one `Notice` a file says how many were) and the date is read from
the text as for an article without one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator, Mapping

from ..analysis.dates import OLDEST, find_date
from ..model import Article, Failure, Notice, SourceFile
from .decoding import NotTextError, decode_whole
from .fields import FieldResolver
from .html import read_html
from .records import read_csv, read_json, read_jsonl
from .text import read_one_article
from .walk import HTML_SUFFIXES, ONE_ARTICLE_SUFFIXES

# Records held back while a file's slash dates could still be read either way
# (`FieldResolver.unsettled`): one with a day above 12 comes within a few rows.
HOLD = 1000
# A date field may be a day after the file's date: a record stamped in Jakarta
# (UTC+7) can be written on what is still the day before on a machine in UTC.
TIME_ZONE_SLACK = dt.timedelta(days=1)


def read_file(
    source: SourceFile,
    field_map: Mapping[str, str] | None = None,
    advance: Callable[[int], None] | None = None,
) -> Iterator[Article | Failure | Notice]:
    """Yield the articles in one file, a `Failure` for each unreadable part, and `Notice`s.

    *advance*, when given, is called with the number of bytes read so far in
    streamed formats, so that a progress bar moves within a large file.

    An article without a date field (or with one that cannot be right: before
    1900, or after today) gets bounds for a date read from its text
    (`Article.date_latest`, `Article.date_near`): the file's own date (not
    after today), and the date of the article before it in the same file, as
    its date field gives it (`Article.date_near`) or else its text does (not
    a year guessed from a weekday alone: `Article.date_previous`, a last
    resort): exports are written in order.
    """
    fields = FieldResolver(field_map or {})
    today = dt.date.today()
    latest = min(source.modified, today)
    near: dt.date | None = None  # the last date field
    previous: dt.date | None = None  # the last date a field or a text gave
    dropped = 0
    held: list[Article | Failure | Notice] = []

    def release() -> Iterator[Article | Failure | Notice]:
        nonlocal near, previous, dropped
        for item in held:
            if isinstance(item, Article):
                if item.date is not None and not OLDEST <= item.date <= today + TIME_ZONE_SLACK:
                    item.date = None
                    dropped += 1
                if item.date is not None:
                    near = previous = item.date
                else:
                    item.date_latest, item.date_near, item.date_previous = latest, near, previous
                    found = find_date(item.body, reference=latest, near=near, previous=previous)
                    if found is not None and not found.guessed:  # as analysis will find it
                        previous = found.date
            yield item
        held.clear()

    for item in _read_records(source, fields, advance):
        held.append(item)
        if fields.unsettled and len(held) < HOLD:
            continue  # its date is read again if a later record shows the file writes month first
        if fields.unsettled and fields.month_first is None:
            fields.month_first = False  # none of HOLD records showed the order: day first, all of it
        fields.unsettled.clear()
        yield from release()
    yield from release()
    if dropped:
        yield Notice(
            source.display,
            f"{dropped} date field(s) before {OLDEST.year} or after today left out: "
            "the date is read from the text instead",
        )


def _read_records(
    source: SourceFile, fields: FieldResolver, advance: Callable[[int], None] | None
) -> Iterator[Article | Failure | Notice]:
    if source.suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(source, fields, advance)
    elif source.suffix in (".csv", ".tsv"):
        yield from read_csv(source, fields, advance)
    else:
        yield from _read_whole(source, fields)
    if fields.repaired:
        yield Notice(source.display, f"mojibake mended in {fields.repaired} record(s) by ftfy")


def _read_whole(source: SourceFile, fields: FieldResolver) -> Iterator[Article | Failure | Notice]:
    """Formats read in one piece: one-article files, saved pages and JSON documents."""
    try:
        raw = source.path.read_bytes()
    except OSError as err:
        yield Failure(source.display, f"cannot read file: {err.strerror or err}")
        return
    if not raw.strip():
        yield Failure(source.display, "empty file: no article text")
        return
    if source.suffix in HTML_SUFFIXES:
        yield read_html(source, raw)
        return
    try:
        text, note = decode_whole(raw)
    except NotTextError as err:
        yield Failure(source.display, str(err))
        return
    if note:
        yield Notice(source.display, note)
    text = unicodedata.normalize("NFC", text)
    if source.suffix in ONE_ARTICLE_SUFFIXES:
        yield from read_one_article(source, text, markdown=source.suffix != ".txt")
    else:
        yield from read_json(source, text, fields)
