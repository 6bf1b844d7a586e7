"""Bytes to text: files in other encodings, mixed ones, mojibake, and data that is not text at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bad_corpus import build
from conftest import ingest_report, invoke
from warta import engine
from warta.corpus.decoding import LineDecoder, NotTextError, decode_whole, repair_mojibake


def test_windows_1252_is_read_with_its_curly_quotes_and_said_so():
    text, note = decode_whole("“Kami takut,” kata Ahmad di café itu.".encode("cp1252"))
    assert text == "“Kami takut,” kata Ahmad di café itu."
    assert note == "not UTF-8: read as cp1252"


def test_utf8_with_or_without_a_byte_order_mark_needs_no_note():
    assert decode_whole("Harga cabai naik".encode("utf-8-sig")) == ("Harga cabai naik", None)
    assert decode_whole(b"Harga cabai naik") == ("Harga cabai naik", None)


def test_utf16_is_recognised_by_its_byte_order_mark():
    text, note = decode_whole("Harga Cabai Naik".encode("utf-16"))
    assert (text, note) == ("Harga Cabai Naik", "read as UTF-16")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.4 laporan", "this is a PDF document"),
        (b"\x1f\x8b\x08\x00" + bytes(60), "a gzip archive; decompress it first"),
        (bytes(range(8)) * 40, "binary data, not text"),
    ],
)
def test_binary_data_is_named_not_read(data: bytes, says: str):
    with pytest.raises(NotTextError, match=says):
        decode_whole(data)


def test_lines_of_a_mixed_file_are_each_read_in_their_own_encoding():
    decoder = LineDecoder()
    assert decoder.decode("kopi café".encode(), 1) == "kopi café"
    assert decoder.decode("teh café".encode("latin-1"), 2) == "teh café"
    assert decoder.note() == "mixed encodings: 1 line(s) read as cp1252 (the first here), 1 as UTF-8"


def test_mojibake_is_mended_and_clean_text_left_alone():
    assert (
        repair_mojibake("â€œKami takut,â€\x9d kata Ahmad di cafÃ© itu.")
        == "“Kami takut,” kata Ahmad di café itu."
    )
    assert repair_mojibake("Kecamatan¬†Sumur") == "Kecamatan\xa0Sumur"  # Mac Roman, as in id-news
    assert repair_mojibake("harga naik 5 persen") == "harga naik 5 persen"


def test_text_in_other_encodings_reads_as_written(tmp_path: Path):
    corpus = tmp_path / "corpus"
    build(corpus)
    index = tmp_path / "ix"
    ingest_report(corpus, index)
    ix = engine.open_index(index)
    assert "\u201cKami takut,\u201d" in str(ix.stored("cp1252.txt")["body"])  # the quotes, not Ã¢â‚¬
    assert "café" in str(ix.stored("latin1.md")["body"]) and "Málaga" in str(ix.stored("latin1.md")["body"])
    assert "café" in str(ix.stored("campur-1")["body"]) and "café" in str(ix.stored("campur-2")["body"])
    assert "café itu berkata “enak”" in str(ix.stored("mojibake-1")["body"])
    assert "Kecamatan\xa0Sumur diperiksa Dr Filemón – dokter" in str(ix.stored("mojibake-2")["body"])
    assert str(ix.stored("utf16.tsv#1")["title"]) == "Harga Cabai Naik"
    assert str(ix.stored("bom.csv#1")["title"]) == "Panen Raya"
    found = invoke("search", "café", "--index", str(index), "--format", "json", "--no-collapse")
    assert {h["id"] for h in json.loads(found.stdout)["hits"]} >= {
        "latin1.md",
        "campur-1",
        "campur-2",
        "mojibake-1",
    }
