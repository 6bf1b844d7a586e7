"""``warta check``: a sound index, a damaged one, and one out of date with its corpus."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

import warta
from conftest import REPO, hits, invoke, write_corpus
from warta import engine
from warta.analysis.article import analyse_article
from warta.corpus import display_path
from warta.model import Article

README = (REPO / "README.md").read_text("utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def ingest(corpus: Path | str, index: Path, *extra: str) -> dict[str, object]:
    result = invoke("ingest", str(corpus), "--index", str(index), "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout.splitlines()[-1])


def check(index: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = invoke("check", *args, "--index", str(index), "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def ids(entries: object) -> list[str]:
    return sorted(e["id"] for e in entries)  # type: ignore[attr-defined, index]


@pytest.fixture
def indexed(tmp_path: Path, corpus: Path) -> tuple[Path, Path, dict[str, object]]:
    """The fixture corpus and its index, with what ingest reported."""
    index = tmp_path / "ix"
    return corpus, index, ingest(corpus, index)


# -- a sound index -------------------------------------------------------------------------


def test_a_fresh_index_checks_ok_with_the_counts_ingest_reported(indexed):
    corpus, index, report = indexed
    code, data = check(index)
    assert code == 0
    assert data["ok"] is True and data["problems"] == []
    assert data["articles"] == report["added"] == 10
    assert data["shards"] == 2
    assert data["compared"] is False and data["remedy"] is None

    code, data = check(index, str(corpus))
    assert code == 0
    assert data["compared"] is True
    assert data["corpus_articles"] == 10
    assert data["missing"] == data["stale"] == data["gone"] == data["unreadable_files"] == []

    text = invoke("check", str(corpus), "--index", str(index))
    assert text.exit_code == 0
    assert text.stdout == f"index OK: 10 articles in 2 shards, up to date with {corpus}\n"


def test_a_missing_index_is_a_usage_error_that_says_how_to_build_one(tmp_path: Path):
    result = invoke("check", "--index", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "build one with: warta ingest" in result.stderr


def test_a_mistyped_corpus_path_is_a_usage_error(indexed):
    _, index, _ = indexed
    result = invoke("check", str(index.parent / "nope"), "--index", str(index))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"warta: error: no such file or folder: {index.parent / 'nope'}"


def test_every_json_field_of_check_is_in_the_readme(indexed):
    corpus, index, _ = indexed
    _, data = check(index, str(corpus))
    for key in data:
        assert f'"{key}"' in README, f"README does not document check field {key}"


# -- a damaged index -------------------------------------------------------------------------


def test_an_index_of_an_older_format_version_exits_3_and_says_to_rebuild(indexed):
    corpus, index, _ = indexed
    manifest = json.loads((index / "warta.json").read_text("utf-8"))
    manifest["version"] = min(engine.READABLE_VERSIONS) - 1  # (format 5 is still read and updated)
    (index / "warta.json").write_text(json.dumps(manifest), "utf-8")
    result = invoke("check", "--index", str(index))
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        f"index at {index} was written by an incompatible version of warta; "
        f"rebuild it with: warta ingest {corpus} --rebuild --index {index}"  # the corpus it was built from
    ]
    code, data = check(index)
    assert code == 3 and data["ok"] is False and len(data["problems"]) == 1


def _truncate(seg: Path) -> None:
    seg.write_bytes(seg.read_bytes()[:100])


def _garbage(seg: Path) -> None:
    seg.write_bytes(random.Random(8).randbytes(seg.stat().st_size))


def _zeros_inside(seg: Path) -> None:
    # a block of zeros in the middle, as a disk fault leaves it: the file keeps its size
    data = bytearray(seg.read_bytes())
    data[len(data) // 4 : len(data) // 2] = bytes(len(data) // 2 - len(data) // 4)
    seg.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _garbage, _zeros_inside])
def test_a_damaged_segment_exits_3_with_one_line_per_problem(indexed, damage):
    corpus, index, _ = indexed
    segments = list((index / "g1-s0").glob("*.seg"))
    assert segments
    for seg in segments:
        damage(seg)
    result = invoke("check", str(corpus), "--index", str(index))
    assert result.exit_code == 3
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"index at {index} is damaged")
    assert lines[0].endswith(f"rebuild it with: warta ingest {corpus} --rebuild --index {index}")
    assert "shard g1-s0" in result.stdout and "g1-s1" not in result.stdout
    assert all(line.startswith("  shard g1-s0") for line in lines[1:])
    code, data = check(index, str(corpus))
    assert code == 3
    assert data["problems"] and all("\n" not in p for p in data["problems"])
    assert data["compared"] is False and data["missing"] == []  # not compared until rebuilt
    assert "--rebuild" in data["remedy"]


def test_a_truncated_segment_is_one_line(indexed):
    corpus, index, _ = indexed
    for seg in (index / "g1-s1").glob("*.seg"):
        _truncate(seg)
    result = invoke("check", "--index", str(index))
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        f"index at {index} is damaged: shard g1-s1: cannot be opened (EOFError: Ran out of input); "
        f"rebuild it with: warta ingest {corpus} --rebuild --index {index}"
    ]


def test_a_missing_shard_folder_is_named(indexed):
    _, index, _ = indexed
    for f in (index / "g1-s1").iterdir():
        f.unlink()
    (index / "g1-s1").rmdir()
    code, data = check(index)
    assert code == 3
    assert data["problems"] == ["shard g1-s1: the shard's folder is missing"]
    assert data["articles"] > 0  # the other shard was read


def test_articles_in_the_wrong_shard_or_stored_twice_are_problems(indexed):
    corpus, index, _ = indexed
    ix = engine.open_index(index)
    home = engine.shard_of("banjir.txt", ix.shard_count)
    stray = Article(id="banjir.txt", title="Banjir", body="Banjir lagi di Jakarta Timur.")
    key = str((corpus / "banjir.txt").resolve())
    writer = engine.ShardWriter(ix.shard_index(1 - home))
    writer.add(engine.document(analyse_article(stray), key, "0:0"))
    writer.commit()
    code, data = check(index)
    assert code == 3
    problems = "\n".join(data["problems"])  # type: ignore[arg-type]
    # the stray article went into a second segment of that shard, which the message names
    assert f"shard g1-s{1 - home}, segment " in problems
    assert f": 1 article is in the wrong shard ('banjir.txt' belongs in g1-s{home})" in problems
    assert "index: 1 article id is stored more than once ('banjir.txt' in g1-s" in problems


def test_swapped_shards_put_every_article_in_the_wrong_shard(indexed):
    _, index, _ = indexed
    manifest = json.loads((index / "warta.json").read_text("utf-8"))
    manifest["shards"].reverse()
    (index / "warta.json").write_text(json.dumps(manifest), "utf-8")
    code, data = check(index)
    assert code == 3
    assert len(data["problems"]) == 2
    assert all("in the wrong shard" in p for p in data["problems"])  # type: ignore[union-attr]


@pytest.mark.parametrize("manifest", ['{"format": "warta-index", "version": %d, "generation": 1}', "[]"])
def test_a_manifest_without_shards_is_unreadable_for_every_command(indexed, manifest: str):
    corpus, index, _ = indexed
    text = manifest % engine.FORMAT_VERSION if "%d" in manifest else manifest
    (index / "warta.json").write_text(text, "utf-8")
    for args in (["check"], ["stats"], ["search", "banjir"]):
        result = invoke(*args, "--index", str(index))
        assert result.exit_code == 3, (args, result.output)
        assert f"rebuild it with: warta ingest {corpus} --rebuild --index {index}" in result.output
        assert "unexpected" not in result.output


# -- an index out of date with its corpus ----------------------------------------------------


def test_missing_stale_and_gone_articles_until_ingest_catches_up(indexed):
    corpus, index, _ = indexed
    (corpus / "baru.txt").write_text("Jembatan Baru Dibuka\n\nJembatan baru di Bekasi dibuka.\n", "utf-8")
    berita = corpus / "berita.jsonl"
    berita.write_text(berita.read_text("utf-8").replace("6,5 persen", "7 persen"), "utf-8")
    (corpus / "olahraga.json").unlink()

    code, data = check(index, str(corpus))
    assert code == 1
    assert data["ok"] is False and data["problems"] == []
    assert data["missing"] == [{"id": "baru.txt", "path": display_path(corpus / "baru.txt")}]
    assert data["stale"] == [{"id": "berita-001", "path": display_path(berita)}]
    assert ids(data["gone"]) == ["olahraga.json#1", "olahraga.json#2"]
    assert {e["path"] for e in data["gone"]} == {display_path(corpus / "olahraga.json")}  # type: ignore[index]
    assert data["corpus_articles"] == 9
    assert data["unchanged_files"] == []
    assert data["remedy"] == f"warta ingest {corpus} --index {index}"

    text = invoke("check", str(corpus), "--index", str(index))
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert lines[0] == (
        f"index is out of date with {corpus}: 1 missing, 1 stale, 2 gone "
        f"(run: warta ingest {corpus} --index {index})"
    )
    assert lines[1].split() == ["missing", "baru.txt", display_path(corpus / "baru.txt")]
    assert lines[2].split() == ["stale", "berita-001", display_path(berita)]
    assert [line.split()[0] for line in lines[3:]] == ["gone", "gone"]

    report = ingest(corpus, index)
    assert (report["added"], report["updated"], report["deleted"]) == (1, 1, 2)
    code, data = check(index, str(corpus))
    assert code == 0 and data["ok"] is True
    assert data["articles"] == data["corpus_articles"] == 9


def test_gone_counts_only_articles_under_the_paths_given(indexed, tmp_path: Path):
    _, index, _ = indexed
    other = tmp_path / "other"
    other.mkdir()
    (other / "lain.txt").write_text("Berita lain tentang pasar ikan.", "utf-8")
    code, data = check(index, str(other))
    assert code == 1
    assert ids(data["missing"]) == ["lain.txt"]
    assert data["gone"] == []  # the articles of corpus/ are not under other/


def test_an_article_lost_from_the_index_is_found_although_ingest_skips_its_file(indexed):
    # An index that lost an article (restored from an older copy, say) while ingest's
    # bookkeeping still takes its file as read (same size and time): an update skips the file.
    corpus, index, _ = indexed
    ix = engine.open_index(index)
    writer = engine.ShardWriter(ix.shard_index(engine.shard_of("berita-002", ix.shard_count)))
    writer.delete("berita-002")
    writer.commit()
    assert str((corpus / "berita.jsonl").resolve()) in engine.read_ingest_state(index)["verified"]
    assert ingest(corpus, index)["added"] == 0  # ingest trusts the file's size and time

    code, data = check(index, str(corpus))
    assert code == 1
    assert data["missing"] == [{"id": "berita-002", "path": display_path(corpus / "berita.jsonl")}]
    assert data["unchanged_files"] == [display_path(corpus / "berita.jsonl")]
    assert data["remedy"] == f"warta ingest {corpus} --rebuild --index {index}"
    text = invoke("check", str(corpus), "--index", str(index)).stdout
    assert "an update would skip 1 file whose size and time are unchanged" in text.splitlines()[0]

    ingest(corpus, index, "--rebuild")
    assert check(index, str(corpus))[0] == 0


def test_an_edit_that_keeps_the_files_size_and_time_is_found(indexed):
    # A record renamed in place, same length, and the file's time put back: ingest cannot tell.
    corpus, index, _ = indexed
    berita = corpus / "berita.jsonl"
    before = berita.stat()
    berita.write_text(berita.read_text("utf-8").replace('"berita-003"', '"berita-009"'), "utf-8")
    os.utime(berita, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert berita.stat().st_size == before.st_size
    assert ingest(corpus, index)["added"] == 0

    code, data = check(index, str(corpus))
    assert code == 1
    assert ids(data["missing"]) == ["berita-009"]
    assert ids(data["gone"]) == ["berita-003"]  # its file no longer holds it, though taken as unchanged
    assert data["unchanged_files"] == [display_path(berita)]
    assert "--rebuild" in data["remedy"]


def test_check_agrees_with_ingest_on_ids_whatever_the_order_of_the_folders(tmp_path: Path):
    # c2 is ingested first, so its x.txt is "x.txt" and c1's, added later, "c1/x.txt"; read
    # in the order c1, c2 without ingest's bookkeeping, c1's file would take "x.txt".
    c1, c2 = tmp_path / "c1", tmp_path / "c2"
    for folder, words in ((c1, "Sawah di Karawang"), (c2, "Pelabuhan di Surabaya")):
        folder.mkdir()
        (folder / "x.txt").write_text(f"{words} ramai dikunjungi.", "utf-8")
    index = tmp_path / "ix"
    ingest(c2, index)
    invoke("ingest", str(c1), str(c2), "--index", str(index))
    _, data = check(index)
    assert data["articles"] == 2
    for order in ((c1, c2), (c2, c1)):
        code, data = check(index, *map(str, order))
        assert code == 0, data
        assert data["corpus_articles"] == 2


def test_inputs_that_fail_to_read_are_listed_as_ingest_lists_them(tmp_path: Path, corpus: Path):
    (corpus / "rusak.jsonl").write_text(
        '{"id": "r1", "body": "Isi pertama."}\n{"id": "r2", "body": \n', "utf-8"
    )
    index = tmp_path / "ix"
    failures = ingest(corpus, index)["failures"]
    assert len(failures) == 1  # type: ignore[arg-type]
    code, data = check(index, str(corpus))
    assert code == 1
    assert data["unreadable_files"] == failures
    assert data["missing"] == data["stale"] == data["gone"] == []
    assert data["remedy"] is None
    text = invoke("check", str(corpus), "--index", str(index)).stdout.splitlines()
    verdict = (
        f"index OK: 11 articles in 2 shards, up to date with {corpus}; 1 input of the corpus failed to read"
    )
    assert text[0] == verdict
    assert text[1].startswith(f"  failed   {display_path(corpus / 'rusak.jsonl')}:2: ")


def test_long_lists_are_cut_at_50_lines_in_text_not_in_json(indexed):
    corpus, index, _ = indexed
    for n in range(60):
        (corpus / f"baru-{n:02}.txt").write_text(f"Berita baru nomor {n} tentang cuaca.", "utf-8")
    lines = invoke("check", str(corpus), "--index", str(index)).stdout.splitlines()
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == "  … and 10 more (--format json lists all)"
    assert len(check(index, str(corpus))[1]["missing"]) == 60  # type: ignore[arg-type]


def test_field_option_makes_ids_as_ingest_made_them(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text('{"kode": "k-1", "naskah": "Harga cabai naik di pasar."}\n', "utf-8")
    index = tmp_path / "ix"
    ingest(corpus, index, "--field", "id=kode", "--field", "body=naskah")
    code, data = check(index, str(corpus), "--field", "id=kode", "--field", "body=naskah")
    assert code == 0, data
    code, data = check(index, str(corpus))  # without it: the map the last ingest of the folder had
    assert code == 0, data
    code, data = check(index, str(corpus), "--field", "body=tiada")  # another map: no body, unreadable
    assert code == 1
    assert data["unreadable_files"] and data["missing"] == data["gone"] == []


def test_an_index_whose_first_build_stopped_is_incomplete_until_finished(tmp_path: Path, monkeypatch):
    from warta import engine

    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "ix"
    with monkeypatch.context() as patch:
        patch.setattr(engine.ShardWriter, "FLUSH_POSTINGS", 50)  # commits along the way

        def stop(self, *_args: object) -> None:
            raise KeyboardInterrupt

        patch.setattr(engine.ShardWriter, "commit", stop)  # then the run stops before its last commits
        assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 130
    stopped = invoke("check", str(corpus), "--index", str(index))
    assert stopped.exit_code == 1
    assert stopped.stdout.startswith(f"index at {index} is incomplete: the ingest building it stopped")
    assert f"finish it with: warta ingest {corpus} --index {index}" in stopped.stdout
    alone = json.loads(invoke("check", "--index", str(index), "--format", "json").stdout)
    # without PATHS, the remedy names the corpus the stopped ingest was reading, not a placeholder
    assert alone["incomplete"] is True and alone["remedy"] == f"warta ingest {corpus} --index {index}"
    searched = invoke("search", "banjir", "--index", str(index))
    assert f"finish it with: warta ingest {corpus} --index {index}" in searched.stderr
    stats = invoke("stats", "--index", str(index))
    assert f"finish it with: warta ingest {corpus} --index {index}" in stats.stderr
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    assert invoke("check", str(corpus), "--index", str(index)).exit_code == 0


def test_check_reports_its_progress_reading_back_the_index_then_the_corpus(indexed):
    corpus, index, _ = indexed
    calls: list[tuple[str, int, int]] = []
    warta.check_index(index, [corpus], progress=lambda *args: calls.append(args))
    stages = [stage for stage, _d, _t in calls]
    assert stages == sorted(stages, key=["verifying", "comparing"].index) and set(stages) == {
        "verifying",
        "comparing",
    }
    for stage in ("verifying", "comparing"):
        mine = [(d, t) for s, d, t in calls if s == stage]
        assert [d for d, _t in mine] == sorted(d for d, _t in mine)  # never backwards
        assert mine[-1][0] == mine[-1][1] > 0  # and to the end
    corpus_bytes = sum(p.stat().st_size for p in corpus.rglob("*") if p.suffix != ".pdf" and p.is_file())
    assert calls[-1] == ("comparing", corpus_bytes, corpus_bytes)


def test_remedies_name_every_folder_with_the_options_it_was_ingested_with(tmp_path: Path):
    first, second = tmp_path / "c1", tmp_path / "c2"
    for folder in (first, second):
        folder.mkdir()
        (folder / f"{folder.name}.txt").write_text("Banjir\n\nBanjir di Bekasi.", "utf-8")
        (folder / "SOURCE.txt").write_text("Where this came from.", "utf-8")
    index = tmp_path / "ix"
    ingest(first, index)
    ingest(second, index, "--exclude", "SOURCE*")
    # one command per set of options; a rebuild only in the first, so the second adds to it
    assert engine.ingest_command(index, rebuild=True) == (
        f"warta ingest {first} --rebuild --index {index} && "
        f"warta ingest {second} --index {index} --exclude 'SOURCE*'"
    )
    # check without options compares each folder as it was ingested: both up to date
    assert check(index, str(first))[0] == 0 and check(index, str(second))[0] == 0
    result = invoke("check", str(first), str(second), "--index", str(index))
    assert result.exit_code == 2 and "different --field or --exclude options" in result.stderr


# -- the inventory column (what incremental ingest reads of each article) -------------------


def test_an_index_of_format_5_is_searched_updated_and_checked_as_it_is(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
):
    # format 5: no inventory column, paragraphs and quotes recorded as JSON (format 6 packs them)
    from warta.engine import index as index_module

    made = index_module.build_schema

    def without_inventory():  # the schema of an index written before the column existed
        schema = made()
        schema.remove("inventory")
        return schema

    monkeypatch.setattr(index_module, "build_schema", without_inventory)
    monkeypatch.setattr(index_module, "FORMAT_VERSION", 5)
    index = tmp_path / "ix"
    assert ingest(corpus, index)["added"] == 10
    monkeypatch.undo()
    assert "inventory" not in engine.open_index(index).schema.names()
    quotes = invoke(
        "search", "gencatan senjata", "--speaker", "Blinken", "--index", str(index), "--format", "json"
    )
    assert sorted(h["passage"] for h in hits(quotes)) == ["q1", "q3"]  # read from the JSON record

    (corpus / "banjir.txt").write_text(
        "Banjir surut\n\nAir banjir di Kampung Melayu surut pagi ini.\n", "utf-8"
    )
    (corpus / "daerah" / "riau.md").unlink()
    (corpus / "baru.txt").write_text("Gempa di Cianjur\n\nGempa mengguncang Cianjur siang tadi.\n", "utf-8")
    report = ingest(corpus, index)
    assert (report["added"], report["updated"], report["deleted"]) == (1, 1, 1)
    assert report["unchanged"] == 10 - 1 - 1
    assert ingest(corpus, index)["unchanged"] == 10  # and now nothing has changed
    code, data = check(index, str(corpus))
    assert code == 0 and data["problems"] == [] and data["missing"] == data["stale"] == []
    found = hits(invoke("search", "cianjur", "--index", str(index), "--format", "json"))
    assert [h["id"] for h in found] == ["baru.txt"]
    found = hits(invoke("search", "cianjur", "--unit", "passage", "--index", str(index), "--format", "json"))
    assert [(h["id"], h["passage"]) for h in found] == [("baru.txt", "p1")]
    stats = json.loads(invoke("stats", "--index", str(index), "--format", "json").stdout)
    assert stats["articles"] == 10 and stats["paragraphs"] > 10 and stats["quotes"] >= 3
    assert json.loads((index / "warta.json").read_text("utf-8"))["version"] == 5  # still format 5


def test_check_says_when_the_inventory_disagrees_with_the_stored_fields(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
):
    import dataclasses

    from warta.engine import schema

    encode = schema.encode_inventory
    monkeypatch.setattr(
        schema,
        "encode_inventory",
        lambda doc_id, known: encode(doc_id, dataclasses.replace(known, file_key="x")),
    )
    index = tmp_path / "ix"
    ingest(corpus, index)
    monkeypatch.undo()
    code, data = check(index)
    assert code == 3 and data["ok"] is False
    assert any("inventory entries disagree with their stored fields" in p for p in data["problems"])
