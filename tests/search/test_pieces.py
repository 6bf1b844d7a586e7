"""An article's pieces in the index: paragraphs and quotes as units, speakers, datelines,
dates read from the text at ingest, and near duplicates folded in results."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import warta
from conftest import SEED, hits, invoke, one_article_index

SEED_ID = SEED.name


def _json(*args: str) -> dict:
    result = invoke("search", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


# -- paragraphs and quotes ------------------------------------------------------


def test_speaker_finds_that_persons_quotes(corpus_index):
    _, index = corpus_index
    data = _json("--speaker", "Blinken", "gencatan senjata", "--index", str(index))
    assert data["unit"] == "quote"
    found = data["hits"]
    # the seed's quotes q1 ("... untuk melakukan gencatan senjata ...") and q3 ("(perundingan
    # gencatan senjata)") have the words; q2 is about escalation and does not
    assert sorted(h["passage"] for h in found) == ["q1", "q3"]
    for hit in found:
        assert hit["id"] == SEED_ID and hit["unit"] == "quote"
        assert hit["speaker"] == "Antony Blinken"
        assert "gencatan senjata" in hit["text"]
        assert "<mark>gencatan</mark> <mark>senjata</mark>" in hit["snippet"]
    q1 = next(h for h in found if h["passage"] == "q1")
    assert q1["text"].startswith("Ini adalah momen yang menentukan")
    assert not q1["text"].startswith("“")


def test_speaker_who_said_nothing_on_it_gives_no_hits(corpus_index):
    _, index = corpus_index
    result = invoke("search", "--speaker", "Isnawa", "gencatan", "--index", str(index), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["total"] == 0
    # Isnawa Adji is quoted in banjir.txt: his quote is found by its own words
    data = _json("--speaker", "isnawa adji", "perahu karet", "--index", str(index))
    assert [(h["id"], h["speaker"]) for h in data["hits"]] == [("banjir.txt", "Isnawa Adji")]


def test_speaker_with_unit_article_keeps_the_articles_quoting_that_person(corpus_index):
    _, index = corpus_index
    data = _json("--speaker", "Blinken", "--unit", "article", "israel", "--index", str(index))
    assert [h["id"] for h in data["hits"]] == [SEED_ID]
    assert data["hits"][0]["unit"] == "article"
    # the field form says the same
    assert [h["id"] for h in _json("israel speaker:blinken", "--index", str(index))["hits"]] == [SEED_ID]


def test_unit_passage_ranks_paragraphs_with_their_text(corpus_index):
    _, index = corpus_index
    data = _json("--unit", "passage", "eskalasi", "--index", str(index))
    assert data["unit"] == "passage" and data["total"] == 2
    parsed = warta.show(SEED_ID, index)
    for hit in data["hits"]:
        assert hit["passage"].startswith("p")
        n = int(hit["passage"][1:])
        assert hit["text"] == parsed.paragraphs[n - 1]
        assert "eskalasi" in hit["text"]
    # a paragraph, not the whole article: far shorter than the body
    assert all(len(h["text"]) < 600 for h in data["hits"])


def test_passages_in_trec_and_tsv_are_named_id_hash_passage(corpus_index):
    _, index = corpus_index
    trec = invoke("search", "--unit", "quote", "gencatan", "--index", str(index), "--format", "trec")
    docnos = [line.split()[2] for line in trec.stdout.splitlines()]
    assert docnos and all(d.startswith(f"{SEED_ID}#q") for d in docnos)
    tsv = invoke("search", "--unit", "passage", "banjir", "--index", str(index), "--format", "tsv")
    assert "banjir.txt#p1" in tsv.stdout


def test_an_article_snippet_comes_from_its_best_paragraph(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Rapat Anggaran\n\n"
        "Dewan membahas anggaran daerah tahun depan bersama gubernur.\n\n"
        "Pembahasan berlangsung hingga malam di gedung dewan.\n\n"
        "Anggaran pendidikan naik, kata ketua dewan, sementara anggaran pendidikan guru honorer "
        "juga ditambah agar pendidikan di desa membaik.\n",
        "utf-8",
    )
    warta.ingest([corpus], tmp_path / "ix")
    hit = warta.search("pendidikan", tmp_path / "ix").hits[0]
    assert "<mark>pendidikan</mark>" in hit.snippet.lower()
    assert "gubernur" not in hit.snippet  # the first paragraph has no match


def test_replacing_or_deleting_an_article_replaces_or_deletes_its_passages(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    page = corpus / "a.txt"
    page.write_text("Judul\n\nWarga mengungsi karena banjir.\n\nSungai meluap.", "utf-8")
    index = tmp_path / "ix"
    warta.ingest([corpus], index)
    assert warta.Searcher(index).search("banjir", unit="passage").total == 1
    page.write_text("Judul\n\nWarga mengungsi karena gempa.\n\nSungai tenang.", "utf-8")
    warta.ingest([corpus], index)
    with warta.Searcher(index) as s:
        assert s.search("banjir", unit="passage").total == 0
        assert s.search("gempa", unit="passage").total == 1
    page.unlink()
    warta.ingest([corpus], index)
    with warta.Searcher(index) as s:
        assert s.search("gempa", unit="passage").total == 0
    assert warta.index_stats(index).paragraphs == 0


def test_stats_count_paragraphs_and_quotes(corpus_index):
    _, index = corpus_index
    data = json.loads(invoke("stats", "--index", str(index), "--format", "json").stdout)
    parsed = warta.show(SEED_ID, index)
    assert data["quotes"] >= len(parsed.quotes) == 3
    assert data["paragraphs"] > data["articles"]


def test_facets_with_passages_are_refused(corpus_index):
    _, index = corpus_index
    result = invoke("search", "--unit", "quote", "gaza", "--facets", "source", "--index", str(index))
    assert result.exit_code == 2
    assert "--unit article" in result.stderr


# -- what ingest reads from the text ------------------------------------------------


def test_dateline_and_outlet_from_the_opening_are_stored(corpus_index):
    _, index = corpus_index
    data = _json("gaza", "--dateline", "jakarta", "--index", str(index))
    assert [(h["id"], h["dateline"], h["source"]) for h in data["hits"]] == [
        (SEED_ID, "JAKARTA", "Holopis.com")
    ]
    # the seed has no source field: the outlet comes from "Holopis.com HOLOPIS.COM, JAKARTA –"
    assert [h["id"] for h in _json("gaza", "--source", "holopis", "--index", str(index))["hits"]] == [SEED_ID]
    assert _json("gaza", "--dateline", "bandung", "--index", str(index))["total"] == 0
    facets = _json("*", "--facets", "dateline", "--index", str(index))["facets"]["dateline"]
    assert facets["JAKARTA"] >= 2  # the seed and banjir.txt ("JAKARTA – Banjir merendam ...")


def test_a_date_stated_in_the_text_is_stored_and_filters(corpus_index):
    _, index = corpus_index
    # the seed has no date field; its text says "Senin (19/8)", and 19 August 2024 was a Monday
    seed = next(h for h in _json("blinken", "--index", str(index))["hits"] if h["id"] == SEED_ID)
    assert seed["date"] == "2024-08-19"
    found = _json("blinken", "--since", "2024-08", "--until", "2024-08", "--index", str(index))
    assert [h["id"] for h in found["hits"]] == [SEED_ID]
    shown = invoke("show", SEED_ID, "--index", str(index), "--format", "json")
    assert json.loads(shown.stdout)["date_text"] == "Senin (19/8)"


def test_a_year_from_the_weekday_follows_the_neighbouring_articles(tmp_path: Path):
    # 25 September fell on a Wednesday (Rabu) in 2019 and again in 2024: an article of a 2019
    # archive gets 2019, the year of the articles around it, not the latest such year.
    assert dt.date(2019, 9, 25).weekday() == dt.date(2024, 9, 25).weekday() == 2
    corpus = tmp_path / "c"
    corpus.mkdir()
    records = [
        {"id": "a", "title": "Satu", "body": "Berita pertama.", "date": "2019-09-20"},
        {"id": "b", "title": "Dua", "body": "Demo berlangsung Rabu (25/9) di depan gedung DPR."},
    ]
    (corpus / "arsip.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    (corpus / "lepas.txt").write_text("Lepas\n\nMahasiswa menggelar demo pada Rabu (25/9) sore.", "utf-8")
    warta.ingest([corpus], tmp_path / "ix")
    dates = {h.id: h.date for h in warta.search("demo", tmp_path / "ix").hits}
    assert dates["b"] == dt.date(2019, 9, 25)
    # alone in its file, the latest such year up to the file's own date
    assert dates["lepas.txt"] == max(
        dt.date(y, 9, 25) for y in range(2015, dt.date.today().year + 1) if dt.date(y, 9, 25).weekday() == 2
    )


# -- near duplicates ---------------------------------------------------------------

STORY = (
    "Pemerintah provinsi menetapkan status tanggap darurat setelah banjir bandang menerjang "
    "tiga kecamatan pada Minggu dini hari. Ratusan warga mengungsi ke balai desa dan sekolah. "
    "Petugas gabungan masih mencari dua warga yang dilaporkan hilang terseret arus sungai. "
    "Bantuan logistik berupa beras, air bersih, dan selimut mulai disalurkan ke posko pengungsian. "
    "Kepala badan penanggulangan bencana meminta warga di bantaran sungai tetap waspada karena hujan "
    "diperkirakan masih turun hingga akhir pekan."
)


@pytest.fixture(scope="module")
def syndicated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One story from two outlets (different openings), the same file twice, and another story."""
    corpus = tmp_path_factory.mktemp("dup") / "c"
    corpus.mkdir()
    records = [
        {"id": "outlet-a", "title": "Banjir Bandang Terjang Tiga Kecamatan", "body": STORY, "source": "A"},
        {
            "id": "outlet-b",
            "title": "Tiga Kecamatan Diterjang Banjir Bandang",
            "body": "Laporan wartawan kami. " + STORY + " Baca juga berita lainnya.",
            "source": "B",
        },
        {
            "id": "other",
            "title": "Banjir Surut, Warga Kembali",
            "body": "Banjir mulai surut dan warga kembali membersihkan rumah yang terendam lumpur.",
            "source": "C",
        },
    ]
    (corpus / "berita.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    (corpus / "salinan").mkdir()
    (corpus / "salinan" / "banjir.md").write_text(f"# Banjir Bandang\n\n{STORY}\n", "utf-8")
    index = corpus.parent / "ix"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    return index


def test_near_duplicates_are_folded_into_the_best_hit(syndicated: Path):
    data = _json("banjir bandang", "--index", str(syndicated))
    assert data["total"] == 4  # every match counts
    ids = [h["id"] for h in data["hits"]]
    assert "other" in ids
    copies = {"outlet-a", "outlet-b", "salinan/banjir.md"}
    kept = [h for h in data["hits"] if h["id"] in copies]
    assert len(kept) == 1, ids
    assert set(kept[0]["similar"]) == copies - {kept[0]["id"]}
    assert next(h for h in data["hits"] if h["id"] == "other")["similar"] == []
    text = invoke("search", "banjir bandang", "--index", str(syndicated)).stdout
    assert "+2 similar:" in text


def test_no_collapse_lists_every_copy(syndicated: Path):
    found = hits(
        invoke("search", "banjir bandang", "--no-collapse", "--index", str(syndicated), "--format", "json")
    )
    assert len(found) == 4
    assert all(h["similar"] == [] for h in found)


def test_paging_counts_folded_hits(syndicated: Path):
    first = _json("banjir", "-n", "1", "--index", str(syndicated))["hits"]
    second = _json("banjir", "-n", "1", "--offset", "1", "--index", str(syndicated))["hits"]
    assert len(first) == len(second) == 1
    assert {first[0]["id"], second[0]["id"]} & {"other"}
    assert first[0]["rank"] == 1 and second[0]["rank"] == 2


def test_the_same_quote_from_two_outlets_is_folded(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    quote = "“Kami akan membangun kembali jembatan yang putus dalam tiga bulan,” kata Bupati Ahmad Yani."
    (corpus / "a.txt").write_text(f"Jembatan\n\nJembatan putus diterjang arus. {quote}", "utf-8")
    (corpus / "b.txt").write_text(f"Jembatan Putus\n\nWarga terisolasi sejak pekan lalu. {quote}", "utf-8")
    warta.ingest([corpus], tmp_path / "ix")
    with warta.Searcher(tmp_path / "ix") as s:
        folded = s.search("jembatan", unit="quote")
        assert folded.total == 2 and len(folded.hits) == 1
        assert folded.hits[0].speaker == "Bupati Ahmad Yani"
        assert len(folded.hits[0].similar) == 1 and folded.hits[0].similar[0].endswith("#q1")
        assert len(s.search("jembatan", unit="quote", collapse=False).hits) == 2


def test_star_with_speaker_lists_every_quote_of_that_person(corpus_index):
    _, index = corpus_index
    data = _json("--speaker", "Blinken", "*", "--index", str(index))
    assert [h["passage"] for h in data["hits"]] == ["q1", "q2", "q3"]  # reading order: equal scores
    assert {h["speaker"] for h in data["hits"]} == {"Antony Blinken"}


def test_match_all_requires_every_word_in_the_paragraph(corpus_index):
    _, index = corpus_index
    # "eskalasi" and "provokasi" share the seed's sixth and seventh paragraphs; "sandera" is
    # in neither of them
    both = _json("--unit", "passage", "--match", "all", "eskalasi provokasi", "--index", str(index))
    assert both["total"] == 2
    assert (
        _json("--unit", "passage", "--match", "all", "eskalasi sandera", "--index", str(index))["total"] == 0
    )
    # with the default, a paragraph with either word counts, the one with both first
    either = _json("--unit", "passage", "eskalasi sandera", "--index", str(index))
    assert either["total"] > 2


def test_a_phrase_must_stand_inside_one_paragraph(corpus_index):
    _, index = corpus_index
    found = _json("--unit", "passage", '"gencatan senjata"', "--index", str(index))["hits"]
    assert found and all("gencatan senjata" in h["text"].lower() for h in found)
    # the words apart do not make the phrase
    assert _json("--unit", "passage", '"senjata gencatan"', "--index", str(index))["total"] == 0


@pytest.fixture(scope="module")
def talks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two articles quoting two people, with paragraphs that have one word or both."""
    corpus = tmp_path_factory.mktemp("talks") / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Perundingan di Kairo\n\n"
        "Israel mengirim delegasi ke Kairo pekan ini.\n\n"
        "Hamas menyambut baik usulan itu.\n\n"
        "Israel dan Hamas akan bertemu lagi bulan depan.\n\n"
        "“Kami ingin Israel dan Hamas segera sepakat,” kata Antony Blinken.\n\n"
        "“Indonesia mendukung perdamaian bagi Palestina dan Israel,” ujar Retno Marsudi.\n",
        "utf-8",
    )
    (corpus / "b.txt").write_text(
        "Bantuan untuk Gaza\n\nTruk bantuan masuk ke Gaza melalui Rafah.\n\n"
        "“Bantuan harus terus mengalir ke Gaza,” kata Retno Marsudi.\n",
        "utf-8",
    )
    index = corpus.parent / "ix"
    warta.ingest([corpus], index)
    return index


def _keys(index: Path, query: str, *options: str) -> list[str]:
    return [f"{h['id']}#{h['passage']}" for h in _json(query, *options, "--index", str(index))["hits"]]


def test_a_required_word_is_required_in_each_paragraph(talks: Path):
    found = _keys(talks, "+israel hamas", "--unit", "passage")
    assert found[0] == "a.txt#p3"  # the paragraph with both words first
    assert "a.txt#p2" not in found  # "Hamas menyambut ..." has no "israel"
    assert "a.txt#p1" in found


def test_match_all_keeps_an_explicit_or_inside_paragraphs(talks: Path):
    either = _keys(talks, "israel OR hamas", "--unit", "passage", "--match", "all")
    assert {"a.txt#p1", "a.txt#p2", "a.txt#p3"} <= set(either)


def test_speaker_field_in_the_query_picks_that_persons_quotes(talks: Path):
    assert _keys(talks, "speaker:retno israel", "--unit", "quote") == ["a.txt#q2"]
    assert _keys(talks, "israel", "--unit", "quote", "--speaker", "blinken") == ["a.txt#q1"]


def test_speaker_with_unit_passage_keeps_paragraphs_of_articles_quoting_that_person(talks: Path):
    found = _keys(talks, "bantuan", "--unit", "passage", "--speaker", "retno")
    assert found and all(k.startswith("b.txt#p") for k in found)
    assert _keys(talks, "bantuan", "--unit", "passage", "--speaker", "blinken") == []


def test_two_speakers_of_one_article_do_not_make_one_name(talks: Path):
    assert (
        _json("israel", "--unit", "article", "--speaker", "blinken retno", "--index", str(talks))["total"]
        == 0
    )
    assert (
        _json("israel", "--unit", "article", "--speaker", "antony blinken", "--index", str(talks))["total"]
        == 1
    )


def test_facets_and_units_on_an_index_with_an_empty_shard(tmp_path: Path):
    _, index = one_article_index(tmp_path, "Satu\n\nJAKARTA - Warga Gaza menunggu bantuan.", shards=4)
    data = _json("gaza", "--facets", "source,month,dateline,lang,category", "--index", str(index))
    assert data["total"] == 1 and data["facets"]["dateline"] == {"JAKARTA": 1}
    assert data["facets"]["source"] == {"(none)": 1}


def test_an_index_without_articles_answers_every_unit(tmp_path: Path):
    (tmp_path / "c").mkdir()
    index = tmp_path / "ix"
    assert invoke("ingest", str(tmp_path / "c"), "--index", str(index)).exit_code == 0
    for unit in ("article", "passage", "quote"):
        result = invoke("search", "gaza", "--unit", unit, "--index", str(index), "--format", "json")
        assert result.exit_code == 1, result.output
        assert json.loads(result.stdout)["total"] == 0
    facets = invoke("search", "gaza", "--facets", "source", "--index", str(index), "--format", "json")
    assert (facets.exit_code, json.loads(facets.stdout)["facets"]) == (1, {"source": {}})
    stats = json.loads(invoke("stats", "--index", str(index), "--format", "json").stdout)
    assert (stats["articles"], stats["paragraphs"], stats["quotes"]) == (0, 0, 0)


def test_a_rejected_query_in_a_batch_keeps_the_shape_of_the_others(corpus_index, tmp_path: Path):
    _, index = corpus_index
    topics = tmp_path / "topics.tsv"
    topics.write_text("1\tgaza\n2\t:\n", "utf-8")
    result = invoke(
        "search", "--batch", str(topics), "--facets", "source", "--index", str(index), "--format", "json"
    )
    good, bad = (json.loads(line) for line in result.stdout.splitlines())
    assert set(bad) == set(good) | {"error"}  # every field of the others, and why it has nothing
    assert bad["facets"] == {"source": {}} and bad["total"] == 0 and "no searchable words" in bad["error"]
    assert "query 2:" in result.stderr


def test_folding_only_the_page_gives_the_page_of_folding_everything():
    # collapse(..., shown=n) leaves groups past the page unrecorded; the first n groups,
    # and what is folded into them, must be those of folding the whole list
    import random

    from warta.analysis import near_duplicates as duplicates

    rng = random.Random(5)
    stories = [f"kisah {n} " + " ".join(rng.choice("abcdefghij") * 3 for _ in range(60)) for n in range(12)]
    texts = []
    for _ in range(80):  # copies and near copies of twelve stories, in random rank order
        words = rng.choice(stories).split()
        if rng.random() < 0.5:
            words[rng.randrange(len(words))] = "ganti"
        texts.append(" ".join(words))
    signatures = [duplicates.signature("", text) for text in texts]
    everything = duplicates.collapse(signatures)
    assert len(everything) >= 12 and any(g.similar for g in everything)
    for shown in (1, 5, 10):
        page = duplicates.collapse(signatures, shown=shown)
        assert [(g.first, g.similar) for g in page[:shown]] == [
            (g.first, g.similar) for g in everything[:shown]
        ]
        assert len(page) >= shown


def test_a_paragraphs_score_is_bm25_over_its_own_words(tmp_path: Path):
    # scored all paragraphs at once (numpy): the same BM25 as one paragraph at a time, by hand
    from warta.engine.ranking import K1, B

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Cuaca pekan ini\n\n"
        "Banjir besar melanda kota.\n\n"  # p1: 4 words, banjir once
        "Warga mengungsi karena banjir banjir.\n\n"  # p2: 5 words, banjir twice
        "Hujan turun.\n",  # p3: 2 words, no banjir
        "utf-8",
    )
    (corpus / "b.txt").write_text("Kebakaran hutan\n\nAsap tebal menutup kota.\n", "utf-8")
    index = tmp_path / "ix"
    warta.ingest([corpus], index)
    with warta.Searcher(index) as searcher:
        found = {h.passage: h.score for h in searcher.search("banjir", unit="passage").hits}
        phrase = {h.passage: h.score for h in searcher.search('"banjir banjir"', unit="passage").hits}
    assert set(found) == {"p1", "p2"}  # b.txt and p3 have no banjir
    average = (4 + 5 + 2) / 3  # the pieces of the articles that have a query word

    def saturation(tf: int, length: int) -> float:
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))

    assert found["p2"] / found["p1"] == pytest.approx(saturation(2, 5) / saturation(1, 4), rel=1e-12)
    assert set(phrase) == {"p2"}  # the phrase stands in p2 alone
