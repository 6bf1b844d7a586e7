"""Finding an article's pieces: dateline, dates, paragraphs, quotes and speakers."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEED
from warta.analysis import dates, structure

SEED_TEXT = SEED.read_text("utf-8")


def test_seed_dateline_and_outlet():
    line = structure.find_dateline(SEED_TEXT)
    assert (line.outlet, line.place) == ("Holopis.com", "JAKARTA")
    assert SEED_TEXT[line.end :].startswith("Menteri Luar Negeri Amerika Serikat")


@pytest.mark.parametrize(
    ("text", "outlet", "place"),
    [
        ("JAKARTA, KOMPAS.com - Presiden meninjau lokasi banjir.", "KOMPAS.com", "JAKARTA"),
        ("TEMPO.CO, Jakarta - Harga beras naik.", "TEMPO.CO", "Jakarta"),
        ("Jakarta - Polisi menangkap dua orang.", None, "Jakarta"),
        ("Bandar Lampung – Gempa terasa.", None, "Bandar Lampung"),
        # outlets that are not web addresses
        ("JAKARTA, detikcom - Presiden tiba di Istana.", "detikcom", "JAKARTA"),
        ("SURABAYA, ANTARA - Hujan deras turun sejak pagi.", "ANTARA", "SURABAYA"),
        ("Jakarta (ANTARA) - Harga beras naik.", "ANTARA", "Jakarta"),
        ("Jakarta, CNN Indonesia -- Polisi menangkap dua orang.", "CNN Indonesia", "Jakarta"),
        ("LONDON (Reuters) - Shares fell on Monday.", "Reuters", "LONDON"),
        # a country after the place is part of the place, not an outlet
        ("SOFIA, Bulgaria - The government resigned on Tuesday.", None, "SOFIA"),
        ("RAMALLAH, Occupied West Bank - Protests spread.", None, "RAMALLAH"),
        ("Jakarta (Senayan) - Sidang dimulai pagi ini.", None, "Jakarta"),
    ],
)
def test_dateline_forms(text: str, outlet: str | None, place: str | None):
    line = structure.find_dateline(text)
    assert (line.outlet, line.place) == (outlet, place)


def test_no_dateline_in_a_sentence_with_a_dash():
    assert (
        structure.find_dateline("Warga yang tinggal di tepi sungai - sekitar 40 keluarga - mengungsi.")
        is None
    )
    # a weekday after the place is not an outlet
    assert structure.find_dateline("JAKARTA, Senin - Polisi menangkap dua orang.") is None


def test_seed_date_year_from_the_weekday():
    # "Senin (19/8)" has no year; 19 August fell on a Monday in 2024 (and 2019, 2013...):
    # the latest such year not after the reference date is taken.
    found = dates.find_date(SEED_TEXT, reference=dt.date(2026, 11, 25))
    assert (found.date, found.text) == (dt.date(2024, 8, 19), "Senin (19/8)")
    assert dates.find_date(SEED_TEXT, reference=dt.date(2023, 1, 1)).date == dt.date(2019, 8, 19)
    # without a reference there is no year to choose: unknown, not guessed
    assert dates.find_date(SEED_TEXT) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pada Selasa (10/9/2019) dini hari", dt.date(2019, 9, 10)),
        ("kata Dede, Rabu (17/9/2025).", dt.date(2025, 9, 17)),
        ("diumumkan 19 Agustus 2024 lalu", dt.date(2024, 8, 19)),
        ("Senin, 19 Agustus 2024", dt.date(2024, 8, 19)),
        ("on Monday, August 19, 2024", dt.date(2024, 8, 19)),
        ("tertanggal 19/08/2024", dt.date(2024, 8, 19)),
        ("Kamis (19/9) malam", dt.date(2019, 9, 19)),
    ],
)
def test_date_forms(text: str, expected: dt.date):
    # as read from an article published a few days later
    assert dates.find_date(text, reference=expected + dt.timedelta(days=3)).date == expected


def test_background_dates_are_not_the_articles_date():
    text = "Habibie lahir pada 25 Juni 1936 di Parepare. Ia dirawat sejak Sabtu (7/9/2019) lalu."
    found = dates.find_date(text, reference=dt.date(2019, 9, 10))
    assert (found.date, found.text) == (dt.date(2019, 9, 7), "Sabtu (7/9/2019)")
    assert dates.find_date("Habibie lahir pada 25 Juni 1936.", reference=dt.date(2019, 9, 10)) is None


def test_a_stated_full_date_wins_over_a_weekday_that_contradicts_it():
    # 19 September 2019 was a Thursday: the day, month and year are written out, the weekday is the slip
    found = dates.find_date("Senin (19/9/2019)", reference=dt.date(2025, 1, 1))
    assert found is not None and found.date == dt.date(2019, 9, 19)


def test_a_weekday_that_fits_no_year_gives_no_date():
    # 31 February never exists, and 30/2 neither: no year can be inferred
    assert dates.find_date("Senin (30/2)", reference=dt.date(2025, 1, 1)) is None


def test_joined_paragraphs_are_split():
    body = " - Polisi menangkap dua orang di Anambas.,Penangkapan itu hasil pengembangan.,,Keduanya ditahan."
    assert structure.paragraphs(body) == [
        "- Polisi menangkap dua orang di Anambas.",
        "Penangkapan itu hasil pengembangan.",
        "Keduanya ditahan.",
    ]


def test_seed_paragraphs_and_subheadings():
    paragraphs = structure.paragraphs(SEED_TEXT)
    heads = [p for p in paragraphs if structure.is_subheading(p)]
    assert heads == ["Israel dan Hamas Saling Menyalahkan"]
    assert len(paragraphs) == 11


def test_seed_quotes_are_all_by_blinken():
    found = structure.quotes(SEED_TEXT)
    assert len(found) == 3
    assert {q.speaker for q in found} == {"Antony Blinken"}
    assert found[0].text.startswith("Ini adalah momen yang menentukan")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“Kami akan menindak tegas pelakunya,” ujar Kapolres AKBP Budi Santoso.",
            "Kapolres AKBP Budi Santoso",
        ),
        ('"Harga beras masih stabil di pasar," kata Menteri Perdagangan.', "Menteri Perdagangan"),
        ("Menurut Sri Mulyani, “defisit anggaran tetap terjaga tahun ini.”", "Sri Mulyani"),
        ("Joko Widodo mengatakan, “Pembangunan ibu kota jalan terus.”", "Joko Widodo"),
        ("“Tidak ada yang disembunyikan dari publik,” katanya.", None),
    ],
)
def test_speaker_forms(text: str, speaker: str | None):
    assert [q.speaker for q in structure.quotes(text)] == [speaker]


def test_pronoun_forms_refer_to_the_person_last_named():
    text = (
        "Gubernur Anies Baswedan meninjau lokasi. “Kami siapkan pompa di semua titik,” ujar Anies Baswedan. "
        "Ia menambahkan bahwa warga sudah dievakuasi. “Semua aman dan terkendali malam ini,” pungkasnya."
    )
    assert [q.speaker for q in structure.quotes(text)] == ["Anies Baswedan", "Anies Baswedan"]


def test_show_prints_the_article_as_understood(corpus_index):
    import json

    from conftest import invoke

    _, index = corpus_index
    result = invoke("show", "000_1f04c6eb8e8ae419.txt", "--index", str(index), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("id", "source", "dateline", "date", "date_text")} == {
        "id": "000_1f04c6eb8e8ae419.txt",
        "source": "Holopis.com",
        "dateline": "JAKARTA",
        "date": "2024-08-19",
        "date_text": "Senin (19/8)",
    }
    assert data["subheadings"] == ["Israel dan Hamas Saling Menyalahkan"]
    assert data["paragraphs"][0].startswith("Menteri Luar Negeri Amerika Serikat")
    assert [q["speaker"] for q in data["quotes"]] == ["Antony Blinken"] * 3
    # metadata wins over the text: berita-001 has a date field and a source
    meta = json.loads(invoke("show", "berita-001", "--index", str(index), "--format", "json").stdout)
    assert (meta["date"], meta["date_text"], meta["source"]) == ("2019-09-10", None, "Kompas.com")
    text = invoke("show", "000_1f04c6eb8e8ae419.txt", "--index", str(index)).stdout
    assert "dateline    JAKARTA" in text and "— Antony Blinken" in text


def test_show_an_unknown_id_exits_1(corpus_index):
    from conftest import invoke

    _, index = corpus_index
    result = invoke("show", "tidak-ada", "--index", str(index))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"warta: no article with id 'tidak-ada' in {index}"


def test_an_office_then_its_holder_names_the_holder():
    text = "“Kami sudah mengerahkan perahu karet,” kata Kepala Pelaksana BPBD DKI, Isnawa Adji."
    assert [q.speaker for q in structure.quotes(text)] == ["Isnawa Adji"]
    # a weekday after the comma is not a person
    text = "“Kami sudah mengerahkan perahu karet,” kata Kepala BPBD, Senin Pagi."
    assert [q.speaker for q in structure.quotes(text)] == ["Kepala BPBD"]
    # a name followed by a description keeps the name
    text = "“Semua pihak harus menahan diri,” kata Antony Blinken, menteri luar negeri AS."
    assert [q.speaker for q in structure.quotes(text)] == ["Antony Blinken"]


def test_a_quote_then_a_comma_does_not_end_the_paragraph():
    body = "“Kami siap”, kata Blinken. Ia menambahkan bahwa “semua pihak”, termasuk Israel, harus setuju."
    assert structure.paragraphs(body) == [body]
    joined = "Warga mengungsi.”,Polisi berjaga di lokasi.,Keduanya ditahan."
    assert structure.paragraphs(joined) == [
        "Warga mengungsi.”",
        "Polisi berjaga di lokasi.",
        "Keduanya ditahan.",
    ]


def test_hard_wrapped_paragraphs_are_joined_when_blank_lines_separate_them():
    text = (
        "Banjir merendam rumah warga\ndi tiga kecamatan sejak pagi.\n\n"
        "“Kami sudah mengerahkan\nperahu karet,” kata petugas.\n"
    )
    assert structure.paragraphs(text) == [
        "Banjir merendam rumah warga di tiga kecamatan sejak pagi.",
        "“Kami sudah mengerahkan perahu karet,” kata petugas.",
    ]
    # without blank lines, each line is a paragraph
    assert structure.paragraphs("Satu kalimat.\nDua kalimat.") == ["Satu kalimat.", "Dua kalimat."]


def test_a_line_opening_with_a_quote_is_not_a_subheading():
    assert not structure.is_subheading("“Kami ingin damai")
    assert structure.is_subheading("Israel dan Hamas Saling Menyalahkan")


def test_a_pronoun_refers_to_the_person_who_opened_the_sentence_before():
    text = (
        "“Kita kerja,” kata Jokowi. Sri Mulyani hadir dalam rapat. “Anggaran harus hemat,” imbuhnya. "
        "Gubernur Anies Baswedan juga hadir. “Jakarta siap mendukung,” tuturnya. "
        "Menurut Prabowo, “Pertahanan harus kuat,” tegasnya. "
        "Nantinya Satgas Pangan akan turun. “Harga akan stabil,” ujarnya."
    )
    assert [(q.text, q.speaker) for q in structure.quotes(text)] == [
        ("Kita kerja", "Jokowi"),
        ("Anggaran harus hemat", "Sri Mulyani"),
        ("Jakarta siap mendukung", "Gubernur Anies Baswedan"),
        ("Pertahanan harus kuat", "Prabowo"),
        ("Harga akan stabil", "Prabowo"),  # "Nantinya ..." opens no name: the last person named stays
    ]


def test_an_unclosed_quote_mark_does_not_swallow_the_next_paragraph():
    text = (
        "“Kami siap membantu warga, kata Agus.\nPemprov menyiapkan posko. “Bantuan cukup,” ujar Budi Santoso."
    )
    assert [(q.text, q.speaker) for q in structure.quotes(text)] == [("Bantuan cukup", "Budi Santoso")]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ('"This protects our elections," said Senator Smith.', ["Senator Smith"]),
        ('"It is a good day for Britain," Tony Blair told reporters.', ["Tony Blair"]),
        ('Mr Brown said: "The economy is strong and growing."', ["Mr Brown"]),
        ('According to Mr Brown, "the economy is strong and growing".', ["Mr Brown"]),
        ('"We will win this one," said Atletico sporting director Toni Munoz.', ["Toni Munoz"]),
        ('Mr Howard spoke first. "We will not give up the fight," he said.', ["Mr Howard"]),
        # a quote that ends its sentence is not attributed to the next sentence's subject
        ('The Archbishop said: "It is a day of joy." Tony Blair said he was delighted.', ["Archbishop"]),
        ('"The vote was close and hard," the minister said.', [None]),
        ('"And so it goes on and on," And Mr Goodridge said.', ["Mr Goodridge"]),
    ],
)
def test_english_quote_speakers(text: str, speakers: list[str | None]):
    assert [q.speaker for q in structure.quotes(text, "en")] == speakers
