"""Dates as warta reads them: in a record's metadata, in a query, and in an article's text.

`parse_date` reads a date field.  Accepted forms: ISO 8601 (``2019-09-10``, ``2019-09-10T21:48:00+07:00``),
``YYYY/M/D``, ``D/M/YYYY`` (also with ``-`` or ``.``), ``19 Agustus 2024``,
``August 19, 2024`` and ``19 Aug 2024``, each optionally followed by a time.
A ``D/M/YYYY`` date whose numbers could both be a month (``03/04/2021``) is
read day first, as Indonesian (and most non-US) writing has it, unless the
caller knows the file writes month first (`slash_order` tells what one value
shows; ingest settles the order per file from the values whose numbers tell).
Anything else is *unknown*: a date is never guessed.

`parse_period` reads a year, a month or a day as given to ``--since``,
``--until`` and ``date:`` in a query.

`find_date` finds the date an article states for itself in its text
(``Selasa (10/9/2019)``); a date without a year gets one from the dates of
the articles around it, from a year the text writes, or from its weekday.
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


def slash_order(value: object) -> str | None:
    """Which comes first in a ``D/M/YYYY`` or ``M/D/YYYY`` date, as far as its own numbers tell.

    ``"day"`` for ``21/10/2025``, ``"month"`` for ``10/21/2025``, ``""`` when
    either could be the month (``03/04/2021``), None when *value* is no such date.
    """
    m = _SLASH.match(str(value).strip()) if value is not None else None
    if m is None:
        return None
    first, second = int(m[1]), int(m[2])
    if first > 12 >= second:
        return "day"
    if second > 12 >= first:
        return "month"
    return "" if first <= 12 and second <= 12 else None


def parse_date(value: object, *, month_first: bool = False) -> dt.date | None:
    """Return the date in *value*, or ``None`` when it is absent or unclear.

    *month_first* reads ``03/04/2021`` as 4 March (a file written by US-made
    tools); by default it is 3 April.  A date whose numbers settle the order
    (``10/21/2025``, ``21/10/2025``) is read as they do either way.
    """
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
        if b > 12 or (month_first and a <= 12):
            return _make(year, a, b)
        return _make(year, b, a)
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

OLDEST = dt.date(1900, 1, 1)  # no date warta reads, from a record or a text, is older

# The date patterns run on the text with ASCII letters lowercased (`_ASCII_LOWER`:
# same length, so offsets hold) and start at a word boundary: Python's re tries an
# alternation of names at every position, and case-insensitive matching and
# mid-word starts made reading dates cost 2 ms per article.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# The parts of a date stay on one line: "Saturday, 26 February" over a blank line
# from "1400 GMT" is a date and a kick-off time, not the year 1400.
_GAP = r"[^\S\n]+"
# A four-digit number followed by a time zone is a clock time ("1400 GMT", "2000 BST",
# "0800 hours"; "14.00 WIB" has no four digits to take).  Not "jam": "Sabtu, 31 Desember
# 2016 Jam 08.00" is a year and then the hour.
# A clock's zone after four digits ("1400 GMT"): not a year.  Not Indonesia's zones (WIB, WITA,
# WIT): Indonesian writes a time with a point ("14.00 WIB"), and "19 Agustus 2019 WIB" is a year.
_CLOCK = r"(?![^\S\n]*(?:gmt|bst|utc|cet|cest|est|edt|cst|pst|pdt|hrs|hours|h)\b)"
_YEAR = r"(?P<year>\d{4})(?!\d)" + _CLOCK
_WEEKDAY_LEAD = r"(?:" + _WEEKDAY + r",?" + _GAP + r")?"  # "Senin, " or "Saturday "


@cache
def _text_date_patterns() -> tuple[re.Pattern[str], ...]:
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
            r"\b" + _WEEKDAY_LEAD + r"(?P<day>\d{1,2})" + _GAP + _MONTH + r"(?:" + _GAP + _YEAR + r")?\b"
        ),
        # "August 19, 2024", "Monday, August 19, 2024"
        re.compile(r"\b" + _WEEKDAY_LEAD + _MONTH + _GAP + r"(?P<day>\d{1,2})(?:,[^\S\n]*" + _YEAR + r")?\b"),
        # "19/08/2024" standing alone
        re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month_num>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    )


@cache
def _year_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A year the text writes: after a month ("Oktober 2017"), or standing alone ("pada 2015")."""
    return (
        re.compile(r"\b" + _MONTH + _GAP + _YEAR + r"\b"),
        # not inside a number, a name or a path ("Rp2.019", "TM2000", "/2016/"), not a
        # decade ("1990-an", "1930s"), not a decimal or a clock time ("2014.00", "1400 GMT")
        re.compile(r"(?<![\w.,/:+-])(?P<year>(?:19|20)\d\d)(?!\w|[.,:/]\d|-an\b)" + _CLOCK),
        # what a standing year must not follow: a law's number ("UU Nomor 7 Tahun 2011"),
        # a clock's word ("at 1930", "pukul 2000"), the start of a range ("2019 – 2024")
        re.compile(r"(?:\b(?:no|nomor|nomer)\.?\s*\S+\s+tahun|\b(?:at|pukul|jam|from)|\d{4}\s*[–—-])\s*$"),
    )


@dataclass(slots=True, frozen=True)
class FoundDate:
    date: dt.date
    text: str  # the words it was read from, as written
    start: int  # offset in the text
    # the year was chosen by the weekday alone, as the latest that fits: no year written in the
    # text and no neighbour to go by (a guess, not to be passed on to the next article)
    guessed: bool = False


@dataclass(slots=True)
class _Written:
    """A date as the text writes it, its year not yet settled when the text leaves it out."""

    day: int
    month: int
    year: int | None  # None: not written, or a number that cannot be a year here
    weekday: int | None
    start: int
    text: str


def _fits(day: int, month: int, year: int, weekday: int, latest: dt.date) -> bool:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return False
    return date.weekday() == weekday and OLDEST <= date <= latest


def _year_from_weekday(
    day: int, month: int, weekday: int, latest: dt.date, near: dt.date | None = None
) -> int | None:
    """The year, not after *latest*, in which day/month falls on *weekday*.

    The latest such year, or with *near* (the date of the articles around
    this one) the one closest to it.  Weekdays repeat every 5, 6 or 11 years,
    so the search looks back 11 years from *latest* (and around *near*).
    """
    top = latest.year
    bottom = max(OLDEST.year, min(top, near.year if near else top) - 11)
    years = [y for y in range(top, bottom - 1, -1) if _fits(day, month, y, weekday, latest)]
    if not years:
        return None
    if near is None:
        return years[0]
    return min(years, key=lambda y: abs((dt.date(y, month, day) - near).days))


def _read_year(text: str | None, latest: dt.date) -> int | None:
    """The year a date's last number stands for, or None when it cannot be one.

    Two digits are this century's up to *latest*; from 50 up the last
    century's (``/19`` 2019, ``/98`` 1998); below 50 and after *latest* they
    are this century's, a date after the article's, not taken (``/26`` in
    2025 is not 1926).  A number before 1900 is not a year (a clock
    time, a cut-off number: ``201``): the date is read without it.  A year
    after *latest* is returned: the date it makes is after the article's, and
    not taken.
    """
    if not text:
        return None
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= latest.year or year < 50 else 1900
    return year if year >= OLDEST.year else None


class _TextYears:
    """The years an article writes, to give a date without one its year.

    *dated*: years written in a date or after a month (``3 Juli 2013``,
    ``Rabu (5/9/2018)``, ``Oktober 2017``); *alone*: other years
    (``pada 2015``, ``tahun emisi 2016``), weaker evidence, as news names
    past years for background and coming ones for plans.
    """

    def __init__(self, lowered: str, written: list[_Written], latest: dt.date) -> None:
        at_year: dict[int, int] = {}  # where a dated year's digits start -> the year
        self.newest_date: dt.date | None = None  # the newest full date written, not after latest
        for w in written:
            if w.year is None or w.year > latest.year:
                continue
            at_year[w.start] = w.year  # keyed by the date's start: counted once with its month
            date = _make(w.year, w.month, w.day)
            if date and date <= latest and (self.newest_date is None or date > self.newest_date):
                self.newest_date = date
        month_year, alone, not_after = _year_patterns()
        dated_digits: set[int] = set()
        for m in month_year.finditer(lowered):
            year = _read_year(m["year"], latest)
            if year is not None and year <= latest.year:
                dated_digits.add(m.start("year"))
                if not any(w.start <= m.start() < w.start + len(w.text) for w in written if w.year):
                    at_year[m.start()] = year
        self.dated = sorted(at_year.items())
        self.alone: list[tuple[int, int]] = []
        for m in alone.finditer(lowered):
            start = m.start("year")
            if start in dated_digits or not_after.search(lowered, max(0, start - 30), start):
                continue
            if any(w.start <= start < w.start + len(w.text) for w in written if w.year):
                continue  # the year of a date already counted
            year = int(m["year"])
            if year <= latest.year:
                self.alone.append((start, year))

    @staticmethod
    def _likeliest(mentions: list[tuple[int, int]], fits: set[int], at: int) -> int | None:
        """Of the mentioned years in *fits*, the one written most often, then nearest *at*."""
        counts: dict[int, int] = {}
        distance: dict[int, int] = {}
        for start, year in mentions:
            if year in fits:
                counts[year] = counts.get(year, 0) + 1
                distance[year] = min(distance.get(year, abs(start - at)), abs(start - at))
        if not counts:
            return None
        return max(counts, key=lambda y: (counts[y], -distance[y]))

    def year_for(self, w: _Written, latest: dt.date) -> int | None:
        """A year written in a date, in which *w* falls on its weekday."""
        assert w.weekday is not None
        fits = {y for _, y in self.dated if _fits(w.day, w.month, y, w.weekday, latest)}
        return self._likeliest(self.dated, fits, w.start)

    def newest_alone_year_for(self, w: _Written, latest: dt.date) -> int | None:
        """The newest year the text names, when it stands alone and *w* falls on its weekday in it.

        Only the newest: a bare year older than another the text names is
        background ("won the title in 1994" in a 2005 preview).
        """
        assert w.weekday is not None
        years = [y for _, y in self.alone] + [y for _, y in self.dated]
        if not self.alone or max(years) != max(y for _, y in self.alone):
            return None
        newest = max(years)
        return newest if _fits(w.day, w.month, newest, w.weekday, latest) else None


def _settle_year(
    w: _Written, years: _TextYears | None, latest: dt.date, near: dt.date | None, previous: dt.date | None
) -> tuple[int | None, bool]:
    """The year of a date written with a weekday and without one (``Selasa (27/10)``), or None.

    Only a year up to *latest* in which the day falls on its weekday, chosen
    in this order:

    1. the one nearest the dates of the articles around it in its file
       (*near*): an archive's neighbours date it better than its text, which
       names birth dates and past events whose weekday may agree by chance;
    2. a year the text writes in its dates (``3 Juli 2013``, ``Oktober 2017``),
       the one written most often, then the nearest;
    3. the newest year the text names, standing alone (``pada tahun 2015``);
    4. the one nearest the newest full date the text writes (a fact check
       quoting a report of ``17 Januari 2016`` about a ``Selasa (24/11)``);
    5. the one nearest *previous*, the date the text of the article before
       it in its file gives (exports are written in order);
    6. the latest (a guess: the second value is True).
    """
    assert w.weekday is not None
    if near is not None or years is None:
        return _year_from_weekday(w.day, w.month, w.weekday, latest, near), near is None
    year = years.year_for(w, latest)
    if year is None:
        year = years.newest_alone_year_for(w, latest)
    if year is None:
        anchor = years.newest_date or previous
        return _year_from_weekday(w.day, w.month, w.weekday, latest, anchor), anchor is None
    return year, False


def _written_dates(text: str, lowered: str, latest: dt.date) -> list[_Written]:
    """Every date the text writes, in the forms `_text_date_patterns` knows."""
    found: list[_Written] = []
    claimed: list[tuple[int, int]] = []  # weekday forms, valid or not: not re-read as bare dates
    weekday_numeric, day_month, month_day, numeric = _text_date_patterns()

    def add(m: re.Match[str], month: int) -> None:
        name = m.groupdict().get("weekday")
        weekday = WEEKDAYS[name] if name else None
        written = text[m.start() : m.end()].strip()
        found.append(
            _Written(int(m["day"]), month, _read_year(m["year"], latest), weekday, m.start(), written)
        )

    for m in weekday_numeric.finditer(lowered):
        claimed.append(m.span())
        add(m, int(m["month_num"]))
    for pattern in (day_month, month_day):
        for m in pattern.finditer(lowered):
            month = MONTHS.get(m["month"])
            if month is not None:
                add(m, month)
    for m in numeric.finditer(lowered):
        if not any(a <= m.start() < b for a, b in claimed):
            add(m, int(m["month_num"]))
    return found


def find_date(
    text: str, reference: dt.date | None = None, near: dt.date | None = None, previous: dt.date | None = None
) -> FoundDate | None:
    """The date an article states for itself, as Indonesian (or English) news writes it.

    *reference* is the latest date the article can have (its file's date, or
    today); no date after it, or after today, or before 1900 is taken.  A
    number only counts as a date's year on the date's own line, not as a
    clock time (``1400 GMT``), and between 1900 and *reference*.

    A date without a year (``Selasa (27/10)``) is only taken with a weekday,
    and only in a year in which the day falls on that weekday: the one
    nearest *near* (the dates of the articles around it in its file), else
    one the text writes in its other dates, else the newest year it names
    standing alone, else the one nearest the newest full date it writes,
    else the one nearest *previous* (the date the text of the article before
    it gives), else the latest up to *reference* (`_settle_year`).  Without a reference
    a date without a year stays unknown.

    News dates its report with a weekday, ``Selasa (10/9/2019)``; other dates in
    the text are often background (a birth date, an earlier event).  So the
    first weekday-form date up to *reference* wins; only without one is the
    first other date taken, and then only if it lies within a month before
    *reference*.
    """
    today = dt.date.today()
    latest = min(reference, today) if reference is not None else today
    lowered = text.translate(_ASCII_LOWER)
    written = _written_dates(text, lowered, latest)
    years: _TextYears | None = None
    dated: list[FoundDate] = []  # weekday forms
    plain: list[FoundDate] = []  # other forms
    for w in written:
        year = w.year
        guessed = False
        if year is None:
            if w.weekday is None or reference is None:
                continue  # no year and nothing to fix one: unknown, never guessed
            if years is None and near is None:  # the text's years are read only when needed
                years = _TextYears(lowered, written, latest)
            year, guessed = _settle_year(w, years, latest, near, previous)
            if year is None:
                continue
        # A full date whose weekday does not fit ("Minggu (13/10/2025)", a Monday)
        # is taken as written: the day, month and year are stated, the weekday is
        # the likelier slip.
        date = _make(year, w.month, w.day)
        if date is None or date > latest:
            continue
        (plain if w.weekday is None else dated).append(FoundDate(date, w.text, w.start, guessed))
    if reference is not None:
        plain = [c for c in plain if latest - dt.timedelta(days=31) <= c.date]
    if dated:
        return min(dated, key=lambda c: c.start)
    return min(plain, key=lambda c: c.start) if plain else None
