"""Dates read right: a year only where one is written, a missing year from the article itself, bounds.

The texts are short and made up for these tests; each exercises one rule of
`warta.analysis.dates` or of how ingest bounds a record's date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

import warta
from conftest import ingest_json
from warta.analysis import dates
from warta.corpus import discover, read, read_file
from warta.model import Article, Notice

D = dt.date


def found(text: str, reference: dt.date | None, near: dt.date | None = None) -> dt.date | None:
    result = dates.find_date(text, reference=reference, near=near)
    return result.date if result else None


# -- a year only from a number that reads as one, where it stands ------------------------------


def test_a_clock_time_on_the_next_line_is_not_a_year():
    # a match preview: the kick-off time stands under the date
    text = "Stade de France, Paris\n\nSaturday, 26 February\n\n1600 GMT\n\nBBC1 and this website"
    result = dates.find_date(text, reference=D(2005, 3, 1))
    assert result is not None
    assert (result.date, result.text) == (D(2005, 2, 26), "Saturday, 26 February")


@pytest.mark.parametrize(
    "text",
    [
        "Saturday, 26 February 1400 GMT, Murrayfield",  # on the same line, with its time zone
        "Kick-off on Saturday 26 February at 2000 BST.",  # "at": a time, and a zone
        "Sabtu, 26 Februari 14.00 WIB di Jakarta",  # Indonesian clock: no four digits
    ],
)
def test_a_clock_time_after_the_date_is_not_its_year(text: str):
    # 26 February 2005 was a Saturday; 2000 (in range) must not be read as the year either
    assert found(text, reference=D(2005, 3, 1)) == D(2005, 2, 26)


def test_a_year_then_the_hour_is_still_a_year():
    assert found("acara pada Sabtu, 31 Desember 2016 Jam 08.00 di Masjid", D(2026, 1, 1)) == D(2016, 12, 31)


def test_a_number_before_1900_is_not_a_year():
    # a cut-off "/201": the date is read without it, its weekday gives the year
    assert found("kata Budi, Senin (19/8/201).", D(2019, 8, 25)) == D(2019, 8, 19)
    assert found("Senin (19/8/1850)", D(2019, 8, 25)) == D(2019, 8, 19)


def test_a_year_after_the_reference_is_not_taken():
    assert found("Senin, 19 Agustus 2030 pukul 10.00", D(2025, 1, 1)) is None
    assert found("Senin, 19 Agustus 2024 pukul 10.00", D(2025, 1, 1)) == D(2024, 8, 19)


def test_two_digit_years():
    assert found("Senin (19/8/19)", D(2020, 1, 1)) == D(2019, 8, 19)
    assert found("Rabu (19/8/98)", D(2020, 1, 1)) == D(1998, 8, 19)
    # "/26" read in 2025 is a date after the article's, not 1926 (a Tuesday, not a Monday)
    assert found("Jakarta, Senin (5/1/26) -", D(2025, 6, 1)) is None


def test_a_year_before_an_indonesian_time_zone_is_a_year():
    # Indonesian writes its clock with a point ("14.00 WIB"): four digits before WIB are a year
    assert found("Senin, 19 Agustus 2019 WIB", D(2025, 6, 1)) == D(2019, 8, 19)
    assert found("Rabu, 2 Oktober 2013 WIB", D(2025, 6, 1)) == D(2013, 10, 2)


# -- a year-less date takes its year from the article itself -----------------------------------


def test_the_year_a_text_writes_in_its_dates_where_the_weekday_agrees():
    # read in 2026, a fact check of 2015: 27 October was a Tuesday in 2015 (and 2020, 2026)
    text = (
        "Jokowi berpidato di Brookings hari Selasa (27/10). "
        "Video itu diunggah pada 31 Oktober 2015 dan dibahas lagi pada Maret 2018."
    )
    assert found(text, D(2026, 12, 6)) == D(2015, 10, 27)
    # without that year the latest fitting year is taken, as before
    assert found("Jokowi berpidato di Brookings hari Selasa (27/10).", D(2026, 12, 6)) == D(2026, 10, 27)


def test_of_two_fitting_years_the_one_written_most_often():
    # 2 April was a Tuesday in 2019 and in 2024
    text = "kata Tito, Selasa (2/4). Survei April 2019 dan laporan Maret 2019; rencana Mei 2024."
    assert found(text, D(2026, 1, 1)) == D(2019, 4, 2)


def test_the_newest_year_standing_alone():
    text = "Ledakan tambahan terjadi pada Sabtu, 15 Agustus. Ledakan itu terjadi di Tianjin pada 2015 lalu."
    assert found(text, D(2026, 12, 6)) == D(2015, 8, 15)


def test_an_older_year_standing_alone_is_background():
    # 26 February 1994 was a Saturday, but the text names 2001 too: 1994 is history
    text = "Saturday, 26 February\n\nThey last won the title in 1994, and won here in 1999 and 2001."
    assert found(text, D(2005, 3, 1)) == D(2005, 2, 26)


@pytest.mark.parametrize(
    "text",
    [
        "Sesuai UU Nomor 7 Tahun 2011, kata Eddy, Rabu (21/12).",  # a law's year
        "kata Eddy, Rabu (21/12), soal periode 2008 – 2011.",  # the end of a range
    ],
)
def test_a_law_or_the_end_of_a_range_does_not_give_a_year(text: str):
    # 21 December was a Wednesday in 2011 and 2022: 2011 must not be taken from these
    assert found(text, D(2026, 12, 6)) == D(2022, 12, 21)


def test_a_range_gives_its_first_year():
    # "Capres 2019 – 2024": 2 April was a Tuesday in both; the range's end is not a statement
    assert found("Deklarasi Capres 2019 – 2024 dibantah, Selasa (2/4).", D(2026, 1, 1)) == D(2019, 4, 2)


def test_a_year_nearest_the_texts_newest_full_date():
    # 24 November 2016 was a Thursday: the Tuesday 24 November nearest the report is 2015's
    text = "Tablig akbar direncanakan 17 Januari 2016. Belum ada rekomendasi, ujar Ali, Selasa (24/11)."
    assert found(text, D(2026, 12, 6)) == D(2015, 11, 24)


def test_the_neighbours_win_over_a_birth_date():
    # 21 September was a Saturday in 1991 and in 2019: in an archive of 2019 news the
    # neighbouring articles' dates decide, not the birth date the text happens to write
    text = "Vanessa mengunggah foto, Sabtu (21/9). Wanita kelahiran 21 Desember 1991 itu menantang netizen."
    assert found(text, D(2026, 12, 6), near=D(2019, 9, 18)) == D(2019, 9, 21)
    # without neighbours the text's own year is all there is
    assert found(text, D(2026, 12, 6)) == D(1991, 9, 21)


def test_a_date_without_weekday_or_year_stays_unknown():
    assert found("Festival digelar 20 Agustus. Tiket dijual sejak 2005.", D(2005, 8, 30)) is None


# -- never after the reference or today, never before 1900 --------------------------------------


def test_never_after_today_even_with_a_later_reference():
    today = dt.date.today()
    got = found("kata Budi, Senin (19/8).", D(today.year + 50, 1, 1))
    assert got is not None and got <= today and got.weekday() == 0
    assert found("pada 1 Juni 2999", None) is None
    assert found(f"pada Senin, 1 Juni {today.year + 1}", None) is None


# -- dates in a record's fields -----------------------------------------------------------------


def test_slash_dates_are_day_first_unless_the_numbers_or_the_caller_say_otherwise():
    assert dates.parse_date("03/04/2021") == D(2021, 4, 3)
    assert dates.parse_date("03/04/2021", month_first=True) == D(2021, 3, 4)
    assert dates.parse_date("21/10/2025 20:43") == D(2025, 10, 21)
    assert dates.parse_date("10/21/2025 20:43") == D(2025, 10, 21)  # either way: 21 is no month
    assert dates.parse_date("21/10/2025", month_first=True) == D(2025, 10, 21)


@pytest.mark.parametrize(
    ("value", "order"),
    [
        ("21/10/2025", "day"),
        ("10/21/2025 20:43", "month"),
        ("03/04/2021", ""),
        ("2021-04-03", None),
        (None, None),
    ],
)
def test_slash_order(value: object, order: str | None):
    assert dates.slash_order(value) == order


def _csv(folder: Path, name: str, rows: list[str]) -> Path:
    path = folder / name
    body = "".join(f"Judul {i};Isi berita nomor {i} tentang banjir.;{date}\n" for i, date in enumerate(rows))
    path.write_text("judul;isi_berita;tanggal\n" + body, "utf-8")
    return path


def _dates_read(path: Path) -> list[dt.date | None]:
    return [item.date for item in read_file(discover([path]).files[0]) if isinstance(item, Article)]


def test_a_files_slash_dates_are_read_in_the_order_it_shows(tmp_path: Path):
    # the first rows could be read either way; the third shows the file writes month first
    month_first = _csv(
        tmp_path, "us.csv", ["03/04/2021", "05/06/2021 10:00", "10/21/2025 20:43", "07/08/2022"]
    )
    assert _dates_read(month_first) == [D(2021, 3, 4), D(2021, 5, 6), D(2025, 10, 21), D(2022, 7, 8)]
    day_first = _csv(tmp_path, "id.csv", ["03/04/2021", "21/10/2025", "07/08/2022"])
    assert _dates_read(day_first) == [D(2021, 4, 3), D(2025, 10, 21), D(2022, 8, 7)]
    unsettled = _csv(tmp_path, "open.csv", ["03/04/2021", "07/08/2022"])
    assert _dates_read(unsettled) == [D(2021, 4, 3), D(2022, 8, 7)]  # nothing shows it: day first


def test_records_held_for_the_order_are_let_go_after_a_while(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(read, "HOLD", 2)
    path = _csv(tmp_path, "long.csv", ["03/04/2021", "05/06/2021", "07/08/2021", "10/21/2025"])
    # the first two were let go, read day first: from then on the whole file is read day first,
    # so that one file is never read in two orders (10/21/2025 can only be month first)
    assert _dates_read(path) == [D(2021, 4, 3), D(2021, 6, 5), D(2021, 8, 7), D(2025, 10, 21)]


def test_impossible_date_fields_are_left_out_with_a_notice(tmp_path: Path):
    records = [
        {
            "id": "old",
            "title": "Rapat",
            "body": "Rapat digelar Selasa (10/9/2019) di Jakarta.",
            "date": "1753-01-01",
        },
        {"id": "future", "title": "Rapat", "body": "Tanpa tanggal di teks.", "date": "2099-05-01"},
        {"id": "good", "title": "Rapat", "body": "Rapat lain.", "date": "2019-09-11"},
    ]
    path = tmp_path / "berita.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    items = list(read_file(discover([path]).files[0]))
    by_id = {item.id: item for item in items if isinstance(item, Article)}
    assert [by_id[k].date for k in ("old", "future", "good")] == [None, None, D(2019, 9, 11)]
    # the text is read instead, bounded by the file's date
    assert by_id["old"].date_latest is not None and by_id["old"].date_latest <= dt.date.today()
    notices = [item for item in items if isinstance(item, Notice)]
    assert len(notices) == 1 and notices[0].reason.startswith("2 date field(s) before 1900")


def test_a_date_field_after_the_files_date_is_kept(tmp_path: Path):
    # a file's time is not always its date (an archive unpacked with old times): only today bounds a field
    path = tmp_path / "berita.jsonl"
    path.write_text(
        json.dumps({"id": "a", "title": "Rapat", "body": "Isi.", "date": "2019-09-11"}) + "\n", "utf-8"
    )
    _file_dated(path, D(1990, 1, 1))
    (article,) = [item for item in read_file(discover([path]).files[0]) if isinstance(item, Article)]
    assert article.date == D(2019, 9, 11)


def test_an_undated_record_takes_its_year_from_the_text_dates_of_the_records_before_it(tmp_path: Path):
    # an export in order, without date fields: the first two state their year, the third only a weekday
    records = [
        {"id": "1", "title": "A", "body": "Jakarta, Selasa (10/11/2015) - Rapat digelar."},
        {"id": "2", "title": "B", "body": "Jakarta, Kamis (12/11/2015) - Rapat lagi."},
        {"id": "3", "title": "C", "body": "Kantor berita itu, Jumat (20/11) menyebut penyerang ditangkap."},
    ]
    data = tmp_path / "data"
    data.mkdir()
    (data / "hoaks.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    ingest_json(str(data), "--index", str(tmp_path / "ix"))
    # 20 November was a Friday in 2015, 2020 and 2026: the latest fitting year would be a guess
    assert warta.show("3", tmp_path / "ix").date == D(2015, 11, 20)


# -- through ingest ------------------------------------------------------------------------------


def _file_dated(path: Path, day: dt.date) -> None:
    stamp = dt.datetime(day.year, day.month, day.day, 12).timestamp()
    os.utime(path, (stamp, stamp))


def test_ingest_reads_a_preview_dated_by_its_file_not_its_kick_off(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    preview = corpus / "preview.txt"
    preview.write_text(
        "Scotland v Italy (Sat)\n\nMurrayfield\n\nSaturday, 26 February\n\n1400 GMT\n\nA preview."
    )
    _file_dated(preview, D(2005, 3, 1))  # saved after the match (a file dated before it bounds it there)
    code, report = ingest_json(str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 0 and report["added"] == 1
    shown = warta.show("preview.txt", tmp_path / "ix")
    assert shown is not None
    assert (shown.date, shown.date_text) == (D(2005, 2, 26), "Saturday, 26 February")


def test_ingest_replaces_an_impossible_date_field_by_the_texts(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    claim = "Kabar itu hoaks, kata Tito, Selasa (27/10). Pidato 31 Oktober 2015."
    rows = [
        {"id": "a", "title": "Klarifikasi", "body": claim, "date": "1753-01-01"},
        {"id": "b", "title": "Banjir", "body": "Banjir di Jakarta.", "date": "03/04/2021"},
    ]
    (corpus / "cek.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    report = warta.ingest([corpus], tmp_path / "ix")
    assert report.added == 2 and any("date field(s)" in n.reason for n in report.notices)
    a, b = warta.show("a", tmp_path / "ix"), warta.show("b", tmp_path / "ix")
    assert a is not None and b is not None
    assert (a.date, a.date_text) == (D(2015, 10, 27), "Selasa (27/10)")
    assert b.date == D(2021, 4, 3)  # day first: nothing in the file says otherwise
