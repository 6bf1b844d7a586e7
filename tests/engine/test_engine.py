"""The index layer: the bulk writer against Whoosh's own, shards, manifest."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

import warta
from conftest import invoke, one_article_index
from warta import engine
from warta.analysis.article import analyse_article
from warta.engine import BulkSegmentWriter, WartaCodec
from warta.model import Article

WORDS = [
    *"pemerintah rakyat banjir gempa harga beras jalan kota desa sekolah presiden menteri".split(),
    *"berunding perundingan kebijakan ekonomi pasar petani nelayan pelabuhan kapal hujan".split(),
]


def articles(n: int) -> list[Article]:
    rnd = random.Random(11)
    out = []
    for i in range(n):
        body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 60)))
        out.append(Article(id=f"a{i:04d}", title=" ".join(rnd.sample(WORDS, 3)), body=body, source="Uji"))
    return out


def build(root: Path, writer_class: type, **kwargs: object) -> Path:
    engine.switch_generation(root, engine.create_generation(root, 1, None))
    shard = engine.open_index(root).shard_index(0)
    writer = writer_class(shard, **kwargs)
    for article in articles(400):  # common words exceed one 128-posting block
        writer.add_document(**engine.document(analyse_article(article), "key", "sig"))
    writer.commit()
    return root


@pytest.mark.parametrize("inlinelimit", [1, 16])
def test_bulk_writer_builds_what_whoosh_builds(tmp_path: Path, inlinelimit: int):
    stock = build(tmp_path / "stock", SegmentWriter)
    bulk = build(tmp_path / "bulk", BulkSegmentWriter, codec=WartaCodec(inlinelimit=inlinelimit))
    queries = ["banjir", "berunding", '"harga beras"', "presiden menteri -kapal", "title:pasar", "source:uji"]
    with warta.Searcher(stock) as a, warta.Searcher(bulk) as b:
        for q in queries:
            for unit in ("article", "passage"):
                ra = a.search(q, limit=400, unit=unit, collapse=False)
                rb = b.search(q, limit=400, unit=unit, collapse=False)
                assert ra.total == rb.total > 0, q
                assert [(h.key, h.score, h.snippet) for h in ra.hits] == [
                    (h.key, h.score, h.snippet) for h in rb.hits
                ]
    ra, rb = engine.open_index(stock).reader(), engine.open_index(bulk).reader()
    for field in ("title", "body", "exact"):
        assert list(ra.lexicon(field)) == list(rb.lexicon(field))
        assert ra.field_length(field) == rb.field_length(field)


def test_manifest_names_the_shards_and_version(tmp_path: Path):
    one_article_index(tmp_path, "Satu\n\nDua tiga.", shards=3)
    manifest = json.loads((tmp_path / "ix" / "warta.json").read_text())
    assert manifest["format"] == "warta-index" and manifest["version"] == engine.FORMAT_VERSION
    assert manifest["shards"] == ["g1-s0", "g1-s1", "g1-s2"]
    assert warta.open_index(tmp_path / "ix").shard_count == 3


def test_an_index_from_another_format_version_asks_for_a_rebuild(tmp_path: Path):
    one_article_index(tmp_path, "Satu\n\nDua tiga.", shards=2)
    path = tmp_path / "ix" / "warta.json"
    manifest = json.loads(path.read_text())
    manifest["version"] = 999
    path.write_text(json.dumps(manifest))
    with pytest.raises(warta.IndexUnreadableError, match=r"incompatible version.*--rebuild"):
        warta.search("dua", tmp_path / "ix")


def test_a_damaged_shard_is_reported_not_raised(tmp_path: Path):
    one_article_index(tmp_path, "Satu\n\nDua tiga.", shards=1)
    for toc in (tmp_path / "ix" / "g1-s0").glob("*.toc"):
        toc.write_bytes(b"garbage")
    result = invoke("search", "dua", "--index", str(tmp_path / "ix"))
    assert result.exit_code == 3
    assert result.stderr.startswith("warta: error: index at ")
    assert (
        f"rebuild it with: warta ingest {tmp_path / 'c'} --rebuild --index {tmp_path / 'ix'}" in result.stderr
    )


def test_segment_files_read_as_streams_without_a_copy_read_as_a_copy_would():
    # warta opens Whoosh's memory-mapped segment files without copying them into a
    # BytesIO; what Whoosh reads from them as a stream must not change
    import io
    import pickle

    from whoosh.filedb.structfile import BufferFile

    data = b"line one\nline two\n" + pickle.dumps({"a": [1, 2, 3]}, protocol=2) + bytes(range(256))
    mapped, copied = BufferFile(memoryview(data)), io.BytesIO(data)
    for stream in (mapped, copied):
        stream.seek(0)
    assert mapped.readline() == copied.readline()
    mapped.seek(len(b"line one\nline two\n"))
    copied.seek(len(b"line one\nline two\n"))
    assert mapped.read_pickle() == pickle.load(copied)
    assert (mapped.tell(), mapped.read(10)) == (copied.tell(), copied.read(10))
    assert mapped.get(5, 3) == data[5:8]  # reads by position, as before
    mapped.seek(-4, io.SEEK_END)
    assert mapped.read() == data[-4:] and mapped.read(3) == b""
    with pytest.raises(ValueError):
        mapped.seek(-1)
    mapped.close()
    with pytest.raises(ValueError):
        mapped.file.read(1)
