"""Ingest: every reader format, incremental updates, failures, locking, rebuild."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import warta
from conftest import JSONL_RECORDS, hits, invoke, write_corpus


def ingest_json(*args: str) -> tuple[int, dict[str, object]]:
    result = invoke("ingest", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout.splitlines()[-1])


def search_ids(index: Path, query: str, *extra: str) -> list[object]:
    return [h["id"] for h in hits(invoke("search", query, "--index", str(index), "--format", "json", *extra))]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


# -- readers -------------------------------------------------------------------


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


def test_ids_follow_the_path_given(tmp_path: Path, corpus: Path):
    # A file given directly is named by its file name; records by FILE#N.
    index = tmp_path / "ix"
    invoke("ingest", str(corpus / "daerah" / "detik.csv"), str(corpus / "banjir.txt"), "--index", str(index))
    assert sorted(search_ids(index, "gempa OR panen OR banjir")) == [
        "banjir.txt",
        "detik.csv#1",
        "detik.csv#2",
    ]


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


def test_other_files_are_skipped_and_counted(tmp_path: Path, corpus: Path):
    (corpus / ".hidden.txt").write_text("Rahasia", "utf-8")
    code, report = ingest_json(str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 0
    assert report["skipped_files"] == 1  # catatan.pdf; hidden files are not looked at
    assert report["added"] == 10


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


def test_duplicate_ids_keep_the_first_and_report_the_second(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    rec = {"id": "sama", "title": "Pertama", "body": "Isi pertama."}
    (data / "a.jsonl").write_text(json.dumps(rec) + "\n", "utf-8")
    (data / "b.jsonl").write_text(json.dumps({**rec, "title": "Kedua"}) + "\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"))
    assert code == 1 and report["added"] == 1
    assert "duplicate id 'sama'" in report["failures"][0]["reason"]


# -- incremental ingest --------------------------------------------------------


def test_unchanged_corpus_writes_nothing(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    manifest_before = (index / "warta.json").read_text()
    files_before = {
        p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file() and p.name != "write.lock"
    }
    result = invoke("ingest", str(corpus), "--index", str(index))
    assert result.exit_code == 0
    assert "Index is up to date, nothing written" in result.stdout
    assert "10 unchanged" in result.stdout
    files_after = {
        p: p.stat().st_mtime_ns for p in index.rglob("*") if p.is_file() and p.name != "write.lock"
    }
    assert files_after == files_before
    assert (index / "warta.json").read_text() == manifest_before


def test_touched_but_identical_file_is_unchanged(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    jsonl = corpus / "berita.jsonl"
    jsonl.write_text(jsonl.read_text("utf-8") + "\n", "utf-8")  # new mtime and size, same records
    code, report = ingest_json(str(corpus), "--index", str(index))
    assert (code, report["added"], report["updated"], report["deleted"], report["unchanged"]) == (
        0,
        0,
        0,
        0,
        10,
    )


def test_add_change_and_delete(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))

    # change one record, delete another, add a new file, delete a whole file
    records = [dict(r) for r in JSONL_RECORDS]
    records[0]["body"] = "Perwakilan buruh menolak usulan kenaikan upah."
    del records[1]
    (corpus / "berita.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    (corpus / "baru.txt").write_text(
        "Jalan Tol Baru Dibuka\n\nJalan tol sepanjang 12 kilometer dibuka.", "utf-8"
    )
    (corpus / "banjir.txt").unlink()

    code, report = ingest_json(str(corpus), "--index", str(index))
    assert code == 0
    # berita-001 changed; berita-003 moved from record 3 to record 2 of its file
    assert (report["added"], report["updated"], report["deleted"], report["unchanged"]) == (1, 2, 2, 6)

    assert search_ids(index, "menolak") == ["berita-001"]
    assert search_ids(index, "6,5") == []  # the old text of berita-001 is gone
    assert search_ids(index, "pemilu") == []
    assert search_ids(index, "perahu") == []
    assert search_ids(index, "tol") == ["baru.txt"]
    assert warta.index_stats(index).articles == 9


def test_ingesting_another_folder_keeps_the_first(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Pasar Ikan Ramai\n\nPedagang ikan kewalahan.", "utf-8")
    code, report = ingest_json(str(other), "--index", str(index))
    assert (code, report["added"], report["deleted"]) == (0, 1, 0)
    assert warta.index_stats(index).articles == 11


def test_a_file_that_fails_keeps_what_was_indexed_from_it(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    (corpus / "banjir.txt").write_bytes(b"\xff\xfe broken now")
    code, report = ingest_json(str(corpus), "--index", str(index))
    assert code == 1 and report["deleted"] == 0
    assert search_ids(index, "perahu") == ["banjir.txt"]


def test_rebuild_starts_from_scratch(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    old_shards = json.loads((index / "warta.json").read_text())["shards"]
    code, report = ingest_json(str(corpus), "--index", str(index), "--rebuild")
    assert (code, report["added"], report["unchanged"]) == (0, 10, 0)
    new_shards = json.loads((index / "warta.json").read_text())["shards"]
    assert new_shards != old_shards
    assert not any((index / name).exists() for name in old_shards)
    assert warta.index_stats(index).articles == 10


def test_parallel_and_inline_ingest_build_identical_rankings(tmp_path: Path, corpus: Path):
    # Worker processes (one per shard) and in-process writing must agree, and
    # a 2-shard index must rank exactly like a 1-shard one.
    one = tmp_path / "one"
    two = tmp_path / "two"
    warta.ingest([corpus], one, shards=1, workers=False)
    warta.ingest([corpus], two, shards=2, workers=True)
    for query in ["jakarta", "harga kopi", "berunding", '"gencatan senjata"', "di"]:
        a = warta.search(query, one, limit=20)
        b = warta.search(query, two, limit=20)
        assert a.total == b.total
        assert [(h.id, round(h.score, 6)) for h in a.hits] == [(h.id, round(h.score, 6)) for h in b.hits]


def test_many_updates_keep_the_segment_count_bounded(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    for n in range(8):
        (corpus / f"tambah-{n}.txt").write_text(f"Kabar ke-{n}\n\nBerita tambahan nomor {n}.", "utf-8")
        warta.ingest([corpus], index, shards=1)
    ix = warta.open_index(index)
    assert ix.doc_count() == 18
    assert len(ix.shard_index(0)._segments()) <= 5
    assert warta.search("tambahan", index).total == 8


# -- locking -------------------------------------------------------------------


def test_second_writer_is_refused_with_the_holders_pid(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    from warta import engine

    with engine.write_lock(index):
        result = invoke("ingest", str(corpus), "--index", str(index))
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"warta: error: index at {index} is being written by PID {os.getpid()}; "
        "retry when it finishes, or wait for it with --wait SECONDS"
    )
    # Once released, ingest works and the lock file is left empty.
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    assert (index / "write.lock").read_text() == ""


def test_search_works_while_the_index_is_being_written(corpus_index):
    _, index = corpus_index
    copy = Path(str(index) + "-copy")
    shutil.copytree(index, copy, dirs_exist_ok=True)
    from warta import engine

    with engine.write_lock(copy):
        assert search_ids(copy, "lombok") == ["daerah/detik.csv#1"]


def test_progress_is_reported_while_reading_then_writing(tmp_path: Path, corpus: Path):
    calls: list[tuple[str, int, int]] = []
    warta.ingest([corpus], tmp_path / "ix", progress=lambda *args: calls.append(args))
    reading = [c for c in calls if c[0] == "reading"]
    total = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file() and p.suffix != ".pdf")
    assert reading and {t for _s, _d, t in reading} == {total}
    assert [d for _s, d, _t in reading] == sorted(d for _s, d, _t in reading)
    assert reading[-1][1] == total
    assert calls[-1] == ("writing", 0, 0)


# -- found by a new-user walkthrough ------------------------------------------------


def test_same_named_files_of_two_folders_both_count(tmp_path: Path):
    for name, word in (("c1", "sawah"), ("c2", "ladang")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "x.txt").write_text(f"Judul {word}\n\nIsi tentang {word}.", "utf-8")
    index = tmp_path / "ix"
    code, report = ingest_json(str(tmp_path / "c1"), str(tmp_path / "c2"), "--index", str(index))
    assert (code, report["added"], report["failed"]) == (0, 2, 0)
    assert search_ids(index, "sawah") == ["x.txt"]
    assert search_ids(index, "ladang") == ["c2/x.txt"]
    # the same ids next time, so nothing changes
    code, report = ingest_json(str(tmp_path / "c1"), str(tmp_path / "c2"), "--index", str(index))
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 2)
    # and a later run over c2 alone neither takes over c1's article nor drops it
    _, report = ingest_json(str(tmp_path / "c2"), "--index", str(index))
    assert (report["added"], report["updated"], report["deleted"]) == (0, 0, 0)
    assert search_ids(index, "sawah") == ["x.txt"]


def test_an_index_inside_the_corpus_is_not_read_as_articles(tmp_path: Path, corpus: Path):
    index = corpus / "index"
    ingest_json(str(corpus), "--index", str(index))
    code, report = ingest_json(str(corpus), "--index", str(index))
    assert (code, report["failed"], report["skipped_files"], report["unchanged"]) == (0, 0, 1, 10)


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


def test_paths_are_stored_whole_and_shown_from_where_you_are(tmp_path: Path, corpus: Path, monkeypatch):
    index = tmp_path / "ix"
    monkeypatch.chdir(corpus.parent)
    ingest_json("corpus", "--index", str(index))
    hit = hits(invoke("search", "perahu", "--index", str(index), "--format", "json"))[0]
    assert hit["path"] == "corpus/banjir.txt"
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    hit = hits(invoke("search", "perahu", "--index", str(index), "--format", "json"))[0]
    assert hit["path"] == str(corpus / "banjir.txt")
    # ingesting from another directory changes nothing
    _, report = ingest_json(str(corpus), "--index", str(index))
    assert (report["updated"], report["unchanged"]) == (0, 10)


def test_rebuild_repairs_an_unreadable_manifest(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    (index / "warta.json").write_text("{garbage", "utf-8")
    result = invoke("search", "banjir", "--index", str(index))
    assert result.exit_code == 3 and "--rebuild" in result.stderr
    code, report = ingest_json(str(corpus), "--index", str(index), "--rebuild")
    assert (code, report["added"]) == (0, 10)
    assert search_ids(index, "perahu") == ["banjir.txt"]


def test_an_empty_corpus_says_it_made_an_empty_index(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = invoke("ingest", str(tmp_path / "empty"), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 0
    assert result.stdout.startswith("Created an empty index, no article found")


# -- found in code review -------------------------------------------------------------


def test_a_record_moved_to_another_file_is_updated_not_lost(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    x = {"id": "X", "title": "Alfa", "body": "alfa satu"}
    y = {"id": "Y", "title": "Beta", "body": "beta dua"}
    z = {"id": "Z", "title": "Gama", "body": "gama tiga"}
    (data / "a.jsonl").write_text(f"{json.dumps(x)}\n{json.dumps(y)}\n", "utf-8")
    (data / "b.jsonl").write_text(f"{json.dumps(z)}\n", "utf-8")
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    (data / "a.jsonl").write_text(f"{json.dumps(y)}\n", "utf-8")
    (data / "b.jsonl").write_text(f"{json.dumps(z)}\n{json.dumps(x)}\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(index))
    # X moved to b.jsonl; Y moved from record 2 to record 1 of a.jsonl; Z is as it was
    assert (code, report["failed"], report["deleted"], report["updated"]) == (0, 0, 0, 2)
    hit = hits(invoke("search", "alfa", "--index", str(index), "--format", "json"))[0]
    assert (hit["id"], Path(hit["path"]).name, hit["record"]) == ("X", "b.jsonl", 2)


def test_the_same_folder_reached_by_other_paths_is_one_corpus(tmp_path: Path, corpus: Path, monkeypatch):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    (tmp_path / "link").symlink_to(corpus)
    monkeypatch.chdir(corpus / "daerah")
    for path in ("..", str(tmp_path / "link")):
        code, report = ingest_json(path, "--index", str(index))
        assert (code, report["added"], report["failed"], report["unchanged"]) == (0, 0, 0, 10), path


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


def test_record_paths_are_stored_whole_too(tmp_path: Path, corpus: Path, monkeypatch):
    index = tmp_path / "ix"
    monkeypatch.chdir(corpus)
    ingest_json(".", "--index", str(index))
    monkeypatch.chdir(tmp_path)
    (corpus / "berita.jsonl").touch()
    _, report = ingest_json(str(corpus), "--index", str(index))
    assert (report["updated"], report["unchanged"]) == (0, 10)
    hit = hits(invoke("search", "pemilu", "--index", str(index), "--format", "json"))[0]
    assert hit["path"] == "corpus/berita.jsonl"


def test_broken_links_and_special_files_are_reported_not_fatal(tmp_path: Path, corpus: Path):
    (corpus / "hilang.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "pipa.txt")
    code, report = ingest_json(str(corpus), "--index", str(tmp_path / "ix"))
    assert (code, report["added"], report["failed"]) == (1, 10, 2)
    reasons = sorted(f["reason"] for f in report["failures"])
    assert reasons[0].startswith("cannot read") and reasons[1] == "not a regular file"


def test_an_index_folder_that_cannot_be_written_exits_3(tmp_path: Path, corpus: Path):
    result = invoke("ingest", str(corpus), "--index", "/proc/warta-index")
    assert result.exit_code == 3
    assert result.stderr.startswith("warta: error: cannot write an index at /proc/warta-index")


def test_a_touched_file_is_read_once_not_at_every_run(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    warta.ingest([corpus], index)
    jsonl = corpus / "berita.jsonl"
    os.utime(jsonl, ns=(jsonl.stat().st_atime_ns, jsonl.stat().st_mtime_ns + 10**9))

    def bytes_read() -> int:
        calls: list[tuple[str, int, int]] = []
        report = warta.ingest([corpus], index, progress=lambda *a: calls.append(a))
        assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 10)
        return max((total for stage, _done, total in calls if stage == "reading"), default=0)

    assert bytes_read() == jsonl.stat().st_size  # read once, found unchanged
    assert bytes_read() == 0  # and remembered as such


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


def test_a_second_ingest_can_wait_for_the_first(tmp_path: Path, corpus: Path):
    import threading

    from warta import engine

    index = tmp_path / "ix"
    held = threading.Event()

    def hold_for_a_moment() -> None:
        with engine.write_lock(index):
            held.set()
            threading.Event().wait(2.0)  # longer than the half second any ingest waits

    holder = threading.Thread(target=hold_for_a_moment)
    holder.start()
    held.wait()
    refused = invoke("ingest", str(corpus), "--index", str(index))
    waited = invoke("ingest", str(corpus), "--index", str(index), "--wait", "30")
    holder.join()
    assert refused.exit_code == 3 and "being written by PID" in refused.stderr
    assert waited.exit_code == 0, waited.stderr
    assert search_ids(index, "lombok") == ["daerah/detik.csv#1"]


def _stop_on_commit(monkeypatch, shard_to_fail: int | None = None) -> None:
    """Make a commit raise as a killed run would stop: *shard_to_fail*'s final commit, or the first."""
    from warta import engine

    real_commit = engine.ShardWriter.commit

    def commit(self) -> None:
        folder = self._shard.storage.folder
        if shard_to_fail is None or folder.endswith(f"-s{shard_to_fail}"):
            raise KeyboardInterrupt
        real_commit(self)

    monkeypatch.setattr(engine.ShardWriter, "commit", commit)


def test_a_run_stopped_between_two_shard_commits_is_finished_by_the_next(
    tmp_path: Path, corpus: Path, monkeypatch
):
    index = tmp_path / "ix"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    added = corpus / "baru.jsonl"
    added.write_text(
        "".join(
            json.dumps({"id": f"baru-{n}", "title": f"Berita baru {n}", "body": f"Isi berita nomor {n}."})
            + "\n"
            for n in range(12)
        ),
        "utf-8",
    )
    with monkeypatch.context() as patch:
        _stop_on_commit(patch, shard_to_fail=1)
        stopped = invoke("ingest", str(corpus), "--index", str(index))
    assert stopped.exit_code == 130
    from warta import engine

    landed = [i for i in engine.open_index(index).inventory() if i.startswith("baru-")]
    # Shard 0 committed its share of the new file, shard 1 did not: the next
    # run must not take the file for unchanged because of the half that landed.
    assert 0 < len(landed) < 12
    code, report = ingest_json(str(corpus), "--index", str(index))
    assert code == 0 and report["added"] == 12 - len(landed)
    assert sorted(i for i in engine.open_index(index).inventory() if i.startswith("baru-")) == sorted(
        f"baru-{n}" for n in range(12)
    )


def test_a_first_build_that_stopped_keeps_its_commits_and_says_so(tmp_path: Path, corpus: Path, monkeypatch):
    from warta import engine

    index = tmp_path / "ix"
    with monkeypatch.context() as patch:
        patch.setattr(engine.ShardWriter, "FLUSH_POSTINGS", 50)  # a segment every article or two
        _stop_on_commit(patch)  # then the run stops before its final commits
        assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 130
    kept = engine.open_index(index)
    assert kept.incomplete and kept.doc_count() > 0
    result = invoke("search", "banjir OR upah OR kopi OR lombok", "--index", str(index))
    assert "index at" in result.stderr and "is incomplete" in result.stderr
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    finished = engine.open_index(index)
    assert not finished.incomplete
    fresh = tmp_path / "fresh"
    assert invoke("ingest", str(corpus), "--index", str(fresh)).exit_code == 0
    assert finished.inventory() == engine.open_index(fresh).inventory()


def test_segments_written_as_memory_fills_rank_as_one(tmp_path: Path, corpus: Path, monkeypatch):
    from warta import engine

    whole = tmp_path / "whole"
    assert invoke("ingest", str(corpus), "--index", str(whole), "--shards", "1").exit_code == 0
    flushed = tmp_path / "flushed"
    with monkeypatch.context() as patch:
        patch.setattr(engine.ShardWriter, "MAX_SMALL_SEGMENTS", 1000)  # keep every segment
        patch.setattr(engine.ShardWriter, "FLUSH_POSTINGS", 100)
        assert invoke("ingest", str(corpus), "--index", str(flushed), "--shards", "1").exit_code == 0
    assert len(engine.open_index(flushed).shard_index(0)._segments()) > 3

    def ranked(ix: Path, query: str) -> list[tuple[object, object]]:
        result = invoke("search", query, "--index", str(ix), "--format", "json", "--no-collapse")
        return [(h["id"], round(float(h["score"]), 9)) for h in hits(result)]

    for query in ("banjir", "upah minimum", "kopi OR pemilu", '"gencatan senjata"'):
        assert ranked(flushed, query) == ranked(whole, query), query


def test_a_search_that_opens_shards_a_rebuild_just_replaced_reads_the_new_ones(
    tmp_path: Path, corpus: Path, monkeypatch
):
    from whoosh.reading import SegmentReader

    from warta import engine
    from warta.searcher import Searcher

    index = tmp_path / "ix"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    ix = engine.open_index(index)  # generation 1
    real_init = SegmentReader.__init__
    interleaved: list[str] = []

    def open_segment(self, storage, schema, segment, *args, **kwargs) -> None:
        if not interleaved:
            # Between this search reading the manifest and opening the shards it
            # lists, a rebuild switches to generation 2 and removes generation 1.
            interleaved.append(segment.segment_id())
            (corpus / "baru.txt").write_text("Banjir Lagi\n\nBanjir kembali melanda Bekasi.\n", "utf-8")
            warta.ingest([corpus], index, rebuild=True)
        real_init(self, storage, schema, segment, *args, **kwargs)

    monkeypatch.setattr(SegmentReader, "__init__", open_segment)
    with Searcher(ix) as searcher:
        found = searcher.search("banjir bekasi", limit=5)
    assert interleaved and not (index / "g1-s0").exists()
    assert "baru.txt" in [hit.id for hit in found.hits]


def test_a_one_column_csv_whose_header_has_punctuation_stays_one_column(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "satu.csv").write_text("isi (teks)\nBanjir melanda Bekasi.\nGempa di Lombok.\n", "utf-8")
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"), "--field", "body=isi (teks)")
    assert code == 0 and report["added"] == 2 and not report["notices"]


def test_rebuild_replaces_an_index_whose_first_build_stopped(tmp_path: Path, corpus: Path, monkeypatch):
    from warta import engine

    index = tmp_path / "ix"
    with monkeypatch.context() as patch:
        _stop_on_commit(patch)
        assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 130
    assert engine.open_index(index).incomplete
    rebuilt = invoke("ingest", str(corpus), "--index", str(index), "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert not engine.open_index(index).incomplete and search_ids(index, "lombok") == ["daerah/detik.csv#1"]


def test_quiet_ingest_prints_notes_only_when_something_failed(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "lama.txt").write_bytes("Kopi di café Menteng.".encode("cp1252"))
    quiet = invoke("ingest", str(data), "--index", str(tmp_path / "ix"), "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    (data / "kosong.txt").write_text("", "utf-8")
    (data / "lama.txt").write_bytes("Teh di café Menteng.".encode("cp1252"))
    failed = invoke("ingest", str(data), "--index", str(tmp_path / "ix"), "-q")
    assert failed.exit_code == 1
    assert (
        "lama.txt: not UTF-8: read as cp1252" in failed.stderr and "kosong.txt: empty file" in failed.stderr
    )


def test_folders_reached_through_links_are_read_and_kept_in_step(tmp_path: Path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "sini.txt").write_text("Pasar Baru\n\nPasar baru dibuka di Cianjur.\n", "utf-8")
    (elsewhere / "sana.txt").write_text("Gempa Kecil\n\nGempa kecil terasa di Sukabumi.\n", "utf-8")
    (elsewhere / "lain.txt").write_text("Jembatan Putus\n\nJembatan putus di Garut.\n", "utf-8")
    (corpus / "tautan").symlink_to(elsewhere, target_is_directory=True)
    (corpus / "naik").symlink_to(tmp_path, target_is_directory=True)  # holds the corpus: a loop
    (tmp_path / "rahasia.txt").write_text("Bukan Korpus\n\nBerkas di luar korpus.\n", "utf-8")
    index = tmp_path / "ix"
    code, report = ingest_json(str(corpus), "--index", str(index))
    assert code == 1 and report["added"] == 3
    assert [f["reason"] for f in report["failures"]] == [
        f"link to a folder that holds the corpus ({tmp_path}), a loop: not followed"
    ]
    assert search_ids(index, "gempa") == ["tautan/sana.txt"] and search_ids(index, "korpus") == []
    (elsewhere / "sana.txt").unlink()  # a file gone behind a link is deleted like any other
    code, report = ingest_json(str(corpus), "--index", str(index))
    assert report["deleted"] == 1 and search_ids(index, "gempa") == []
    (corpus / "tautan").unlink()  # so is what the link brought in, once the link is gone
    code, report = ingest_json(str(corpus), "--index", str(index))
    assert report["deleted"] == 1 and search_ids(index, "jembatan") == []


def test_a_full_disk_stops_ingest_with_one_line_and_keeps_the_last_commit(
    tmp_path: Path, corpus: Path, monkeypatch
):
    import errno

    from warta import engine

    index = tmp_path / "ix"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    before = engine.open_index(index).inventory()
    (corpus / "baru.txt").write_text("Banjir Lagi\n\nBanjir kembali melanda Bekasi.\n", "utf-8")

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    for where in ("commit", "state"):
        with monkeypatch.context() as patch:
            if where == "commit":
                patch.setattr(engine.ShardWriter, "commit", no_space)
            else:
                patch.setattr(engine, "write_ingest_state", no_space)
            result = invoke("ingest", str(corpus), "--index", str(index))
        assert result.exit_code == 3, where
        assert result.stderr == (
            f"warta: error: cannot write the index at {index} (No space left on device); what it had "
            "committed is kept: free some space (or fix the folder) and run ingest again\n"
        ), where
        assert engine.open_index(index).inventory() == before
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    assert search_ids(index, "bekasi") == ["baru.txt"]


def test_updates_merge_their_small_segments_and_leave_the_large_ones(
    tmp_path: Path, corpus: Path, monkeypatch
):
    from warta.engine import writer

    index = tmp_path / "ix"
    monkeypatch.setattr(writer, "SMALL_SEGMENT_ARTICLES", 3)  # a segment of 3 articles or more is large
    with monkeypatch.context() as patch:
        patch.setattr(writer.ShardWriter, "FLUSH_POSTINGS", 100)  # the first ingest writes several
        warta.ingest([corpus], index, shards=1)
    shard = warta.open_index(index).shard_index(0)
    large = {seg.segment_id() for seg in shard._segments() if seg.doc_count_all() >= 3}
    assert len(large) > 1
    for n in range(8):  # each update adds a segment of one article
        (corpus / f"tambah-{n}.txt").write_text(f"Kabar ke-{n}\n\nBerita tambahan nomor {n}.", "utf-8")
        warta.ingest([corpus], index, shards=1)
    segments = warta.open_index(index).shard_index(0)._segments()
    kept = {seg.segment_id() for seg in segments}
    assert large <= kept  # never merged
    assert len([seg for seg in segments if seg.doc_count_all() < 3]) <= writer.ShardWriter.MAX_SMALL_SEGMENTS
    assert warta.search("tambahan", index).total == 8


def test_a_file_given_through_a_link_loses_the_records_it_no_longer_holds(tmp_path: Path):
    elsewhere = tmp_path / "ekspor"
    elsewhere.mkdir()
    data = elsewhere / "berita.jsonl"
    records = [{"id": f"b-{n}", "title": f"Berita {n}", "body": f"Isi berita nomor {n}."} for n in range(3)]
    data.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    link = tmp_path / "tautan.jsonl"
    link.symlink_to(data)
    index = tmp_path / "ix"
    assert ingest_json(str(link), "--index", str(index))[1]["added"] == 3
    data.write_text("".join(json.dumps(r) + "\n" for r in records[:2]), "utf-8")
    code, report = ingest_json(str(link), "--index", str(index))
    assert code == 0 and report["deleted"] == 1
    assert sorted(warta.open_index(index).inventory()) == ["b-0", "b-1"]
