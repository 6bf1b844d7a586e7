"""Shared fixtures: a small Indonesian corpus written by the tests, and helpers.

The articles are short and invented for the tests; each exists to exercise
something specific (stems, phrases, numbers, dates, sources, formats).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from warta.cli import cli

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "000_1f04c6eb8e8ae419.txt"
# The shared corpora (../shared/data); tests that need them are skipped without them.
SHARED_DATA = Path(os.environ.get("WARTA_SHARED_DATA", REPO.parent / "shared" / "data"))

BANJIR_TXT = """Banjir Rendam Ribuan Rumah di Jakarta Timur

JAKARTA – Banjir merendam 1.139 rumah warga di Jakarta Timur setelah hujan deras
mengguyur sejak Senin malam. Anak-anak diungsikan ke masjid terdekat.

“Kami sudah mengerahkan perahu karet,” kata Kepala Pelaksana BPBD DKI, Isnawa Adji.
"""

JSONL_RECORDS = [
    {
        "id": "berita-001",
        "title": "Pemerintah dan Buruh Berunding Soal Upah Minimum",
        "body": "Perwakilan buruh berunding dengan pemerintah di Jakarta. Kenaikan upah minimum "
        "sebesar 6,5 persen menjadi pokok pembahasan.",
        "source": "Kompas.com",
        "date": "2019-09-10",
        "url": "https://example.com/upah",
        "category": "Ekonomi",
        "lang": "id",
    },
    {
        "id": "berita-002",
        "title": "KPU Umumkan Jadwal Pemilu",
        "body": "Komisi Pemilihan Umum mengumumkan jadwal pemilu serentak. Para relawan mulai "
        "mendata pemilih di 12.345 desa.",
        "source": "Tempo.co",
        "date": "2019-10-02",
        "category": "Politik",
    },
    {
        "id": "berita-003",
        "title": "Harga Kopi di Kafe Naik",
        "body": "Harga secangkir kopi di café kawasan Menteng naik. Pemilik kafe menyebut harga "
        "biji kopi dunia melonjak sepanjang 2019.",
        "source": "Detik.com",
        "date": "2019-08-15",
    },
]

CSV_TEXT = (
    "judul;isi_berita;tanggal;tautan\n"
    "Gempa Guncang Lombok;Gempa berkekuatan 5,8 mengguncang Lombok Utara pada Rabu pagi. "
    "Warga berhamburan keluar rumah.;10/21/2025 20:43;https://example.com/gempa\n"
    'Petani Panen Raya;"Petani di Karawang memulai panen raya; harga gabah stabil.";21/10/2025;\n'
)

MARKDOWN_TEXT = """---
title: Kebakaran Hutan Meluas di Riau
date: 2019-09-12
source: Riau Pos
lang: id
---
# Kebakaran Hutan Meluas di Riau

Kebakaran hutan dan lahan di **Riau** terus meluas. Kabut asap menyelimuti Pekanbaru.
"""

JSON_LIST = [
    {
        "headline": "Timnas Menang Tipis",
        "content": "Tim nasional menang 1-0 atas Malaysia dalam laga persahabatan.",
        "published": "2019-09-05T19:30:00+07:00",
        "link": "https://example.com/timnas",
    },
    {
        "headline": "Pasar Saham Menguat",
        "content": "Indeks harga saham gabungan menguat pada penutupan perdagangan.",
    },
]


def write_corpus(folder: Path) -> Path:
    """Write the fixture corpus (one file of each format, plus the seed) into *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "banjir.txt").write_text(BANJIR_TXT, "utf-8")
    (folder / "berita.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL_RECORDS), "utf-8"
    )
    (folder / "daerah").mkdir(exist_ok=True)
    (folder / "daerah" / "detik.csv").write_text(CSV_TEXT, "utf-8")
    (folder / "daerah" / "riau.md").write_text(MARKDOWN_TEXT, "utf-8")
    (folder / "olahraga.json").write_text(json.dumps(JSON_LIST, ensure_ascii=False), "utf-8")
    (folder / "catatan.pdf").write_bytes(b"%PDF-1.4 not an article")
    shutil.copy(SEED, folder / SEED.name)
    return folder


def invoke(*args: str, input: str | None = None) -> Result:
    """Run the warta CLI in-process, as a user would type it."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def one_article_index(tmp_path: Path, text: str, shards: int = 2) -> tuple[Path, Path]:
    """A folder ``c`` holding one article (``a.txt``) and its index ``ix``, made by ``warta ingest``."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(text, "utf-8")
    index = tmp_path / "ix"
    result = invoke("ingest", str(corpus), "--index", str(index), "--shards", str(shards))
    assert result.exit_code == 0, result.output
    return corpus, index


def hits(result: Result) -> list[dict[str, object]]:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["hits"]


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture corpus, ingested once for the read-only tests: (corpus, index)."""
    base = tmp_path_factory.mktemp("fixture")
    corpus = write_corpus(base / "corpus")
    index = base / "index"
    result = invoke("ingest", str(corpus), "--index", str(index))
    assert result.exit_code == 0, result.output
    return corpus, index


@pytest.fixture
def search(corpus_index: tuple[Path, Path]):
    """Search the fixture index through the CLI and return the parsed JSON hits."""
    _, index = corpus_index

    def run(*args: str) -> list[dict[str, object]]:
        return hits(invoke("search", *args, "--index", str(index), "--format", "json"))

    return run


def ingest_json(*args: str) -> tuple[int, dict[str, object]]:
    """``warta ingest ARGS --format json``: its exit code and report."""
    result = invoke("ingest", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout.splitlines()[-1])


def search_ids(index: Path, query: str, *extra: str) -> list[object]:
    """The ids ``warta search`` finds for *query* in *index*, best first."""
    return [h["id"] for h in hits(invoke("search", query, "--index", str(index), "--format", "json", *extra))]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A fresh copy of the fixture corpus, for tests that change it."""
    return write_corpus(tmp_path / "corpus")


def ingest_report(corpus: Path, index: Path) -> tuple[int, dict[str, object], str]:
    """``warta ingest`` of *corpus* into *index* as JSON: exit code, report and stderr; never a traceback."""
    result = invoke("ingest", str(corpus), "--index", str(index), "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout.splitlines()[-1]), result.stderr
