"""Reading every format: where each field comes from, what cannot be read, a record failing alone."""

from __future__ import annotations

import json
from pathlib import Path

import warta
from conftest import hits, ingest_json, invoke, search_ids


def test_every_format_is_read_with_its_metadata(corpus_index):
    _, index = corpus_index
    stats = warta.index_stats(index)
    # seed + banjir.txt + 3 JSONL + 2 CSV + 1 Markdown + 2 JSON
    assert stats.articles == 10
    assert stats.sources["Kompas.com"] == 1
    assert stats.sources["Riau Pos"] == 1

    def one(query: str) -> dict[str, object]:
        found = hits(invoke("search", query, "--index", str(index), "--format", "json"))
        assert len(found) == 1, found
        return found[0]

    txt = one("perahu karet")
    assert (txt["id"], txt["title"], txt["record"]) == (
        "banjir.txt",
        "Banjir Rendam Ribuan Rumah di Jakarta Timur",
        None,
    )

    md = one("kabut asap")
    assert (md["id"], md["title"], md["date"], md["source"], md["lang"]) == (
        "daerah/riau.md", "Kebakaran Hutan Meluas di Riau", "2019-09-12", "Riau Pos", "id",
    )  # fmt: skip
    assert "**" not in md["snippet"]

    csv1 = one("lombok")  # ; delimiter, Indonesian column names, MM/DD/YYYY date
    assert (csv1["id"], csv1["title"], csv1["date"], csv1["url"], csv1["record"]) == (
        "daerah/detik.csv#1", "Gempa Guncang Lombok", "2025-10-21", "https://example.com/gempa", 1,
    )  # fmt: skip
    csv2 = one("karawang")  # quoted cell holding the delimiter; DD/MM/YYYY date
    assert (csv2["id"], csv2["date"], csv2["record"]) == ("daerah/detik.csv#2", "2025-10-21", 2)

    js = one("timnas")  # JSON list with headline/content/published/link
    assert (js["id"], js["title"], js["date"], js["url"]) == (
        "olahraga.json#1", "Timnas Menang Tipis", "2019-09-05", "https://example.com/timnas",
    )  # fmt: skip
    assert one("saham")["id"] == "olahraga.json#2"


def test_field_option_maps_unknown_columns(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "export.csv").write_text(
        "kode,kepala,naskah\nA1,Jembatan Runtuh,Jembatan gantung runtuh.\n", "utf-8"
    )
    index = tmp_path / "ix"
    code, report = ingest_json(str(data), "--index", str(index))
    assert code == 1 and report["added"] == 0
    assert "use --field body=NAME" in report["failures"][0]["reason"]
    code, report = ingest_json(
        str(data),
        "--index",
        str(index),
        "--field",
        "id=kode",
        "--field",
        "title=kepala",
        "--field",
        "body=naskah",
    )
    assert (code, report["added"], report["failed"]) == (0, 1, 0)
    found = hits(invoke("search", "jembatan", "--index", str(index), "--format", "json"))
    assert [(h["id"], h["title"]) for h in found] == [("A1", "Jembatan Runtuh")]


def test_field_option_adds_to_the_usual_names(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("judul,naskah\nSatu,Padi menguning di sawah.\n", "utf-8")
    (data / "b.jsonl").write_text(
        json.dumps({"title": "Dua", "body": "Jagung tumbuh subur."}) + "\n", "utf-8"
    )
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"), "--field", "body=naskah")
    assert (code, report["added"], report["failed"]) == (0, 2, 0)
    assert search_ids(tmp_path / "ix", "padi OR jagung") in (
        ["a.csv#1", "b.jsonl#1"],
        ["b.jsonl#1", "a.csv#1"],
    )


def test_json_envelope_and_single_object(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "feed.json").write_text(
        json.dumps({"status": "ok", "articles": [{"judul": "A", "isi": "Satu dua."}]})
    )
    (data / "one.json").write_text(json.dumps({"id": "solo", "title": "Sendiri", "text": "Tiga empat."}))
    index = tmp_path / "ix"
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["added"]) == (0, 2)
    assert search_ids(index, "satu OR tiga") in (["feed.json#1", "solo"], ["solo", "feed.json#1"])


def test_jsonl_lines_split_only_at_newlines(tmp_path: Path):
    # Real scrapes hold raw U+2028, U+0085 and form feeds inside JSON strings;
    # they must not split a record (id-news has two such lines).
    data = tmp_path / "data"
    data.mkdir()
    odd = {"id": "odd", "title": "Baris Aneh", "body": "satu\u2028dua\x85tiga\x0cempat"}
    plain = {"id": "plain", "title": "Biasa", "body": "lima enam"}
    lines = [json.dumps(odd, ensure_ascii=False), json.dumps(plain)]
    (data / "x.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"))
    assert (code, report["added"], report["failed"]) == (0, 2, 0)
    assert search_ids(tmp_path / "ix", "tiga") == ["odd"]


def test_half_a_surrogate_pair_in_json_is_replaced_not_fatal(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.jsonl").write_text(
        '{"id": "emoji\\ud83d", "title": "Senyum \\ud83d", "body": "wajah tersenyum \\ude00 lebar"}\n',
        "utf-8",
    )
    index = tmp_path / "ix"
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["added"]) == (0, 1)
    found = hits(invoke("search", "tersenyum", "--index", str(index), "--format", "json"))
    assert [(h["id"], h["title"]) for h in found] == [("emoji\ufffd", "Senyum \ufffd")]


def test_tsv_and_ndjson_are_read(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.tsv").write_text(
        "headline\tisi\ttanggal\nSawah Baru\tPetani membuka sawah; hasilnya bagus.\t2019-09-03\n"
    )
    (data / "b.ndjson").write_text(
        json.dumps({"judul": "Kebun Teh", "isi_berita": "Pemetik teh bekerja."}) + "\n"
    )
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"))
    assert (code, report["added"]) == (0, 2)
    found = hits(invoke("search", "sawah OR teh", "--index", str(tmp_path / "ix"), "--format", "json"))
    assert {(h["id"], h["title"], h["date"]) for h in found} == {
        ("a.tsv#1", "Sawah Baru", "2019-09-03"),
        ("b.ndjson#1", "Kebun Teh", None),
    }


def test_a_one_column_csv_whose_header_has_punctuation_stays_one_column(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "satu.csv").write_text("isi (teks)\nBanjir melanda Bekasi.\nGempa di Lombok.\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"), "--field", "body=isi (teks)")
    assert code == 0 and report["added"] == 2 and not report["notices"]


NEWS_PAGE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Banjir Rendam Jakarta Timur - Kabar Kota</title>
<meta property="og:site_name" content="Kabar Kota">
<meta property="og:title" content="Banjir Rendam Ribuan Rumah di Jakarta Timur">
<meta property="article:published_time" content="2024-02-19T08:30:00+07:00">
<link rel="canonical" href="https://kabarkota.example/banjir-jakarta-timur">
</head><body>
<nav><a href="/">Beranda</a> <a href="/politik">Politik</a></nav>
<div class="ads">IKLAN: Promo kredit rumah murah, bunga nol persen!</div>
<article><h1>Banjir Rendam Ribuan Rumah di Jakarta Timur</h1>
<p>JAKARTA – Banjir merendam ribuan rumah warga di Jakarta Timur setelah hujan deras mengguyur
sejak Senin malam. Petugas mengerahkan perahu karet untuk mengevakuasi warga.</p>
<p>“Kami sudah mengerahkan perahu karet ke semua titik,” kata Kepala Pelaksana BPBD DKI, Isnawa Adji.</p>
<p>Sebagian warga memilih bertahan di lantai dua rumah mereka sambil menunggu air surut.</p>
</article>
<aside>Baca juga: Harga cabai naik menjelang Lebaran</aside>
<footer>Hak cipta 2024 Kabar Kota. Semua hak dilindungi.</footer>
</body></html>
"""


def test_saved_news_pages_are_read_without_navigation_or_ads(tmp_path: Path):
    data = tmp_path / "pages"
    data.mkdir()
    (data / "banjir.html").write_text(NEWS_PAGE, "utf-8")
    (data / "kosong.htm").write_text("<html><head><title>Kosong</title></head><body></body></html>", "utf-8")
    index = tmp_path / "ix"
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["added"], report["failed"]) == (1, 1, 1)
    assert report["failures"][0]["reason"] == "no article text found in the page"
    hit = hits(invoke("search", "perahu karet", "--index", str(index), "--format", "json"))[0]
    assert (hit["id"], hit["title"], hit["source"], hit["date"], hit["url"]) == (
        "banjir.html",
        "Banjir Rendam Ribuan Rumah di Jakarta Timur",
        "Kabar Kota",
        "2024-02-19",
        "https://kabarkota.example/banjir-jakarta-timur",
    )
    for boilerplate in ("iklan", "beranda", "cabai", "dilindungi"):
        assert search_ids(index, boilerplate) == [], boilerplate


def test_broken_input_is_reported_with_file_and_line_and_the_rest_indexed(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    good = json.dumps({"id": "ok-1", "title": "Sawah Kering", "body": "Kemarau panjang."})
    (data / "mixed.jsonl").write_text(f'{good}\n{{"id": "broken", \n[1, 2]\n{{"id": "x"}}\n', "utf-8")
    (data / "latin1.txt").write_bytes("Kopi di caf\xe9".encode("latin-1"))
    (data / "empty.md").write_text("", "utf-8")
    index = tmp_path / "ix"
    result = invoke("ingest", str(data), "--index", str(index))
    assert result.exit_code == 1
    assert "mixed.jsonl:2: malformed JSON" in result.stderr
    # records are numbered by non-empty line, so one broken line shifts no id
    assert "mixed.jsonl:3: record 3 is not a JSON object" in result.stderr
    assert "mixed.jsonl:4: record 4: no title or body field" in result.stderr
    assert "empty.md: empty file" in result.stderr
    # Latin-1 text is read, not refused, and the guess is said
    assert "warta: note: " in result.stderr and "latin1.txt: not UTF-8: read as cp1252" in result.stderr
    assert "2 added" in result.stdout and "4 failed" in result.stdout
    assert "Traceback" not in result.output
    assert search_ids(index, "kemarau") == ["ok-1"]
    assert search_ids(index, "café") == ["latin1.txt"]


def test_a_broken_line_keeps_only_its_own_article(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    records = [{"id": f"j{i}", "title": f"Judul {i}", "body": f"kata{i} isi"} for i in range(1, 5)]
    path = data / "d.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    # j2's line breaks, j4 is removed
    lines = [json.dumps(records[0]), '{"id": "j2", "title": ', json.dumps(records[2])]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["deleted"], report["failed"]) == (1, 1, 1)
    assert search_ids(index, "kata2") == ["j2"]  # kept: its record failed to read
    assert search_ids(index, "kata4") == []  # deleted: its file was read and no longer has it
    # the failure is reported again on the next run, until it is fixed
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["failed"], report["unchanged"]) == (1, 1, 2)
    path.write_text("\n".join([lines[0], lines[2]]) + "\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["failed"], report["deleted"]) == (0, 0, 1)
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["failed"], report["unchanged"]) == (0, 0, 2)


def test_a_stray_quote_in_a_csv_fails_the_file_and_deletes_nothing(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    rows = ["judul,isi", "Satu,padi kuning", "Dua,jagung hijau", "Tiga,kedelai coklat", "Empat,ubi ungu"]
    (data / "t.csv").write_text("\n".join(rows) + "\n", "utf-8")
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    rows[2] = 'Dua,"jagung hijau'
    (data / "t.csv").write_text("\n".join(rows) + "\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["deleted"], report["failed"]) == (1, 0, 1)
    assert "never closed" in report["failures"][0]["reason"]
    assert search_ids(index, "ubi") == ["t.csv#4"]
