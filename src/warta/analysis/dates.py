"""Dates as warta reads them: in a record's metadata, in a query, and in an article's text.

`parse_date` reads a date field.  Accepted forms: ISO 8601 (``2019-09-10``, ``2019-09-10T21:48:00+07:00``),
``YYYY/M/D``, slash dates ``D/M/YYYY`` or ``M/D/YYYY`` (month first unless the
first number cannot be a month, as exports from US-made tools write them),
``19 Agustus 2024``, ``August 19, 2024`` and ``19 Aug 2024``, each optionally
followed by a time.  Anything else is *unknown*: a date is never guessed.

`parse_period` reads a year, a month or a day as given to ``--since``,
``--until`` and ``date:`` in a query.

`find_date` finds the date an article states for itself in its text
(``Selasa (10/9/2019)``); a date without a year gets one only when its weekday
fixes it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

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


# -- dates in an article's text ------------------------------------------------------

WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5,
    "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

# The date patterns run on the text with ASCII letters lowercased (`_ASCII_LOWER`:
# same length, so offsets hold) and start at a word boundary: Python's re tries an
# alternation of names at every position, and case-insensitive matching and
# mid-word starts made reading dates cost 2 ms per article.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"


@cache
def _text_date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The forms of a date in text, compiled on first use (a search reads no dates from text)."""
    return (
        # "Senin (19/8)", "Selasa (10/9/2019)", "Rabu (17/9/2025) malam"
        re.compile(
            r"\b"
            + _WEEKDAY
            + r"\s*\(\s*(?P<day>\d{1,2})\s*/\s*(?P<month_num>\d{1,2})(?:\s*/\s*(?P<year>\d{2,4}))?\s*\)"
        ),
        # "19 Agustus 2024", "Senin, 19 Agustus 2024", "19 Agustus" (year from the weekday only)
        re.compile(
            r"\b(?:" + _WEEKDAY + r",?\s+)?(?P<day>\d{1,2})\s+" + _MONTH + r"(?:\s+(?P<year>\d{4}))?\b"
        ),
        # "August 19, 2024", "Monday, August 19, 2024"
        re.compile(
            r"\b(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?\b"
        ),
        # "19/08/2024" standing alone
        re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month_num>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    )


@dataclass(slots=True, frozen=True)
class FoundDate:
    date: dt.date
    text: str  # the words it was read from, as written
    start: int  # offset in the text


def _year_from_weekday(
    day: int, month: int, weekday: int, latest: dt.date, near: dt.date | None = None
) -> int | None:
    """The year, not after *latest*, in which day/month falls on *weekday*.

    The latest such year, or with *near* (the date of the articles around
    this one) the one closest to it.  Weekdays repeat every 5, 6 or 11 years,
    so the search looks back 11 years from *latest* (and around *near*).
    """
    top = latest.year
    bottom = min(top, near.year if near else top) - 11
    years = []
    for year in range(top, bottom - 1, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= latest and candidate.weekday() == weekday:
            if near is None:
                return year
            years.append(candidate)
    if not years:
        return None
    return min(years, key=lambda c: abs((c - near).days)).year  # type: ignore[operator]


def _full_year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _build(
    day: int,
    month: int,
    year: int | None,
    weekday: str | None,
    reference: dt.date | None,
    near: dt.date | None = None,
) -> dt.date | None:
    wd = WEEKDAYS.get(weekday.lower()) if weekday else None
    if year is None:
        if wd is None or reference is None:
            return None  # no year and nothing to fix one: unknown, never guessed
        # only a year in which the day falls on that weekday (none: no date)
        year = _year_from_weekday(day, month, wd, reference, near)
        if year is None:
            return None
    # A full date whose weekday does not fit ("Minggu (13/10/2025)", a Monday)
    # is taken as written: the day, month and year are stated, the weekday is
    # the likelier slip.
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, reference: dt.date | None = None, near: dt.date | None = None) -> FoundDate | None:
    """The date an article states for itself, as Indonesian (or English) news writes it.

    *reference* is the latest date the article can have (its file's date, or
    today).  A date without a year takes the latest year up to it in which its
    weekday matches (``Senin (19/8)`` with a 2024 reference is 19 August 2024);
    with *near*, the date of the articles around it in its file, the matching
    year closest to that instead (an archive of 2019 news read in 2026).

    News dates its report with a weekday, ``Selasa (10/9/2019)``; other dates in
    the text are often background (a birth date, an earlier event).  So the
    first weekday-form date up to *reference* wins; only without one is the
    first other date taken, and then only if it lies within a month before
    *reference*.
    """
    dated: list[FoundDate] = []  # weekday forms
    plain: list[FoundDate] = []  # other forms
    claimed: list[tuple[int, int]] = []  # weekday forms, valid or not: not re-read as bare dates
    lowered = text.translate(_ASCII_LOWER)
    weekday_numeric, day_month, month_day, numeric = _text_date_patterns()
    for m in weekday_numeric.finditer(lowered):
        claimed.append(m.span())
        d = _build(int(m["day"]), int(m["month_num"]), _full_year(m["year"]), m["weekday"], reference, near)
        if d:
            dated.append(FoundDate(d, text[m.start() : m.end()], m.start()))
    for pattern in (day_month, month_day):
        for m in pattern.finditer(lowered):
            month = MONTHS.get(m["month"])
            if month is None:
                continue
            d = _build(int(m["day"]), month, _full_year(m["year"]), m["weekday"], reference, near)
            if d:
                found = FoundDate(d, text[m.start() : m.end()].strip(), m.start())
                (dated if m["weekday"] else plain).append(found)
    for m in numeric.finditer(text):
        if any(a <= m.start() < b for a, b in claimed):
            continue
        d = _build(int(m["day"]), int(m["month_num"]), int(m["year"]), None, reference)
        if d:
            plain.append(FoundDate(d, m.group(0), m.start()))
    if reference is not None:
        dated = [c for c in dated if c.date <= reference]
        plain = [c for c in plain if reference - dt.timedelta(days=31) <= c.date <= reference]
    if dated:
        return min(dated, key=lambda c: c.start)
    return min(plain, key=lambda c: c.start) if plain else None
