"""Parsing publication dates found in corpus metadata.

Accepted forms: ISO 8601 (``2019-09-10``, ``2019-09-10T21:48:00+07:00``),
``YYYY/M/D``, slash dates ``D/M/YYYY`` or ``M/D/YYYY`` (month first unless the
first number cannot be a month, as exports from US-made tools write them),
``19 Agustus 2024``, ``August 19, 2024`` and ``19 Aug 2024``, each optionally
followed by a time.  Anything else is *unknown*: a date is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    # Indonesian
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5,
    "juni": 6, "juli": 7, "agustus": 8, "september": 9, "oktober": 10,
    "november": 11, "nopember": 11, "desember": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8,
    "ags": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "des": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12, "aug": 8, "oct": 10, "dec": 12,
}  # fmt: skip

_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_SLASH = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object) -> dt.date | None:
    """Return the date in *value*, or ``None`` when it is absent or unclear."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = _YMD.match(text)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _SLASH.match(text)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        return _make(year, b, a) if a > 12 else _make(year, a, b)
    m = _DAY_MONTH_YEAR.search(text)
    if m and m[2].lower() in MONTHS:
        return _make(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    m = _MONTH_DAY_YEAR.search(text)
    if m and m[1].lower() in MONTHS:
        return _make(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    return None


def parse_period(value: str, end: bool) -> dt.date:
    """Parse ``2019``, ``2019-09`` or a full date; *end* picks the period's last day."""
    value = value.strip()
    try:
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
        if len(value) in (6, 7) and value[:4].isdigit() and value[4] in "-/":
            year, month = int(value[:4]), int(value[5:])
            first = dt.date(year, month, 1)
            if not end:
                return first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        pass
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"cannot read date {value!r}; use YYYY-MM-DD, YYYY-MM or YYYY")
    return parsed
