"""Ids read from records: two exports that number their rows alike both count, and stay findable.

The scheme: the first file to hold an id keeps it; a record of another
file with the same id is indexed as ``FILE#ID`` (its path under the folder
given), and ``warta show ID`` still finds it.  An id repeated inside one
file is that file's mistake: the later record is reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import warta
from conftest import ingest_json, invoke, search_ids
from warta.errors import EXIT_NO_RESULTS, EXIT_OK, EXIT_USAGE


def _write(path: Path, *records: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")


def _two_exports(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    _write(
        data / "detik" / "berita.jsonl",
        {"id": "41", "title": "Banjir Bekasi", "body": "Banjir merendam Bekasi."},
    )
    _write(
        data / "kompas" / "berita.jsonl",
        {"id": "41", "title": "Gempa Cianjur", "body": "Gempa mengguncang Cianjur."},
    )
    return data, tmp_path / "ix"


def test_the_same_id_in_two_files_gives_two_articles(tmp_path: Path):
    data, index = _two_exports(tmp_path)
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["added"], report["failed"]) == (EXIT_OK, 2, 0)
    assert search_ids(index, "banjir") == ["41"]  # the first file (in walk order) keeps the id as it is
    assert search_ids(index, "gempa") == ["kompas/berita.jsonl#41"]


def test_show_finds_an_article_by_the_id_its_record_gave(tmp_path: Path):
    data, index = _two_exports(tmp_path)
    ingest_json(str(data), "--index", str(index))
    result = invoke("show", "41", "--index", str(index), "--format", "json")
    assert result.exit_code == EXIT_OK
    shown = json.loads(result.stdout)
    assert shown["title"] == "Banjir Bekasi"
    # which file and record it is, and the other article with that id, in the JSON and on stderr
    assert (Path(shown["path"]).parts[-2:], shown["record"]) == (("detik", "berita.jsonl"), 1)
    assert shown["other_ids"] == ["kompas/berita.jsonl#41"]
    assert "'kompas/berita.jsonl#41': show them by that id" in result.stderr
    result = invoke("show", "kompas/berita.jsonl#41", "--index", str(index), "--format", "json")
    assert json.loads(result.stdout)["title"] == "Gempa Cianjur" and result.stderr == ""


def test_an_id_in_several_files_none_of_which_has_it_asks_which(tmp_path: Path):
    data, index = _two_exports(tmp_path)
    _write(
        data / "tempo" / "berita.jsonl", {"id": "41", "title": "Kebakaran Riau", "body": "Hutan terbakar."}
    )
    ingest_json(str(data), "--index", str(index))
    (data / "detik" / "berita.jsonl").unlink()  # the one that had "41" itself
    ingest_json(str(data), "--index", str(index))
    result = invoke("show", "41", "--index", str(index))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "'kompas/berita.jsonl#41'" in result.stderr and "'tempo/berita.jsonl#41'" in result.stderr
    assert warta.article_ids("41", index) == ["kompas/berita.jsonl#41", "tempo/berita.jsonl#41"]
    assert invoke("related", "41", "--index", str(index)).exit_code == EXIT_USAGE


def test_an_article_keeps_its_id_when_the_other_file_goes_or_a_new_one_comes(tmp_path: Path):
    data, index = _two_exports(tmp_path)
    ingest_json(str(data), "--index", str(index))
    (data / "detik" / "berita.jsonl").unlink()
    _code, report = ingest_json(str(data), "--index", str(index))
    assert (report["deleted"], report["added"], report["updated"]) == (1, 0, 0)
    assert search_ids(index, "gempa") == ["kompas/berita.jsonl#41"]
    assert warta.resolve_id("41", index) == "kompas/berita.jsonl#41"  # still found by the id it gave
    assert warta.show("41", index).title == "Gempa Cianjur"
    # a file that comes first in walk order does not take the id from the one that has it; the
    # plain id, no longer anyone's, is free for it
    _write(data / "antara" / "berita.jsonl", {"id": "41", "title": "Pemilu Aceh", "body": "Pemilu di Aceh."})
    _code, report = ingest_json(str(data), "--index", str(index))
    assert (report["added"], report["updated"]) == (1, 0)
    assert search_ids(index, "gempa") == ["kompas/berita.jsonl#41"]
    assert search_ids(index, "pemilu") == ["41"]


def test_an_id_repeated_inside_one_file_reports_the_later_record(tmp_path: Path):
    data = tmp_path / "data"
    _write(
        data / "a.jsonl",
        {"id": "7", "title": "Pertama", "body": "Isi pertama."},
        {"id": "7", "title": "Kedua", "body": "Isi kedua."},
    )
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"))
    assert (code, report["added"], report["failed"]) == (EXIT_NO_RESULTS, 1, 1)
    failure = report["failures"][0]
    assert failure["line"] == 2 and "id '7' again" in failure["reason"]
    assert search_ids(tmp_path / "ix", "pertama") == ["7"]
    assert search_ids(tmp_path / "ix", "kedua") == []


def test_check_agrees_with_ingest_on_told_apart_ids(tmp_path: Path):
    data, index = _two_exports(tmp_path)
    ingest_json(str(data), "--index", str(index))
    result = invoke("check", str(data), "--index", str(index), "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == EXIT_OK, result.output
    assert report["ok"] is True and report["missing"] == report["stale"] == report["gone"] == []


def test_a_record_that_moves_to_a_new_file_keeps_its_id_whatever_the_files_order(tmp_path: Path):
    for new_name in ("a.jsonl", "z.jsonl"):  # read before, or after, the file it left
        data = tmp_path / new_name / "data"
        _write(
            data / "m.jsonl",
            {"id": "41", "title": "Banjir", "body": "Banjir."},
            {"id": "42", "title": "Gempa", "body": "Gempa."},
        )
        index = tmp_path / new_name / "ix"
        ingest_json(str(data), "--index", str(index))
        _write(data / "m.jsonl", {"id": "42", "title": "Gempa", "body": "Gempa."})
        _write(data / new_name, {"id": "41", "title": "Banjir", "body": "Banjir."})
        code, report = ingest_json(str(data), "--index", str(index))
        # 41 moved (its file), 42 too (its record number): both replaced in place, none renamed
        assert (code, report["added"], report["deleted"], report["updated"]) == (EXIT_OK, 0, 0, 2), new_name
        assert (search_ids(index, "banjir"), search_ids(index, "gempa")) == (["41"], ["42"]), new_name


def test_a_new_file_does_not_take_the_id_of_a_record_that_failed_to_read(tmp_path: Path):
    data = tmp_path / "data"
    _write(data / "a.jsonl", {"id": "41", "title": "Banjir", "body": "Banjir di Bekasi."})
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    (data / "a.jsonl").write_text('{"id": "41", "title": "Banjir", "body": \n', "utf-8")  # broken
    _write(data / "b.jsonl", {"id": "41", "title": "Gempa", "body": "Gempa di Cianjur."})
    code, report = ingest_json(str(data), "--index", str(index))
    assert code == EXIT_NO_RESULTS and report["failed"] == 1
    assert search_ids(index, "banjir") == ["41"]  # kept, under its id
    assert search_ids(index, "gempa") == ["b.jsonl#41"]
