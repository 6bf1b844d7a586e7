"""Sources and categories: from the web address when no field names one, counted whatever their case."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import hits, ingest_json, invoke


def _index(tmp_path: Path, records: list[dict[str, str]], name: str = "berita.jsonl") -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / name).write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    index = tmp_path / "ix"
    code, report = ingest_json(str(data), "--index", str(index))
    assert code == 0, report
    return index


def test_without_a_source_field_the_outlet_is_the_one_the_web_address_names(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "data_berita.csv").write_text(
        "id,judul,tautan,isi_berita\n"
        "1,Banjir Bekasi,https://news.detik.com/berita/d-1/banjir,Banjir merendam Bekasi.\n"
        "2,Gempa Cianjur,https://www.kompas.id/baca/2,Gempa mengguncang Cianjur.\n",
        "utf-8",
    )
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    found = hits(invoke("search", "banjir OR gempa", "--index", str(index), "--format", "json"))
    assert {h["id"]: h["source"] for h in found} == {"1": "detik.com", "2": "kompas.id"}
    only = hits(
        invoke(
            "search", "banjir OR gempa", "--source", "detik.com", "--index", str(index), "--format", "json"
        )
    )
    assert [h["id"] for h in only] == ["1"]
    shown = json.loads(invoke("show", "1", "--index", str(index), "--format", "json").stdout)
    assert shown["source"] == "detik.com"


def test_a_source_field_wins_over_the_web_address_and_the_dateline(tmp_path: Path):
    index = _index(
        tmp_path,
        [
            {
                "id": "a",
                "title": "Harga beras",
                "body": "JAKARTA, KOMPAS.com - Harga beras naik.",
                "url": "https://news.detik.com/x",
                "source": "Antara",
            },
            {"id": "b", "title": "Harga cabai", "body": "JAKARTA, KOMPAS.com - Harga cabai naik."},
        ],
    )
    found = hits(invoke("search", "harga", "--index", str(index), "--format", "json"))
    assert {h["id"]: h["source"] for h in found} == {"a": "Antara", "b": "KOMPAS.com"}


def test_a_country_in_the_dateline_is_not_a_source(tmp_path: Path):
    index = _index(
        tmp_path, [{"id": "s", "title": "Vote", "body": "SOFIA, Bulgaria - The government resigned."}]
    )
    shown = json.loads(invoke("show", "s", "--index", str(index), "--format", "json").stdout)
    assert (shown["source"], shown["dateline"]) == (None, "SOFIA")


def _mixed_case(tmp_path: Path) -> Path:
    records = [
        {
            "id": "1",
            "title": "Artis menikah",
            "body": "Artis menikah.",
            "source": "Kompas.com",
            "category": "Selebriti",
        },
        {
            "id": "2",
            "title": "Artis bercerai",
            "body": "Artis bercerai.",
            "source": "KOMPAS.com",
            "category": "SELEBRITI",
        },
        {
            "id": "3",
            "title": "Artis liburan",
            "body": "Artis liburan.",
            "source": "Kompas.com",
            "category": "Selebriti",
        },
        {
            "id": "4",
            "title": "Artis sakit",
            "body": "Artis sakit.",
            "source": "tempo.co",
            "category": "selebriti",
        },
    ]
    return _index(tmp_path, records)


def test_facets_count_a_label_written_in_several_cases_once_under_its_commonest_form(tmp_path: Path):
    index = _mixed_case(tmp_path)
    result = invoke(
        "search", "artis", "--facets", "source,category", "--index", str(index), "--format", "json"
    )
    facets = json.loads(result.stdout)["facets"]
    assert facets["source"] == {"Kompas.com": 3, "tempo.co": 1}
    assert facets["category"] == {"Selebriti": 4}


def test_stats_count_sources_and_categories_as_facets_do(tmp_path: Path):
    index = _mixed_case(tmp_path)
    stats = json.loads(invoke("stats", "--index", str(index), "--format", "json").stdout)
    assert stats["sources"] == {"Kompas.com": 3, "tempo.co": 1}
    assert stats["categories"] == {"Selebriti": 4}
    text = invoke("stats", "--index", str(index)).stdout
    assert "KOMPAS.com" not in text and "SELEBRITI" not in text
    assert "categories\n         4  Selebriti" in text
