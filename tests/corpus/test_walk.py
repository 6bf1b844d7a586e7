"""Finding a corpus's files: ids from paths, skipped files, same names in two folders, links, loops."""

from __future__ import annotations

import json
import os
from pathlib import Path

import warta
from bad_corpus import build
from conftest import hits, ingest_json, ingest_report, invoke, search_ids


def test_ids_follow_the_path_given(tmp_path: Path, corpus: Path):
    # A file given directly is named by its file name; records by FILE#N.
    index = tmp_path / "ix"
    invoke("ingest", str(corpus / "daerah" / "detik.csv"), str(corpus / "banjir.txt"), "--index", str(index))
    assert sorted(search_ids(index, "gempa OR panen OR banjir")) == [
        "banjir.txt",
        "detik.csv#1",
        "detik.csv#2",
    ]


def test_other_files_are_skipped_and_counted(tmp_path: Path, corpus: Path):
    (corpus / ".hidden.txt").write_text("Rahasia", "utf-8")
    code, report = ingest_json(str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 0
    assert report["skipped_files"] == 1  # catatan.pdf; hidden files are not looked at
    assert report["added"] == 10


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


def test_the_same_folder_reached_by_other_paths_is_one_corpus(tmp_path: Path, corpus: Path, monkeypatch):
    index = tmp_path / "ix"
    ingest_json(str(corpus), "--index", str(index))
    (tmp_path / "link").symlink_to(corpus)
    monkeypatch.chdir(corpus / "daerah")
    for path in ("..", str(tmp_path / "link")):
        code, report = ingest_json(path, "--index", str(index))
        assert (code, report["added"], report["failed"], report["unchanged"]) == (0, 0, 0, 10), path


def test_broken_links_and_special_files_are_reported_not_fatal(tmp_path: Path, corpus: Path):
    (corpus / "hilang.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "pipa.txt")
    code, report = ingest_json(str(corpus), "--index", str(tmp_path / "ix"))
    assert (code, report["added"], report["failed"]) == (1, 10, 2)
    reasons = sorted(f["reason"] for f in report["failures"])
    assert reasons[0].startswith("cannot read") and reasons[1] == "not a regular file"


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


def test_a_file_name_that_is_not_utf8_is_indexed_and_printed(tmp_path: Path):
    corpus = tmp_path / "corpus"
    build(corpus)
    index = tmp_path / "ix"
    ingest_report(corpus, index)
    result = invoke("search", "berkas aneh", "--index", str(index), "--format", "json")
    assert result.exit_code == 0, result.output
    hit = json.loads(result.stdout)["hits"][0]
    assert hit["id"] == "berita-caf\ufffd.txt" and hit["path"].endswith("berita-caf\ufffd.txt")
