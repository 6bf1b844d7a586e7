"""Ranking decisions of the relevance work, checked through search as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import hits, invoke
from warta.analysis import words

FILLER = "Pemeriksaan saksi berlangsung di gedung Merah Putih pada Rabu siang. " * 6


def _index(tmp_path: Path, articles: dict[str, tuple[str, str]]) -> Path:
    corpus = tmp_path / "c"
    corpus.mkdir()
    with (corpus / "berita.jsonl").open("w", encoding="utf-8") as fh:
        for doc_id, (title, body) in articles.items():
            fh.write(json.dumps({"id": doc_id, "title": title, "body": body, "lang": "id"}) + "\n")
    index = tmp_path / "ix"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    return index


def _found(index: Path, query: str) -> list[str]:
    return [str(h["id"]) for h in hits(invoke("search", query, "--index", str(index), "--format", "json"))]


def test_corrected_stems_keep_unrelated_words_apart(tmp_path):
    index = _index(
        tmp_path,
        {
            "ikan": ("Nelayan menangkap ikan tuna", "Hasil tangkapan ikan naik di pelabuhan."),
            "beri": ("Pemerintah berikan bantuan", "Bantuan diberikan kepada korban banjir."),
            "malu": ("Artis mengaku malu", "Ia malu setelah videonya viral."),
            "maluku": ("Gempa guncang Maluku", "Warga Maluku mengungsi ke bukit."),
            "rawan": ("Daerah rawan longsor", "Warga diminta waspada di daerah rawan."),
            "relawan": ("Relawan bantu korban", "Para relawan membagikan makanan."),
            "plural": ("Relawan-relawan tiba di Palu", "Mereka membawa tenda."),
        },
    )
    # Sastrawi alone reads berikan as ber-ikan (fish), Maluku as malu, relawan as rawan
    assert _found(index, "berikan") == ["beri"]
    assert _found(index, "maluku") == ["maluku"]
    assert sorted(_found(index, "relawan")) == ["plural", "relawan"]  # relawan-relawan too
    # the corrections keep the right stems together: berikan ~ diberikan ~ beri
    assert words.analyse_word("berikan", "id")[0][1] == words.analyse_word("diberikan", "id")[0][1]
    assert words.analyse_word("pemilunya", "id")[0][1] == "pemilu"


def test_abbreviations_find_their_full_forms_and_back(tmp_path):
    index = _index(
        tmp_path,
        {
            "short": ("KPK gelar OTT di Lampung", "Bupati Lampung Utara terjaring OTT KPK."),
            "long": ("Operasi tangkap tangan di Medan", "Wali kota terjaring operasi tangkap tangan."),
            "hand": ("Operasi tangan atlet", "Petenis itu menjalani operasi pada tangan kanannya."),
        },
    )
    assert sorted(_found(index, "OTT")) == ["long", "short"]
    found = _found(index, "operasi tangkap tangan")
    assert set(found[:2]) == {"long", "short"}  # the abbreviation counts as the three words
    assert _found(index, "operasi tangkap tangan bupati")[0] == "short"
    assert _found(index, "komisi pemberantasan korupsi") == ["short"]  # only KPK is written there


def test_keyword_queries_of_up_to_eight_words_put_articles_with_every_word_first(tmp_path):
    index = _index(
        tmp_path,
        {
            "all": (
                "Kabar dari KPK",
                "KPK menetapkan Imam Nahrawi tersangka suap dana hibah KONI. " + FILLER,
            ),
            "some": (
                "Dana hibah KONI",
                "Dana hibah KONI. Dana hibah KONI dicairkan. Dana hibah KONI diaudit.",
            ),
        },
    )
    # seven words: summed BM25 lets the article that repeats three of them win (it did with coordination
    # only up to four words)
    assert _found(index, "imam nahrawi tersangka suap dana hibah koni")[0] == "all"


def test_abbreviations_hold_with_every_word_required_and_only_in_capitals_when_ambiguous(tmp_path):
    index = _index(
        tmp_path,
        {
            "long": ("Operasi tangkap tangan kejaksaan", "Jaksa menggelar operasi tangkap tangan di Medan."),
            "usa": ("Amerika Serikat naikkan tarif", "Amerika Serikat menaikkan tarif impor baja."),
            "axle": ("As roda truk patah", "As roda belakang truk patah di tanjakan."),
        },
    )
    found = hits(
        invoke("search", "OTT kejaksaan", "--match", "all", "--index", str(index), "--format", "json")
    )
    assert [h["id"] for h in found] == ["long"]
    assert sorted(_found(index, "AS")) == ["axle", "usa"]  # in capitals: the United States too
    assert _found(index, "as roda") == ["axle"]  # lower-case "as" is only the word
