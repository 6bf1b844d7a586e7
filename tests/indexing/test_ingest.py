"""Ingest keeps an index up to date: unchanged files skipped, changes and deletions applied, rebuilds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import warta
from conftest import JSONL_RECORDS, hits, ingest_json, invoke, search_ids


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


def test_many_updates_keep_the_segment_count_bounded(tmp_path: Path, corpus: Path):
    index = tmp_path / "ix"
    for n in range(8):
        (corpus / f"tambah-{n}.txt").write_text(f"Kabar ke-{n}\n\nBerita tambahan nomor {n}.", "utf-8")
        warta.ingest([corpus], index, shards=1)
    ix = warta.open_index(index)
    assert ix.doc_count() == 18
    assert len(ix.shard_index(0)._segments()) <= 5
    assert warta.search("tambahan", index).total == 8


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


@pytest.mark.parametrize("workers", [False, True])
def test_progress_is_reported_while_reading_then_saving(tmp_path: Path, corpus: Path, workers: bool):
    calls: list[tuple[str, int, int]] = []
    warta.ingest([corpus], tmp_path / "ix", workers=workers, progress=lambda *args: calls.append(args))
    assert [stage for stage, _d, _t in calls] == sorted(
        (stage for stage, _d, _t in calls), key=["reading", "saving"].index
    )  # every reading report comes before the first saving one
    reading = [c for c in calls if c[0] == "reading"]
    total = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file() and p.suffix != ".pdf")
    assert reading and {t for _s, _d, t in reading} == {total}
    assert [d for _s, d, _t in reading] == sorted(d for _s, d, _t in reading)
    assert reading[-1][1] == total
    saving = [c for c in calls if c[0] == "saving"]
    postings = saving[-1][2]
    assert postings > 100 and saving[-1] == ("saving", postings, postings)
    assert all(0 <= d <= t <= postings for _s, d, t in saving)


def test_merging_small_segments_is_reported(tmp_path: Path):
    from warta.engine.writer import ShardWriter

    small = ShardWriter.MAX_SMALL_SEGMENTS + 1
    corpus = tmp_path / "c"
    corpus.mkdir()
    index = tmp_path / "ix"
    calls: list[tuple[str, int, int]] = []
    for n in range(small):  # each update adds a small segment
        (corpus / f"kabar-{n}.txt").write_text(f"Kabar ke-{n}\n\nBerita nomor {n}.", "utf-8")
        calls.clear()
        warta.ingest([corpus], index, shards=1, progress=lambda *args: calls.append(args))
    merging = [c for c in calls if c[0] == "merging"]
    assert (merging[0], merging[-1]) == (("merging", 0, small), ("merging", small, small))


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


def test_a_changed_field_map_reads_every_file_again(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    rows = "judul,isi,ringkasan\nBanjir Bekasi,Banjir merendam Bekasi.,Air naik di Kalimalang.\n"
    (data / "a.csv").write_text(rows, "utf-8")
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    assert search_ids(index, "kalimalang") == []  # "ringkasan" is no field warta reads by default
    code, report = ingest_json(str(data), "--index", str(index), "--field", "body=ringkasan")
    assert (code, report["updated"], report["unchanged"]) == (0, 1, 0)  # not "up to date"
    assert search_ids(index, "kalimalang") == ["a.csv#1"]
    code, report = ingest_json(str(data), "--index", str(index), "--field", "body=ringkasan")
    assert (report["updated"], report["unchanged"]) == (0, 1)  # the same map again: nothing to read


def test_progress_reaches_the_end_when_an_update_writes_to_one_shard_only(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(30):
        (corpus / f"kabar-{n}.txt").write_text(f"Kabar {n}\n\nBerita nomor {n}.", "utf-8")
    index = tmp_path / "ix"
    warta.ingest([corpus], index, workers=True)
    (corpus / "kabar-7.txt").write_text("Kabar 7\n\nBerita nomor tujuh, diubah.", "utf-8")
    calls: list[tuple[str, int, int]] = []
    report = warta.ingest([corpus], index, workers=True, progress=lambda *args: calls.append(args))
    assert report.updated == 1
    reading = [c for c in calls if c[0] == "reading"]
    assert reading[-1][1] == reading[-1][2] > 0  # to the end, though one shard got no article
    saving = [c for c in calls if c[0] == "saving"]
    assert saving and saving[-1][1] == saving[-1][2] > 0
