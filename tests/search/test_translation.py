"""Cross-language search (issue 19): English queries searched in Indonesian articles as their translations.

The articles are invented for the tests.  The expected translations are read
from the rows of ``src/warta/query/translations/en_id.tsv`` they rely on:

    ceasefir  gencatan senjata 1.000      talk  pembicaraan 0.563, perundingan 0.437
    haze      kabut asap 0.700, asap 0.300
    sting oper  operasi tangkap tangan 0.500, ott 0.500
    corrupt erad commiss  kpk 0.700, komisi pemberantasan korupsi 0.300
    truce     gencatan senjata 1.000      (so: gencat senjata -> ceasefir 0.5, truce 0.5)

and the word as typed is searched too at half weight (``AS_TYPED`` = 0.5), last
(``("gencatan senjata" OR ceasefire)``).

Detection in these small indexes (fewer than 500 Indonesian articles): an
English word of the table counts as English only if no Indonesian article
writes it (under 0.2 % of them, at least one); a word the table lacks that
several Indonesian articles write is Indonesian.  A query is English when it
has no Indonesian function word, an English word at least, more English words
than unknown ones, and not as many Indonesian words as English ones.  The
queries below are chosen to be read alike by the rule's variants (one
Indonesian word blocking, or English words needing to be twice as many).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import warta
from conftest import invoke

# -- the corpora ---------------------------------------------------------------

GENCATAN_PARAGRAPHS = [
    "Perundingan gencatan senjata antara Israel dan Hamas akhirnya menghasilkan kesepakatan di Kairo.",
    "Warga Gaza mulai kembali ke rumah mereka setelah berbulan-bulan mengungsi.",
    "“Gencatan senjata ini harus dihormati semua pihak,” kata Menteri Luar Negeri Retno Marsudi.",
    "“Kami menyambut gencatan senjata ini,” kata Basem Naim, pejabat Hamas.",
    "Bantuan kemanusiaan mulai masuk melalui perbatasan Rafah pada Senin pagi.",
]
UPAH_BODY = (
    "Pembicaraan antara perwakilan buruh dan pemerintah soal upah minimum berlangsung alot di Jakarta."
)


def _id(doc_id: str, title: str, body: str, source: str, date: str) -> dict[str, str]:
    return {"id": doc_id, "title": title, "body": body, "source": source, "date": date, "lang": "id"}


INDONESIAN = [
    _id("id-gencatan", "Gencatan Senjata di Gaza Mulai Berlaku", "\n\n".join(GENCATAN_PARAGRAPHS),
        "Kompas.com", "2023-11-24"),
    _id("id-kabut", "Kabut Asap Selimuti Pekanbaru",
        "Kabut asap dari kebakaran hutan dan lahan menyelimuti Pekanbaru, Riau. Sekolah diliburkan dan "
        "warga diminta memakai masker.", "Riau Pos", "2019-09-12"),
    _id("id-ott", "KPK Gelar Operasi Tangkap Tangan di Medan",
        "Komisi Pemberantasan Korupsi menggelar operasi tangkap tangan terhadap seorang bupati di Sumatera "
        "Utara. Penyidik menyita uang suap ratusan juta rupiah.", "Tempo.co", "2019-10-16"),
    _id("id-banjir", "Banjir Rendam Jakarta Timur",
        "Banjir merendam ribuan rumah warga di Jakarta Timur setelah hujan deras mengguyur sejak Senin "
        "malam.", "Detik.com", "2020-01-01"),
    _id("id-cabai", "Harga Cabai Naik di Pasar Induk",
        "Harga cabai rawit naik tajam di pasar induk karena pasokan dari petani berkurang.", "Kompas.com",
        "2019-08-15"),
    _id("id-gempa", "Gempa Guncang Lombok",
        "Gempa berkekuatan 5,8 mengguncang Lombok Utara pada Rabu pagi. Warga berhamburan keluar rumah.",
        "Tempo.co", "2018-08-05"),
    _id("id-timnas", "Timnas Menang Tipis atas Malaysia",
        "Tim nasional menang 1-0 atas Malaysia dalam laga persahabatan yang digelar di Jakarta.",
        "Detik.com", "2019-09-05"),
    _id("id-pemilu", "KPU Umumkan Jadwal Pemilu",
        "Komisi Pemilihan Umum mengumumkan jadwal pemilu serentak. Para relawan mulai mendata pemilih di "
        "desa.", "Tempo.co", "2019-10-02"),
    _id("id-upah", "Buruh dan Pemerintah Bahas Upah Minimum", UPAH_BODY, "Kompas.com", "2019-09-10"),
    _id("id-saham", "Pasar Saham Menguat",
        "Indeks harga saham gabungan menguat pada penutupan perdagangan hari ini.", "Kontan", "2019-09-11"),
]  # fmt: skip

ENGLISH = [
    {
        "id": "en-ceasefire",
        "title": "Ceasefire Talks Resume in Cairo",
        "body": "Negotiators returned to Cairo on Monday as ceasefire talks resumed between Israel and Hamas",
        "source": "Reuters",
        "date": "2023-11-20",
        "lang": "en",
    },
    {
        "id": "en-election",
        "title": "Voters Prepare for the Election",
        "body": "The election commission printed ballots while voters queued across the country.",
        "source": "AP",
        "date": "2019-04-10",
        "lang": "en",
    },
    {
        "id": "en-haze",
        "title": "Haze Chokes Singapore",
        "body": "Smoke from forest fires in Sumatra shrouded Singapore in a thick haze on Tuesday.",
        "source": "Straits Times",
        "date": "2019-09-14",
        "lang": "en",
    },
]


def _ingest(root: Path, records: list[dict[str, str]]) -> Path:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "news.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    warta.ingest([corpus], root / "index", workers=False)
    return root / "index"


@pytest.fixture(scope="module")
def indonesian_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten Indonesian articles; none writes an English word of the queries below."""
    return _ingest(tmp_path_factory.mktemp("indonesian"), INDONESIAN)


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ten Indonesian articles and three English ones."""
    return _ingest(tmp_path_factory.mktemp("mixed"), INDONESIAN + ENGLISH)


def _search(index: Path, query: str, *options: str) -> dict:
    """``warta search QUERY --format json``: the parsed output (exit 0 with hits, 1 without)."""
    result = invoke("search", "--index", str(index), "--format", "json", *options, "--", query)
    data = json.loads(result.stdout)
    assert result.exit_code == (0 if data["hits"] else 1), result.output
    return data


def _ids(data: dict) -> list[str]:
    return [hit["id"] for hit in data["hits"]]


CEASEFIRE_TALKS = '("gencatan senjata" OR ceasefire) (pembicaraan OR perundingan OR talks)'


# -- 1. detection: a plainly English query is translated by default ----------------------------


def test_english_query_finds_the_indonesian_article(indonesian_index: Path):
    data = _search(indonesian_index, "ceasefire talks")
    assert data["translation"] == "en-id"
    # each English word as its translations, in the table's order, then as typed (weight 0.5)
    assert data["translated_query"] == CEASEFIRE_TALKS
    # id-gencatan has both words (gencatan senjata, perundingan); id-upah only one translation
    # of "talks" (pembicaraan); no other article has any
    assert _ids(data) == ["id-gencatan", "id-upah"]
    assert all(hit["lang"] == "id" for hit in data["hits"])
    snippet = data["hits"][0]["snippet"]
    for word in ("Perundingan", "gencatan", "senjata"):  # the Indonesian words that matched are marked
        assert f"<mark>{word}</mark>" in snippet
    assert "<mark>Pembicaraan</mark>" in data["hits"][1]["snippet"]


def test_text_output_says_what_was_also_searched(indonesian_index: Path):
    result = invoke("search", "ceasefire talks", "--index", str(indonesian_index))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "1-2 of 2 articles for 'ceasefire talks'"
    assert lines[1] == (
        f"Also searched in Indonesian as {CEASEFIRE_TALKS} (--no-translate searches the words as typed only)"
    )
    assert "Gencatan Senjata di Gaza Mulai Berlaku" in result.stdout
    # an Indonesian query has no such line
    plain = invoke("search", "gencatan senjata", "--index", str(indonesian_index))
    assert plain.exit_code == 0 and "Also searched" not in plain.stdout


def test_a_plainly_english_query_is_not_corrected(indonesian_index: Path):
    # master is a word of the table (master 0.606, magister 0.272, sersan 0.122) that no article
    # here writes, one letter from masker (id-kabut): searched as typed it is corrected to masker,
    # translated it is not corrected, and not added as typed twice (master is a translation)
    typed = _search(indonesian_index, "haze master", "--no-translate")
    assert typed["translation"] is None and typed["corrected_query"] == "haze masker"
    data = _search(indonesian_index, "haze master")
    assert data["corrected_query"] is None
    assert data["translated_query"] == '("kabut asap" OR asap OR haze) (master OR magister OR sersan)'
    assert _ids(data) == ["id-kabut"]


@pytest.mark.parametrize(
    ("query", "translated"),
    [
        # warga is written by 4 Indonesian articles and the table gives it for resident and citizen:
        # an Indonesian word, as many as the English ones
        ("ceasefire warga", False),
        # riau is written by the articles too, but the table gives it only for "riau island", an
        # English word like it: a name typed in lower case, which says nothing of the language
        ("ceasefire riau", True),
        # a function word makes a query Indonesian, whatever else it has
        ("ceasefire yang", False),
        ("ceasefire talks di", False),
        # qatar: in neither the table nor the articles (unknown); one English word is not more
        ("ceasefire qatar", False),
        # two English words outnumber one unknown one
        ("ceasefire talks qatar", True),
        # English function words count for English
        ("talks of the ceasefire", True),
    ],
)
def test_detection_needs_no_indonesian_word_and_more_english_than_unknown(
    indonesian_index: Path, query: str, translated: bool
):
    data = _search(indonesian_index, query)
    assert data["translation"] == ("en-id" if translated else None)
    assert (data["translated_query"] is not None) == translated
    if translated:  # the Indonesian ceasefire article is found through the translation
        assert _ids(data)[0] == "id-gencatan"


def test_a_query_with_an_indonesian_function_word_is_searched_as_typed(indonesian_index: Path):
    # "yang" is Indonesian: "ceasefire yang" is not English, and "ceasefire" is in no Indonesian
    # article; only "yang" matches (in id-timnas, "laga persahabatan yang digelar")
    data = _search(indonesian_index, "ceasefire yang")
    assert data["translation"] is None
    assert _ids(data) == ["id-timnas"]
    # --translate translates a query that is not plainly Indonesian: it has an English word
    forced = _search(indonesian_index, "ceasefire yang", "--translate")
    assert forced["translation"] == "en-id"
    assert forced["translated_query"].startswith('("gencatan senjata" OR ceasefire)')
    assert _ids(forced)[0] == "id-gencatan"


# -- 2. Indonesian queries are left alone ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("gencatan senjata", "id-gencatan"),
        ("kabut asap riau", "id-kabut"),
        ("operasi tangkap tangan", "id-ott"),
    ],
)
def test_indonesian_query_is_not_translated(indonesian_index: Path, query: str, first: str):
    default = _search(indonesian_index, query)
    assert default["translation"] is None and default["translated_query"] is None
    assert _ids(default)[0] == first
    untranslated = _search(indonesian_index, query, "--no-translate")
    assert [(h["id"], h["score"]) for h in default["hits"]] == [
        (h["id"], h["score"]) for h in untranslated["hits"]
    ]


# -- 3. --no-translate and --translate -----------------------------------------------------------


def test_no_translate_searches_the_english_words_as_typed(indonesian_index: Path):
    # no Indonesian article writes ceasefire or talks
    data = _search(indonesian_index, "ceasefire talks", "--no-translate")
    assert data["translation"] is None and data["translated_query"] is None
    assert data["hits"] == [] and data["total"] == 0
    text = invoke("search", "ceasefire talks", "--no-translate", "--index", str(indonesian_index))
    assert text.exit_code == 1 and "Also searched" not in text.stdout


def test_translate_forces_a_query_that_is_not_plainly_english(indonesian_index: Path):
    # "ceasefire qatar": one English word against one unknown one, not translated by default,
    # so nothing is found; --translate translates ceasefire and keeps qatar as typed
    assert _search(indonesian_index, "ceasefire qatar")["hits"] == []
    data = _search(indonesian_index, "ceasefire qatar", "--translate")
    assert data["translation"] == "en-id"
    assert data["translated_query"] == '("gencatan senjata" OR ceasefire) qatar'
    assert _ids(data) == ["id-gencatan"]


def test_translate_gives_the_same_search_as_the_default_for_a_plainly_english_query(indonesian_index: Path):
    default = _search(indonesian_index, "ceasefire talks")
    forced = _search(indonesian_index, "ceasefire talks", "--translate")
    assert forced == default


# -- 5. names pass through; hand-written news terms -------------------------------------------------


def test_a_name_after_the_first_word_is_kept_as_typed(indonesian_index: Path):
    data = _search(indonesian_index, "haze Riau")
    assert data["translation"] == "en-id"
    # haze: kabut asap 0.7, asap 0.3, and haze as typed; Riau a name, searched as typed
    assert data["translated_query"] == '("kabut asap" OR asap OR haze) Riau'
    assert _ids(data) == ["id-kabut"]
    assert "<mark>Kabut</mark> <mark>asap</mark>" in data["hits"][0]["snippet"]


def test_a_capitalised_first_word_is_still_translated(indonesian_index: Path):
    # (a query's first word is often capitalised: Haze is translated, and searched as typed in
    # lower case; Pekanbaru is a name)
    data = _search(indonesian_index, "Haze Pekanbaru")
    assert data["translated_query"] == '("kabut asap" OR asap OR haze) Pekanbaru'
    assert _ids(data) == ["id-kabut"]


def test_sting_operation_finds_the_ott_article(indonesian_index: Path):
    data = _search(indonesian_index, "sting operation")
    assert data["translation"] == "en-id"
    # the two-word entry is looked up before its words (sting: sengat; operation: operasi)
    assert data["translated_query"] == '("operasi tangkap tangan" OR ott OR "sting operation")'
    assert _ids(data) == ["id-ott"]


def test_an_acronym_passes_through_beside_a_translated_phrase(indonesian_index: Path):
    data = _search(indonesian_index, "KPK sting operation")
    assert data["translated_query"] == 'KPK ("operasi tangkap tangan" OR ott OR "sting operation")'
    assert _ids(data)[0] == "id-ott"


def test_a_three_word_phrase_of_the_table(indonesian_index: Path):
    data = _search(indonesian_index, "corruption eradication commission")
    assert data["translation"] == "en-id"
    assert data["translated_query"] == (
        '(kpk OR "komisi pemberantasan korupsi" OR "corruption eradication commission")'
    )
    # id-ott writes both: KPK in its title, Komisi Pemberantasan Korupsi in its body
    assert _ids(data) == ["id-ott"]


# -- 6. units -----------------------------------------------------------------------------------


def test_passages_of_an_english_query(indonesian_index: Path):
    data = _search(indonesian_index, "ceasefire talks", "--unit", "passage")
    assert data["translation"] == "en-id" and data["unit"] == "passage"
    found = [(h["id"], h["passage"]) for h in data["hits"]]
    # p1 has both words (perundingan, gencatan senjata); p3 and p4 only gencatan senjata;
    # id-upah's paragraph only pembicaraan, one translation of "talks" at 0.563: last
    assert found[0] == ("id-gencatan", "p1")
    assert set(found[1:3]) == {("id-gencatan", "p3"), ("id-gencatan", "p4")}
    assert found[3:] == [("id-upah", "p1")]
    first = data["hits"][0]
    assert first["text"] == GENCATAN_PARAGRAPHS[0]
    assert first["snippet"].startswith("<mark>Perundingan</mark> <mark>gencatan</mark> <mark>senjata</mark>")


def test_quotes_of_an_english_query(indonesian_index: Path):
    data = _search(indonesian_index, "ceasefire", "--unit", "quote")
    assert data["translation"] == "en-id" and data["unit"] == "quote"
    # both quotes say gencatan senjata
    assert sorted((h["id"], h["passage"]) for h in data["hits"]) == [
        ("id-gencatan", "q1"),
        ("id-gencatan", "q2"),
    ]
    texts = {h["passage"]: h["text"] for h in data["hits"]}
    assert texts["q1"] == "Gencatan senjata ini harus dihormati semua pihak"
    assert all("<mark>senjata</mark>" in h["snippet"] for h in data["hits"])


def test_speaker_with_an_english_query(indonesian_index: Path):
    data = _search(indonesian_index, "ceasefire", "--speaker", "Retno")
    assert data["translation"] == "en-id" and data["unit"] == "quote"
    assert [(h["id"], h["passage"]) for h in data["hits"]] == [("id-gencatan", "q1")]
    assert "Retno Marsudi" in data["hits"][0]["speaker"]
    # Basem Naim said it too; a speaker quoted on something else is not found
    assert [h["passage"] for h in _search(indonesian_index, "ceasefire", "--speaker", "Basem")["hits"]] == [
        "q2"
    ]
    assert _search(indonesian_index, "haze", "--speaker", "Retno")["hits"] == []


# -- 7. filters and facets ------------------------------------------------------------------------


def test_filters_narrow_a_translated_query_without_changing_its_scores(indonesian_index: Path):
    everything = {h["id"]: h["score"] for h in _search(indonesian_index, "ceasefire talks")["hits"]}
    since = _search(indonesian_index, "ceasefire talks", "--since", "2023")
    assert since["translation"] == "en-id"
    assert [(h["id"], h["score"]) for h in since["hits"]] == [("id-gencatan", everything["id-gencatan"])]
    # both hits are Kompas.com's
    assert _ids(_search(indonesian_index, "ceasefire talks", "--source", "kompas")) == [
        "id-gencatan",
        "id-upah",
    ]
    assert _search(indonesian_index, "ceasefire talks", "--source", "tempo")["hits"] == []


def test_facets_count_the_articles_a_translated_query_finds(mixed_index: Path):
    data = _search(mixed_index, "ceasefire talks", "--facets", "lang")
    # the English article for the English words; id-gencatan and id-upah for the translations
    assert data["facets"]["lang"] == {"id": 2, "en": 1}
    assert data["total"] == 3
    assert sorted(h["lang"] for h in data["hits"]) == ["en", "id", "id"]
    only_id = _search(mixed_index, "ceasefire talks", "--lang", "id", "--facets", "lang")
    assert only_id["translation"] == "en-id"
    assert _ids(only_id) == ["id-gencatan", "id-upah"] and only_id["facets"]["lang"] == {"id": 2}
    only_en = _search(mixed_index, "ceasefire talks", "--lang", "en")
    assert _ids(only_en) == ["en-ceasefire"]
    untranslated = _search(mixed_index, "ceasefire talks", "--no-translate", "--facets", "lang")
    assert untranslated["facets"]["lang"] == {"en": 1}


# -- 8. a mixed index ----------------------------------------------------------------------------


def test_english_query_on_a_mixed_index_finds_both_languages(mixed_index: Path):
    data = _search(mixed_index, "ceasefire talks")
    assert data["translation"] == "en-id" and data["translated_query"] == CEASEFIRE_TALKS
    langs = {h["id"]: h["lang"] for h in data["hits"]}
    assert langs == {"en-ceasefire": "en", "id-gencatan": "id", "id-upah": "id"}
    # the two articles with both words before the one with a single translation of one
    assert _ids(data)[2] == "id-upah"
    # the English words still count in English: "ceasefire" is in no Indonesian article of it
    assert _ids(_search(mixed_index, "ceasefire talks", "--no-translate")) == ["en-ceasefire"]


def test_indonesian_query_with_translate_searches_the_english_articles(mixed_index: Path):
    # "di" makes the query Indonesian; --translate then translates it into English for the
    # English articles: gencatan senjata -> ceasefir, truce (the table's other direction, as
    # English stems), di (a function word) is dropped, Gaza (a name) kept
    data = _search(mixed_index, "gencatan senjata di Gaza", "--translate")
    assert data["translation"] == "id-en"
    # the table's other direction gives English stems; the words as typed are searched too
    assert data["translated_query"] == '(ceasefir OR truce OR "gencatan senjata") Gaza'
    langs = {h["id"]: h["lang"] for h in data["hits"]}
    assert langs["en-ceasefire"] == "en" and _ids(data)[0] == "id-gencatan"
    # not by default: the Indonesian articles answer an Indonesian query
    default = _search(mixed_index, "gencatan senjata di Gaza")
    assert default["translation"] is None
    assert "en-ceasefire" not in _ids(default)
    assert all(h["lang"] == "id" for h in default["hits"])


def test_indonesian_haze_query_finds_the_english_haze_article(mixed_index: Path):
    # kabut asap -> haze (the only English key giving "kabut asap"); Riau kept
    data = _search(mixed_index, "kabut asap di Riau", "--translate")
    assert data["translation"] == "id-en" and data["translated_query"] == '(haze OR "kabut asap") Riau'
    assert "en-haze" in _ids(data)
    assert "en-haze" not in _ids(_search(mixed_index, "kabut asap di Riau"))


def test_translate_leaves_an_indonesian_query_alone_on_an_indonesian_index(indonesian_index: Path):
    # gencatan and senjata are written by the Indonesian articles and the table has neither: the
    # query is Indonesian, and the index has no English articles to translate it for
    default = _search(indonesian_index, "gencatan senjata")
    forced = _search(indonesian_index, "gencatan senjata", "--translate")
    assert forced["translation"] is None and forced["translated_query"] is None
    assert forced["hits"] == default["hits"]


# A query none of whose words is translated is not said to be (commit ce2f667 said "Also searched
# in Indonesian as prabowo subianto", "translation": "en-id", for the two tests below).


def test_translate_does_not_report_a_translation_of_unknown_words(indonesian_index: Path):
    # prabowo and subianto are in neither the table nor the articles: nothing to translate
    data = _search(indonesian_index, "prabowo subianto", "--translate")
    assert data["translation"] is None and data["translated_query"] is None
    text = invoke("search", "prabowo subianto", "--translate", "--index", str(indonesian_index))
    assert text.exit_code == 1 and "Also searched" not in text.stdout


def test_translate_on_an_english_index_does_not_report_a_translation(tmp_path: Path):
    # no Indonesian articles: an English query has nothing to be translated into
    index = _ingest(tmp_path, ENGLISH)
    data = _search(index, "ceasefire talks", "--translate")
    assert _ids(data) == ["en-ceasefire"]
    assert data["translation"] is None and data["translated_query"] is None


# -- 9. eval -------------------------------------------------------------------------------------


def test_eval_scores_an_english_topic_higher_translated(indonesian_index: Path, tmp_path: Path):
    topics = tmp_path / "topics.tsv"
    topics.write_text("q1\tceasefire talks\nq2\tkabut asap\n", "utf-8")
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("q1 0 id-gencatan 2\nq2 0 id-kabut 2\n", "utf-8")

    def evaluate(*flags: str) -> dict[str, float]:
        result = invoke("eval", "--topics", str(topics), "--qrels", str(qrels), "--index",
                        str(indonesian_index), "--format", "json", *flags)  # fmt: skip
        assert result.exit_code == 0, result.output
        return {q["qid"]: q["ndcg@10"] for q in json.loads(result.stdout)["per_query"]}

    # translated (by default and with --translate), id-gencatan is first for q1; kabut asap is
    # Indonesian and finds id-kabut first either way
    assert evaluate() == pytest.approx({"q1": 1.0, "q2": 1.0})
    assert evaluate("--translate") == pytest.approx({"q1": 1.0, "q2": 1.0})
    # untranslated, "ceasefire talks" finds nothing in the Indonesian articles
    assert evaluate("--no-translate") == pytest.approx({"q1": 0.0, "q2": 1.0})


# -- 10. the library ---------------------------------------------------------------------------


def test_library_translate_option(indonesian_index: Path):
    with warta.Searcher(indonesian_index) as searcher:
        default = searcher.search("ceasefire talks")
        assert default.translation == "en-id" and default.translated_query == CEASEFIRE_TALKS
        assert [h.id for h in default.hits] == ["id-gencatan", "id-upah"]
        forced = searcher.search("ceasefire qatar", translate=True)
        assert forced.translation == "en-id" and [h.id for h in forced.hits] == ["id-gencatan"]
        assert searcher.search("ceasefire qatar", translate=None).hits == []
        off = searcher.search("ceasefire talks", translate=False)
        assert off.translation is None and off.translated_query is None and off.hits == []
    one_call = warta.search("haze Riau", index=indonesian_index)
    assert one_call.translation == "en-id" and [h.id for h in one_call.hits] == ["id-kabut"]


def test_library_translate_takes_true_false_or_none_only(indonesian_index: Path):
    # "false" is a true value to Python: taking it would translate what the caller meant not to
    with warta.Searcher(indonesian_index) as searcher, pytest.raises(warta.RequestError) as err:
        searcher.search("ceasefire talks", translate="false")  # type: ignore[arg-type]
    assert err.value.parameter == "translate" and "'false'" in str(err.value)


def test_batch_translates_each_query_on_its_own(indonesian_index: Path):
    batch = "q1\tceasefire talks\nq2\tgencatan senjata\nq3\thaze Riau\n"
    result = invoke(
        "search", "--batch", "-", "--index", str(indonesian_index), "--format", "jsonl", input=batch
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["qid"], r["translation"]) for r in lines] == [("q1", "en-id"), ("q2", None), ("q3", "en-id")]
    assert [r["hits"][0]["id"] for r in lines] == ["id-gencatan", "id-gencatan", "id-kabut"]
    off = invoke("search", "--batch", "-", "--no-translate", "--index", str(indonesian_index), "--format",
                 "jsonl", input=batch)  # fmt: skip
    assert [json.loads(line)["translation"] for line in off.stdout.splitlines()] == [None, None, None]


# -- 11. a word's translations score as one word in paragraphs --------------------------------------

# Three paragraphs of one article, ten words each (so each has the same length norm):
#   P_TALKS      two translations of "talks" (pembicaraan, perundingan) and no ceasefire word
#   P_BOTH       gencatan senjata and perundingan: a translation of each English word
#   P_CEASEFIRE  gencatan senjata only
P_TALKS = "Pembicaraan dan perundingan berlangsung lama di gedung itu kemarin sore."
P_BOTH = "Gencatan senjata dan perundingan berlangsung lama di gedung itu kemarin."
P_CEASEFIRE = "Gencatan senjata berlangsung lama di gedung itu kemarin sore hari."
# Two more, as the paragraphs of one article and as articles of their own: the English word
# written beside its translation (Indonesian news glosses English terms), against both words
P_GLOSSED = "Media asing menyebut gencatan senjata itu sebagai ceasefire sementara di wilayah utara."
P_NEGOTIATED = "Perundingan soal gencatan senjata itu berlangsung sementara di wilayah utara."


@pytest.fixture(scope="module")
def paragraph_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = [r for r in INDONESIAN if r["id"] != "id-gencatan"]  # only these paragraphs say it
    records += [
        _id("rapat", "Rapat di Gedung", "\n\n".join([P_TALKS, P_BOTH, P_CEASEFIRE]), "Antara", "2023-11-01"),
        _id("glosses", "Dua Paragraf", f"{P_GLOSSED}\n\n{P_NEGOTIATED}", "Antara", "2023-11-02"),
        _id("art-glossed", "Satu", P_GLOSSED, "Antara", "2023-11-03"),
        _id("art-negotiated", "Dua", P_NEGOTIATED, "Antara", "2023-11-03"),
    ]
    return _ingest(tmp_path_factory.mktemp("paragraphs"), records)


def _passages(index: Path, query: str, article: str, *options: str) -> list[str]:
    data = _search(index, query, "--unit", "passage", "-n", "50", *options)
    return [h["passage"] for h in data["hits"] if h["id"] == article]


def test_an_english_word_the_indonesian_articles_write_does_not_make_a_query_english(paragraph_index: Path):
    # two articles here write "ceasefire": it is a word of both languages, searched as typed
    alone = _search(paragraph_index, "ceasefire")
    assert alone["translation"] is None
    assert set(_ids(alone)) == {"glosses", "art-glossed"}
    # "talks" is in none of them: with it, the query is English
    assert _search(paragraph_index, "ceasefire talks")["translation"] == "en-id"


def test_the_translations_of_one_word_count_as_one_word_in_paragraphs(paragraph_index: Path):
    # BM25 over a paragraph, times the share of the query's words it has.  With equal lengths:
    #   P_TALKS:     tf(talks) = 0.563 + 0.437 = 1 -> idf(talks) * f(1), one word of two
    #   P_CEASEFIRE: gencatan senjata once         -> idf(gencatan) + idf(senjata) times f(1), one of two
    #   P_BOTH:      the P_CEASEFIRE sum plus idf(talks) * f(0.437), both words
    # talks' idf is that of one word found in a few articles, the phrase's the sum of two such:
    # P_BOTH > P_CEASEFIRE > P_TALKS.  Were pembicaraan and perundingan two words, P_TALKS would
    # have two of the query's words and outrank P_CEASEFIRE.
    assert _passages(paragraph_index, "ceasefire talks", "rapat") == ["p2", "p3", "p1"]


def test_match_all_holds_for_a_word_as_its_translations(paragraph_index: Path):
    # every English word, as one of its translations: only P_BOTH has a translation of each
    # (P_TALKS has two translations of "talks", but none of "ceasefire")
    assert _passages(paragraph_index, "ceasefire talks", "rapat", "--match", "all") == ["p2"]


def test_articles_with_a_translation_of_each_word_outrank_a_glossed_one(paragraph_index: Path):
    # as articles: art-negotiated has both English words (gencatan senjata, perundingan),
    # art-glossed only "ceasefire" (as its translation and as typed): one of two words
    found = _ids(_search(paragraph_index, "ceasefire talks", "--no-collapse"))
    assert found.index("art-negotiated") < found.index("art-glossed")


def test_a_glossed_paragraph_does_not_outrank_one_with_both_words(paragraph_index: Path):
    # The same two texts as paragraphs: P_NEGOTIATED has both English words, P_GLOSSED one
    # (gencatan senjata and ceasefire are both "ceasefire").  In 13 articles, with BM25's idf
    # log(1 + (N - n + 0.5) / (n + 0.5)): gencatan senjata (each word in 4) 2 * 1.135 = 2.27,
    # ceasefire as typed (in 2, at 0.5) 2.23, talks (pembicaraan in 2, perundingan in 3) 1.56.
    # P_GLOSSED, one word of two: half of at most 2.27 f(1) + 2.23 f(0.5), under 2.27 f(1);
    # P_NEGOTIATED, both words (and shorter): 2.27 f(1) + 1.56 f(0.437).  The article ranking
    # agrees (test above); as paragraphs, ceasefire counts as two words and P_GLOSSED comes first.
    assert _passages(paragraph_index, "ceasefire talks", "glosses") == ["p2", "p1"]
