"""One writer at a time, runs that stop half-way, disks that fill: nothing committed is ever lost."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import warta
from conftest import ingest_json, invoke, search_ids


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


def test_search_works_while_the_index_is_being_written(corpus_index):
    _, index = corpus_index
    copy = Path(str(index) + "-copy")
    shutil.copytree(index, copy, dirs_exist_ok=True)
    from warta import engine

    with engine.write_lock(copy):
        assert search_ids(copy, "lombok") == ["daerah/detik.csv#1"]


def _stop_on_commit(monkeypatch, shard_to_fail: int | None = None) -> None:
    """Make a commit raise as a killed run would stop: *shard_to_fail*'s final commit, or the first."""
    from warta import engine

    real_commit = engine.ShardWriter.commit

    def commit(self, *args: object) -> None:
        folder = self._shard.storage.folder
        if shard_to_fail is None or folder.endswith(f"-s{shard_to_fail}"):
            raise KeyboardInterrupt
        real_commit(self, *args)

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


def test_an_index_folder_that_cannot_be_written_exits_3(tmp_path: Path, corpus: Path):
    result = invoke("ingest", str(corpus), "--index", "/proc/warta-index")
    assert result.exit_code == 3
    assert result.stderr.startswith("warta: error: cannot write an index at /proc/warta-index")


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
