"""Searching the fixture corpus: stems, phrases, operators, filters, output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import warta
from conftest import hits, invoke, one_article_index


def ids(found: list[dict[str, object]]) -> list[object]:
    return [h["id"] for h in found]


# -- Indonesian stemming -----------------------------------------------------


def test_affixed_query_finds_other_forms_of_the_same_root(search):
    # "berunding" shares the root "runding" with "perundingan" in the seed.
    assert "000_1f04c6eb8e8ae419.txt" in ids(search("berunding"))


def test_menggagalkan_finds_gagal(search):
    # The seed says "terus gagal"; the query is the me-kan form.
    assert "000_1f04c6eb8e8ae419.txt" in ids(search("menggagalkan"))


def test_exact_form_ranks_above_a_stem_only_match(search):
    # berita-001 contains "berunding" itself; the seed only "perundingan".
    found = ids(search("berunding"))
    assert found.index("berita-001") < found.index("000_1f04c6eb8e8ae419.txt")


def test_reduplication_matches_its_root(search):
    # The fixture says "Anak-anak diungsikan"; a search for "anak" finds it.
    assert ids(search("anak")) == ["banjir.txt"]


def test_numbers_with_separators_are_single_terms(search):
    # 1.139 rumah in banjir.txt, 1.139 masyarakat in the seed
    assert set(ids(search("1.139"))) == {"banjir.txt", "000_1f04c6eb8e8ae419.txt"}
    assert ids(search("12.345")) == ["berita-002"]
    # The parts of 1.139 are not words of their own.
    assert search("139") == []


def test_decimal_comma_number(search):
    assert ids(search("6,5")) == ["berita-001"]


def test_accents_are_folded(search):
    # berita-003 writes "café" and "kafe"; the unaccented query finds it.
    assert ids(search("cafe")) == ["berita-003"]
    assert ids(search("café")) == ["berita-003"]


# -- filters and paging ------------------------------------------------------


def test_source_filter(search):
    assert ids(search("harga", "--source", "detik.com")) == ["berita-003"]
    assert ids(search("harga", "--source", "Detik.com")) == ["berita-003"]


def test_lang_filter(search):
    assert ids(search("upah", "--lang", "id")) == ["berita-001"]
    assert search("upah", "--lang", "en") == []


def test_date_filters(search):
    found = ids(search("harga OR upah OR pemilu", "--since", "2019-09-01", "--until", "2019-09-30"))
    assert found == ["berita-001"]
    # harga gabah in detik.csv#2 (2025) is after October 2019 too
    assert set(ids(search("harga OR upah OR pemilu", "--since", "2019-10"))) == {
        "berita-002",
        "daerah/detik.csv#2",
    }
    assert set(ids(search("harga OR upah OR pemilu", "--until", "2019-08"))) == {"berita-003"}


def test_limit_and_offset_page_through_the_same_ranking(search):
    everything = ids(search("di", "--limit", "50"))
    assert len(everything) >= 4
    assert ids(search("di", "--limit", "2")) == everything[:2]
    assert ids(search("di", "--limit", "2", "--offset", "2")) == everything[2:4]


# -- output ------------------------------------------------------------------


def test_json_schema(corpus_index):
    _, index = corpus_index
    result = invoke("search", "berunding", "--index", str(index), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {
        "query",
        "original_query",
        "corrected_query",
        "suggestion",
        "translation",
        "translated_query",
        "unit",
        "total",
        "hits",
    }
    assert data["translation"] is None and data["translated_query"] is None  # an Indonesian query
    assert data["query"] == data["original_query"] == "berunding" and data["unit"] == "article"
    assert data["corrected_query"] is None and data["suggestion"] is None
    assert data["total"] == len(data["hits"]) == 2
    first = data["hits"][0]
    assert first == {
        "rank": 1,
        "id": "berita-001",
        "score": first["score"],
        "title": "Pemerintah dan Buruh Berunding Soal Upah Minimum",
        "source": "Kompas.com",
        "date": "2019-09-10",
        "lang": "id",
        "dateline": None,
        "url": "https://example.com/upah",
        "path": first["path"],
        "record": 1,
        "unit": "article",
        "passage": None,
        "speaker": None,
        "text": None,
        "snippet": first["snippet"],
        "similar": [],
    }
    assert isinstance(first["score"], float) and first["score"] > 0
    assert Path(first["path"]).name == "berita.jsonl"
    assert "<mark>berunding</mark>" in first["snippet"]


def test_snippet_highlights_stemmed_matches(search):
    seed = next(h for h in search("berunding") if h["id"] == "000_1f04c6eb8e8ae419.txt")
    assert "<mark>perundingan</mark>" in seed["snippet"]
    assert "\n" not in seed["snippet"]


def test_article_without_title_shows_its_first_words_past_the_dateline(search):
    seed = search('"gencatan senjata"')[0]
    # the text opens "Holopis.com HOLOPIS.COM, JAKARTA – Menteri ...": the dateline is no headline
    assert seed["title"].startswith("Menteri Luar Negeri Amerika Serikat, Antony Blinken")
    assert seed["title"].endswith("…")


def test_text_output_shows_rank_title_source_date_and_emphasis(corpus_index):
    _, index = corpus_index
    from click.testing import CliRunner

    from warta.cli import cli

    result = CliRunner().invoke(cli, ["search", "upah", "--index", str(index)], color=True)
    assert result.exit_code == 0
    out = result.stdout
    assert "1 article for 'upah'" in out
    assert "Pemerintah dan Buruh Berunding Soal Upah Minimum" in out
    assert "Kompas.com · 2019-09-10" in out
    assert "\x1b[" in out  # the matched word is emphasised on a terminal
    plain = invoke("search", "upah", "--index", str(index)).stdout
    assert "\x1b[" not in plain  # and not when piped


def test_jsonl_prints_one_hit_per_line(corpus_index):
    _, index = corpus_index
    result = invoke("search", "harga", "--index", str(index), "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # harga kopi, harga saham, harga gabah
    assert [json.loads(line)["rank"] for line in lines] == [1, 2, 3]


def test_trec_and_tsv(corpus_index):
    _, index = corpus_index
    trec = invoke("search", "harga", "--index", str(index), "--format", "trec").stdout.splitlines()
    assert len(trec) == 3
    qid, q0, docid, rank, score, tag = trec[0].split()
    assert (qid, q0, rank, tag) == ("1", "Q0", "1", "warta")
    assert docid == "berita-003" and float(score) > 0
    tsv = invoke("search", "harga", "--index", str(index), "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["qid", "rank", "id", "score", "date", "source", "title", "path"]
    assert tsv[1].split("\t")[2] == "berita-003"


# -- batch -------------------------------------------------------------------


def test_batch_json_gives_one_line_per_query(corpus_index, tmp_path):
    _, index = corpus_index
    topics = tmp_path / "topics.tsv"
    topics.write_text("q1\tberunding\nq2\tgempa lombok\nq3\tzzzzqqq\n", "utf-8")
    result = invoke("search", "--batch", str(topics), "--index", str(index), "--format", "json")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["qid"], x["query"], x["total"]) for x in lines] == [
        ("q1", "berunding", 2),
        ("q2", "gempa lombok", 1),
        ("q3", "zzzzqqq", 0),
    ]
    assert lines[1]["hits"][0]["id"] == "daerah/detik.csv#1"


def test_batch_without_qids_numbers_queries_and_reads_stdin(corpus_index):
    _, index = corpus_index
    result = invoke(
        "search", "--batch", "-", "--index", str(index), "--format", "trec", input="harga\nupah\n"
    )
    qids = [line.split()[0] for line in result.stdout.splitlines()]
    assert qids == ["1", "1", "1", "2"]  # harga: 3 hits, upah: 1


def test_batch_reports_a_bad_query_and_goes_on(corpus_index):
    _, index = corpus_index
    result = invoke(
        "search", "--batch", "-", "--index", str(index), "--format", "jsonl", input="a\t:\nb\tharga\n"
    )
    assert result.exit_code == 0
    assert "query a:" in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["qid"], x["total"]) for x in lines] == [("a", 0), ("b", 3)]
    assert "has no searchable words" in lines[0]["error"] and "error" not in lines[1]  # in the file too


BATCH_WORDS = ["berunding", "gempa lombok", "harga", "upah", "banjir", "zzzzqqq", ":", "harga beras", "riau"]


def _long_batch() -> list[tuple[str, str]]:
    """250 queries (one of them rejected on each round): enough to be shared among processes."""
    return [(f"q{n}", BATCH_WORDS[n % len(BATCH_WORDS)]) for n in range(250)]


def test_a_batch_shared_among_processes_gives_what_one_process_gives(corpus_index, monkeypatch):
    from warta import batches

    _, index = corpus_index
    shared = []
    real = batches.run_in_processes
    monkeypatch.setattr(batches, "run_in_processes", lambda *a: shared.append(a[2]) or real(*a))
    with warta.Searcher(index) as searcher:
        alone = list(searcher.search_many(_long_batch(), limit=5, jobs=1))
        together = list(searcher.search_many(_long_batch(), limit=5, jobs=2))
    assert shared == [2]  # the second batch did run in two processes
    assert [r.qid for r in together] == [f"q{n}" for n in range(250)]
    assert [(r.qid, r.total, r.error, [(h.id, h.score, h.snippet) for h in r.hits]) for r in together] == [
        (r.qid, r.total, r.error, [(h.id, h.score, h.snippet) for h in r.hits]) for r in alone
    ]
    assert sum(r.error is not None for r in together) == 28  # ":" is rejected, and the batch goes on


def test_batch_jobs_on_the_command_line(corpus_index, tmp_path: Path):
    _, index = corpus_index
    topics = tmp_path / "topics.tsv"
    topics.write_text("".join(f"{qid}\t{text}\n" for qid, text in _long_batch()), "utf-8")
    runs = [
        invoke("search", "--batch", str(topics), "--index", str(index), "--format", "trec", "--jobs", jobs)
        for jobs in ("1", "2")
    ]
    assert [r.exit_code for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.count("\n") > 250
    refused = invoke("search", "--batch", str(topics), "--index", str(index), "--jobs", "0")
    assert refused.exit_code == 2 and "--jobs" in refused.output
    alone = invoke("search", "banjir", "--index", str(index), "--jobs", "2")  # no batch to share
    assert alone.exit_code == 2 and "--jobs shares a --batch" in alone.output


@pytest.mark.parametrize("jobs", [0, -1, 1.5, "2", True])
def test_jobs_that_cannot_be_used_are_refused_by_name(corpus_index, jobs):
    _, index = corpus_index
    with warta.Searcher(index) as searcher, pytest.raises(warta.RequestError) as refused:
        list(searcher.search_many([("q", "banjir")], jobs=jobs))
    assert refused.value.parameter == "jobs"


# -- library API -------------------------------------------------------------


def test_library_search_returns_typed_hits(corpus_index):
    import datetime as dt

    import warta

    _, index = corpus_index
    results = warta.search("upah minimum", index)
    assert results.total == 1
    hit = results.hits[0]
    assert isinstance(hit, warta.Hit)
    assert hit.date == dt.date(2019, 9, 10)
    with warta.Searcher(index) as s:
        assert s.search("kopi", filters=warta.Filters(source="kompas")).total == 0
        assert s.search("kopi", filters=warta.Filters(source="detik")).total == 1


def test_filters_that_exclude_every_hit_give_total_0_and_exit_1(corpus_index):
    _, index = corpus_index
    for extra in (
        ["--source", "tempo"],
        ["--lang", "en"],
        ["--since", "2030"],
        ["--since", "2025-11", "--until", "2025-10"],
    ):
        result = invoke("search", "banjir", "--index", str(index), "--format", "json", *extra)
        assert result.exit_code == 1, extra
        assert json.loads(result.stdout) == {
            "query": "banjir",
            "original_query": "banjir",
            "corrected_query": None,
            "suggestion": None,
            "translation": None,
            "translated_query": None,
            "unit": "article",
            "total": 0,
            "hits": [],
        }


def test_filters_do_not_change_scores(search):
    unfiltered = {h["id"]: h["score"] for h in search("harga")}
    filtered = search("harga", "--source", "detik")
    assert [h["id"] for h in filtered] == ["berita-003"]
    assert filtered[0]["score"] == unfiltered["berita-003"]


def test_articles_with_every_query_word_rank_above_those_repeating_some(tmp_path: Path):
    import warta

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "koperasi.txt").write_text(
        "Gerai Koperasi Dibuka\n\nKoperasi Merah Putih dibuka di desa. Gerai Merah Putih ramai, "
        "warga menyambut koperasi itu dengan gembira.",
        "utf-8",
    )
    (corpus / "kabinet.txt").write_text(
        "Sidang Paripurna di Istana\n\nPara menteri Kabinet Merah Putih mengikuti sidang paripurna "
        "yang membahas anggaran, pangan, energi, pendidikan dan kesehatan tahun depan.",
        "utf-8",
    )
    warta.ingest([corpus], tmp_path / "ix")
    three = {h.id: h.score for h in warta.search("kabinet merah putih", tmp_path / "ix").hits}
    assert list(three) == ["kabinet.txt", "koperasi.txt"]
    # koperasi.txt has two of the three words: its score is two thirds of its
    # score for just those two words
    two = {h.id: h.score for h in warta.search("merah putih", tmp_path / "ix").hits}
    assert three["koperasi.txt"] == pytest.approx(two["koperasi.txt"] * 2 / 3)
    assert three["kabinet.txt"] > two["kabinet.txt"]
    # each word alone still ranks by BM25: the article repeating it comes first
    assert warta.search("merah", tmp_path / "ix").hits[0].id == "koperasi.txt"


# -- found in code review -------------------------------------------------------------


def test_language_codes_match_in_any_case(search):
    assert ids(search("upah lang:ID")) == ids(search("upah lang:id")) == ["berita-001"]


def test_related_finds_the_same_story_and_not_the_article_itself(tmp_path: Path):
    import warta

    corpus = tmp_path / "c"
    corpus.mkdir()
    stories = {
        "banjir-1.txt": "Banjir Jakarta\n\nBanjir merendam Kampung Melayu. Warga mengungsi, "
        "perahu karet dikerahkan BPBD.",
        "banjir-2.txt": "Air Meluap\n\nKampung Melayu kembali terendam banjir. BPBD mengerahkan "
        "perahu karet untuk warga.",
        "kopi.txt": "Harga Kopi\n\nHarga kopi di pasar naik karena panen petani menurun tahun ini.",
    }
    for name, text in stories.items():
        (corpus / name).write_text(text, "utf-8")
    warta.ingest([corpus], tmp_path / "ix")
    result = invoke("related", "banjir-1.txt", "--index", str(tmp_path / "ix"), "--format", "json")
    assert result.exit_code == 0
    found = [h["id"] for h in json.loads(result.stdout)["hits"]]
    assert found[0] == "banjir-2.txt" and "banjir-1.txt" not in found
    missing = invoke("related", "tidak-ada.txt", "--index", str(tmp_path / "ix"))
    assert missing.exit_code == 1 and "no article with id 'tidak-ada.txt'" in missing.stderr


def test_facets_count_every_match_not_only_the_page(corpus_index):
    _, index = corpus_index
    result = invoke(
        "search", "harga OR upah OR pemilu", "--facets", "source,month", "--limit", "1",
        "--index", str(index), "--format", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["total"] == 5 and len(data["hits"]) == 1
    assert data["facets"]["source"] == {
        "(none)": 2, "Detik.com": 1, "Kompas.com": 1, "Tempo.co": 1,
    }  # fmt: skip
    assert data["facets"]["month"] == {"2019-08": 1, "2019-09": 1, "2019-10": 1, "2025-10": 1, "(none)": 1}
    text = invoke("search", "harga OR upah OR pemilu", "--facets", "month", "--index", str(index)).stdout
    assert "  month: " in text and "2019-09 1" in text
    assert "facets" not in json.loads(
        invoke("search", "harga", "--index", str(index), "--format", "json").stdout
    )


def test_unknown_facet_is_a_usage_error(corpus_index):
    _, index = corpus_index
    result = invoke("search", "harga", "--facets", "author", "--index", str(index))
    assert result.exit_code == 2 and "cannot count by 'author'" in result.stderr


def test_excluded_word_excludes_the_first_match_too(tmp_path):
    # Whoosh's AND NOT kept the first match of the wanted word when the excluded word
    # started at an earlier article (here "jakarta" in a-0 before "banjir" in a-1)
    records = [
        {"id": "a-0", "title": "Hujan di Jakarta", "body": "Hujan deras di Jakarta sejak pagi."},
        {"id": "a-1", "title": "Banjir di Jakarta", "body": "Banjir merendam rumah di Jakarta."},
        {"id": "a-2", "title": "Banjir di Bandung", "body": "Banjir merendam rumah di Bandung."},
    ]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    warta.ingest([tmp_path / "c"], tmp_path / "index", workers=False, shards=1)
    for query in ("banjir -jakarta", "banjir NOT jakarta", "banjir -title:jakarta"):
        assert [h.id for h in warta.search(query, tmp_path / "index").hits] == ["a-2"], query


def test_excluding_a_word_never_reads_past_the_wanted_matches():
    # "kitab undang-undang hukum pidana" -kuhp crashed on id-news: when the search
    # skipped the wanted side past its last article, Whoosh's AND NOT still asked it
    # for its current article (an IndexError).  Shown here on Whoosh's own matchers.
    from whoosh.matching import ListMatcher, binary

    import warta.engine  # noqa: F401  (applies engine/whoosh_fixes.py)

    wanted, excluded = ListMatcher([1, 5]), ListMatcher([1, 9])
    matcher = binary.AndNotMatcher(wanted, excluded)
    assert matcher.id() == 5  # 1 is excluded
    matcher.skip_to(7)  # past the last wanted article
    assert not matcher.is_active()


def test_snippets_mark_words_whose_root_changes_its_first_letter(tmp_path: Path):
    # menyapu -> sapu, memukul -> pukul, penulis -> tulis: the written word does
    # not contain the root as typed; sekedar is corrected to the root sekadar
    text = (
        "Warga Menyapu Jalan\n\nWarga menyapu jalan dan memukul kentongan. Seorang penulis "
        "datang sekedar melihat, lalu ikut menyapu halaman masjid."
    )
    _, index = one_article_index(tmp_path, text)
    for query, marked in (
        ("sapu", ["menyapu", "menyapu"]),
        ("pukul tulis", ["memukul", "penulis"]),
        ("sekadar", ["sekedar"]),
    ):
        result = invoke("search", query, "--index", str(index), "--format", "json")
        snippet = hits(result)[0]["snippet"]
        assert re.findall(r"<mark>(.*?)</mark>", snippet) == marked, (query, snippet)


def test_snippets_mark_words_written_with_an_apostrophe(tmp_path: Path):
    # analysis drops inner apostrophes (Jum'at is indexed as jumat): the snippet marks them too
    text = "Salat Jumat\n\nWarga menunaikan salat Jum'at dan salat Jum’at di masjid raya."
    _, index = one_article_index(tmp_path, text)
    snippet = hits(invoke("search", "jumat", "--index", str(index), "--format", "json"))[0]["snippet"]
    assert re.findall(r"<mark>(.*?)</mark>", snippet) == ["Jum'at", "Jum’at"], snippet


def test_tsv_and_trec_rank_as_json_does_without_building_snippets(corpus_index):
    _, index = corpus_index
    as_json = json.loads(invoke("search", "banjir", "--index", str(index), "--format", "json").stdout)
    trec = invoke("search", "banjir", "--index", str(index), "--format", "trec").stdout.splitlines()
    assert [line.split()[2] for line in trec] == [h["id"] for h in as_json["hits"]]
    assert all(h["snippet"] for h in as_json["hits"])  # JSON has them
    with warta.Searcher(index) as searcher:
        bare = searcher.search("banjir", snippets=False)
        assert [h.id for h in bare.hits] == [h["id"] for h in as_json["hits"]]
        assert [round(h.score, 4) for h in bare.hits] == [h["score"] for h in as_json["hits"]]
        assert not any("<mark>" in h.snippet for h in bare.hits)  # the first words, unmarked
        with pytest.raises(warta.RequestError):
            searcher.search("banjir", snippets="no")  # type: ignore[arg-type]
