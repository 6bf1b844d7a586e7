"""Typos: mistyped words searched as the index has them, suggestions, mistyped field names, fuzzy words.

The corpus is written here, with the counts each rule depends on: a word
held in ten or more articles is never changed; a rarer one only towards a
word one edit away written in ten times as many articles, and not when the
query's other words are found with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import warta
from conftest import hits, invoke, one_article_index


def _article(n: int, title: str, body: str) -> dict[str, str]:
    return {"id": f"a{n:02d}", "title": title, "body": body, "date": "2019-09-01", "source": "kompas"}


def _articles() -> list[dict[str, str]]:
    out: list[dict[str, str]] = []

    def add(count: int, title: str, body: str) -> None:
        for _ in range(count):
            out.append(_article(len(out), title, body))

    add(
        12,
        "Presiden Jokowi meresmikan bendungan",
        "Presiden Jokowi meresmikan bendungan baru di Jawa Tengah.",
    )
    add(10, "Gol indah Messi", "Messi mencetak gol indah untuk Barcelona di Camp Nou.")
    add(30, "Harga cabai naik", "Meski hujan turun, harga cabai tetap naik di pasar induk.")
    add(2, "Raisa menggelar konser", "Penyanyi Raisa menggelar konser tunggal di Jakarta.")
    add(25, "Rasa kopi Gayo", "Rasa kopi Gayo disukai pembeli dari luar negeri.")
    add(12, "Veronica Koman tersangka", "Polisi menetapkan Veronica Koman sebagai tersangka.")
    add(1, "Veronika Koman dicari", "Veronika Koman dicari polisi setelah unggahan di media sosial.")
    add(8, "Pemindahan ibu kota", "Pemerintah mengumumkan pemindahan ibu kota ke Kalimantan Timur.")
    add(1, "Ibukota baru", "Rencana ibukota baru dibahas di parlemen.")
    add(9, "Gencatan senjata di Gaza", "Israel dan Hamas menyepakati gencatan senjata di Gaza.")
    add(9, "Liga sepakbola nasional", "Kompetisi sepakbola nasional dimulai pekan depan.")
    add(1, "Sepak bola di kampung", "Anak-anak bermain sepak bola di lapangan kampung.")
    for n in range(3):  # a few English articles: the index has two language readings
        out.append(
            {
                "id": f"en{n}",
                "title": "Government announces new policy",
                "body": "The government announced a new policy on fuel prices on Monday.",
                "date": "2019-09-02",
                "source": "kompas",
                "lang": "en",
            }
        )
    return out


@pytest.fixture(scope="module")
def typo_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typos")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "news.jsonl").write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in _articles()) + "\n", encoding="utf-8"
    )
    index = root / "index"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    return index


def _json(index: Path, query: str, *flags: str) -> tuple[int, dict[str, object]]:
    args = ("--index", str(index), "--format", "json", "-n", "50", "--no-collapse", *flags, "--", query)
    result = invoke("search", *args)
    assert result.stdout, result.stderr
    return result.exit_code, json.loads(result.stdout)


def _ids(data: dict[str, object]) -> set[str]:
    return {str(h["id"]) for h in data["hits"]}  # type: ignore[union-attr]


def test_a_word_the_index_lacks_is_searched_as_the_word_it_holds(typo_index):
    code, data = _json(typo_index, "jokowii")
    assert code == 0
    assert data["original_query"] == data["query"] == "jokowii"
    assert data["corrected_query"] == "jokowi"
    _, right = _json(typo_index, "jokowi")
    assert _ids(data) == _ids(right) and len(_ids(right)) == 12
    text = invoke("search", "Jokowii bendungan", "--index", str(typo_index))
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == (
        "Showing results for 'Jokowi bendungan'; search instead for 'Jokowii bendungan' with --no-correct"
    )
    assert lines[1] == "1-1 of 12 articles for 'Jokowi bendungan'"  # the twelve copies fold into one


def test_no_correct_searches_exactly_what_was_typed_and_suggests(typo_index):
    code, data = _json(typo_index, "jokowii", "--no-correct")
    assert code == 1
    assert data["total"] == 0 and data["corrected_query"] is None
    assert data["suggestion"] == "jokowi"
    text = invoke("search", "jokowii", "--no-correct", "--index", str(typo_index))
    assert text.exit_code == 1
    assert text.stdout.splitlines()[:2] == ["0 articles for 'jokowii'", "Did you mean 'jokowi'?"]
    with warta.Searcher(typo_index) as searcher:
        exact = searcher.search("jokowii", correct=False)
        corrected = searcher.search("jokowii")
    assert (exact.total, exact.corrected_query, exact.suggestion) == (0, None, "jokowi")
    assert (corrected.total, corrected.corrected_query, corrected.suggestion) == (12, "jokowi", None)


def test_a_word_held_often_enough_is_never_changed(typo_index):
    # messi: 10 articles; meski (one edit away) is written in 30
    code, data = _json(typo_index, "messi")
    assert code == 0 and data["corrected_query"] is None
    assert data["total"] == 10
    assert all("Messi" in str(h["title"]) for h in data["hits"])  # type: ignore[union-attr]


def test_a_rare_word_the_other_words_are_found_with_is_kept(typo_index):
    # raisa: 2 articles, both with "konser"; rasa (one edit away) is in 25, none with "konser"
    code, data = _json(typo_index, "raisa konser")
    assert code == 0 and data["corrected_query"] is None
    assert [h["title"] for h in data["hits"]][:2] == ["Raisa menggelar konser"] * 2  # type: ignore[index]


def test_a_rare_spelling_is_corrected_when_the_other_words_tell(typo_index):
    # veronika: written in 1 article, veronica in 12; "tersangka" is found with veronica only
    code, data = _json(typo_index, "veronika tersangka")
    assert code == 0 and data["corrected_query"] == "veronica tersangka"
    assert data["total"] == 12
    # typed alone, a word the index has is what was meant: it is searched as typed
    code, data = _json(typo_index, "veronika")
    assert code == 0 and data["corrected_query"] is None and data["total"] == 1


def test_a_compound_written_as_one_word_is_searched_both_ways(typo_index):
    code, data = _json(typo_index, "ibukota")
    assert code == 0 and data["corrected_query"] == '("ibu kota" OR ibukota)'
    titles = {h["title"] for h in data["hits"]}  # type: ignore[union-attr]
    assert titles == {"Pemindahan ibu kota", "Ibukota baru"}
    assert data["total"] == 9
    # what is shown as searched is what was searched, scores and order too, among other words also
    for query in ("ibukota", "pemindahan ibukota", "sepak bola kampung"):
        _, data = _json(typo_index, query)
        _, shown = _json(typo_index, str(data["corrected_query"]), "--no-correct")
        ranked = [(h["id"], h["score"]) for h in data["hits"]]  # type: ignore[union-attr]
        assert ranked == [(h["id"], h["score"]) for h in shown["hits"]], query  # type: ignore[union-attr]


def test_words_in_a_phrase_get_a_suggestion_not_a_change(typo_index):
    code, data = _json(typo_index, '"gencatan senjta"')
    assert code == 1
    assert data["total"] == 0 and data["corrected_query"] is None
    assert data["suggestion"] == '"gencatan senjata"'
    _, suggested = _json(typo_index, str(data["suggestion"]))
    assert suggested["total"] == 9


def test_short_words_are_left_alone_unless_other_words_tell(typo_index):
    # "kopu" is one edit from "kopi" (25 articles), but four letters alone are too few to correct
    code, data = _json(typo_index, "kopu")
    assert code == 1 and data["corrected_query"] is None
    assert data["suggestion"] == "kopi"  # offered, not searched
    # among other words, a four-letter word written nowhere is corrected towards one found with them
    code, data = _json(typo_index, "kopu gayo")
    assert code == 0 and data["corrected_query"] == "kopi gayo"
    # three letters never
    assert _json(typo_index, "kop gayo")[1]["corrected_query"] is None


def test_a_mistyped_field_name_is_an_error_naming_the_field(typo_index):
    result = invoke("search", "tittle:gaza", "--index", str(typo_index))
    assert result.exit_code == 2
    assert "unknown field 'tittle'; did you mean 'title'?" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    with (
        warta.Searcher(typo_index) as searcher,
        pytest.raises(warta.QueryError, match="did you mean 'source'"),
    ):
        searcher.search("sorce:kompas")
    result = invoke("search", 'tittle:"gencatan senjata"', "--index", str(typo_index))
    assert result.exit_code == 2 and 'as in title:"gencatan senjata"' in result.stderr
    result = invoke("search", "dat:2019", "--index", str(typo_index))
    assert result.exit_code == 2 and "did you mean 'date'? as in date:2019" in result.stderr
    # a word before a colon, far from any field's name, is still a word
    code, data = _json(typo_index, "Presiden: bendungan")
    assert code == 0 and data["total"] == 12


def test_fuzzy_words_find_words_within_their_edits(typo_index):
    _, one = _json(typo_index, "jokowii~", "--no-correct")
    assert one["total"] == 12 and one["corrected_query"] is None
    _, too_far = _json(typo_index, "jokkowii~", "--no-correct")
    assert too_far["total"] == 0
    _, two = _json(typo_index, "jokkowii~2", "--no-correct")
    assert two["total"] == 12
    assert all("<mark>" in h["snippet"] for h in two["hits"])  # type: ignore[union-attr]


def test_ingest_keeps_the_words_current(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = [_article(n, "Harga cabai naik", "Harga cabai naik di pasar.") for n in range(3)]
    (corpus / "a.jsonl").write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    index = tmp_path / "index"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    assert _json(index, "zulkiflii")[1]["corrected_query"] is None
    new = [_article(10 + n, "Zulkifli Hasan", "Zulkifli Hasan berkunjung ke pasar.") for n in range(3)]
    (corpus / "b.jsonl").write_text("\n".join(json.dumps(a) for a in new) + "\n", encoding="utf-8")
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    assert "zulkifli" in (index / "words.txt").read_text(encoding="utf-8").split()
    code, data = _json(index, "zulkiflii")
    assert code == 0 and data["corrected_query"] == "zulkifli" and data["total"] == 3
    (index / "words.txt").unlink()  # read again from the index when missing
    assert _json(index, "zulkiflii")[1]["corrected_query"] == "zulkifli"
    assert [h["id"] for h in hits(invoke("search", "zulkifli", "--index", str(index), "--format", "json"))]


def test_corrections_beside_exclusions_filters_and_required_words(typo_index):
    code, data = _json(typo_index, "jokowii -bendungan")
    assert code == 1 and data["corrected_query"] == "jokowi -bendungan" and data["total"] == 0
    code, data = _json(typo_index, "ibukota -parlemen")
    assert data["corrected_query"] == '("ibu kota" OR ibukota) -parlemen'
    assert {h["title"] for h in data["hits"]} == {"Pemindahan ibu kota"}  # type: ignore[union-attr]
    code, data = _json(typo_index, "jokowii source:kompas")
    assert code == 0 and data["corrected_query"] == "jokowi source:kompas" and data["total"] == 12
    code, data = _json(typo_index, "+jokowii bendungan")
    assert code == 0 and data["corrected_query"] == "+jokowi bendungan" and data["total"] == 12
    # an excluded word is never corrected, and the word corrected is the one searched for
    code, data = _json(typo_index, "-jokowii jokowii")
    assert data["corrected_query"] == "-jokowii jokowi"


def test_two_words_the_index_writes_as_one_are_searched_both_ways(typo_index):
    # sepakbola: 9 articles; "sepak bola": 1
    code, data = _json(typo_index, "sepak bola")
    assert code == 0 and data["corrected_query"] == '(sepakbola OR "sepak bola")'
    assert data["total"] == 10
    # only words typed next to each other, not across an operator
    assert _json(typo_index, "sepak OR bola")[1]["corrected_query"] is None


def test_field_values_and_title_words_get_suggestions(typo_index):
    code, data = _json(typo_index, "source:kompsa")
    assert code == 1 and data["suggestion"] == "source:kompas"
    code, data = _json(typo_index, "title:jokowii")
    assert code == 1 and data["suggestion"] == "title:jokowi"


def test_an_english_word_in_an_index_of_two_languages(typo_index):
    code, data = _json(typo_index, "goverment policy", "--no-translate")
    assert code == 0 and data["corrected_query"] == "government policy"
    assert {h["lang"] for h in data["hits"]} == {"en"}  # type: ignore[union-attr]
    # by default the query is English, and nearly all the articles Indonesian: the translation
    # table reads the mistyped word (as govern: pemerintah), the corrector leaves it alone
    code, data = _json(typo_index, "goverment policy")
    assert data["translation"] == "en-id" and data["corrected_query"] is None
    assert "pemerintah" in str(data["translated_query"])
    # and an Indonesian word is not taken for an English one (jokowie is no English form of jokowi)
    assert _json(typo_index, "jokowie")[1]["corrected_query"] == "jokowi"


def test_fuzzy_words_count_a_swap_as_one_edit_and_clamp_their_prefix(typo_index):
    assert _json(typo_index, "jokwoi~", "--no-correct")[1]["total"] == 12
    assert _json(typo_index, "jokowi~2/10", "--no-correct")[1]["total"] == 12  # a prefix as long as the word
    assert _json(typo_index, "jokowi~0", "--no-correct")[1]["total"] == 12  # ~0: the word itself
    for odd in ("jokowi~-1", "jokowi~1.5", "jokowi~x"):
        result = invoke("search", odd, "--index", str(typo_index))
        assert result.exit_code == 2 and "'~' takes a number of edits" in result.stderr, odd
    assert _json(typo_index, '"gencatan senjata"~2')[1]["total"] == 9  # a phrase's slop is no fuzzy word


def test_eval_corrects_topics_unless_told_not_to(typo_index, tmp_path):
    topics = tmp_path / "topics.tsv"
    topics.write_text("q1\tjokowii\n", encoding="utf-8")
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("".join(f"q1 0 a{n:02d} 1\n" for n in range(12)), encoding="utf-8")
    scores = {}
    for flag in ("--correct", "--no-correct"):
        result = invoke("eval", "--topics", str(topics), "--qrels", str(qrels), "--index", str(typo_index),
                        "--format", "json", flag)  # fmt: skip
        assert result.exit_code == 0, result.stderr
        scores[flag] = json.loads(result.stdout)["means"]["ndcg@10"]
    assert scores["--correct"] == 1.0 and scores["--no-correct"] == 0.0


def test_a_small_index_corrects_towards_words_of_one_article(tmp_path):
    # in an index of a few articles most words are in one: one is enough to correct towards
    _corpus, index = one_article_index(tmp_path, "Israel dan Hamas menyepakati gencatan senjata di Gaza.")
    code, data = _json(index, "gencatan senjta")
    assert code == 0 and data["corrected_query"] == "gencatan senjata"


def test_only_the_free_occurrence_of_a_word_is_corrected(typo_index):
    # the same typo in a field's group, an excluded group, a pattern or a compound stays as typed
    for query, shown in (
        ("title:(jokowii) jokowii", "title:(jokowii) jokowi"),
        ("-(jokowii) jokowii", "-(jokowii) jokowi"),
        ("jokowii? jokowii", "jokowii? jokowi"),
        ("jokowii-bendungan jokowii", "jokowii-bendungan jokowi"),
    ):
        assert _json(typo_index, query)[1]["corrected_query"] == shown, query


def test_syntax_checks_leave_phrases_alone(typo_index):
    # inside "quotes" a ~ and a word before a colon are text, not syntax
    for phrase in ('"jokowi~x"', '"kata dat: bendungan"', '"sumber: kompas"'):
        result = invoke("search", phrase, "--index", str(typo_index))
        assert result.exit_code in (0, 1) and not result.stderr, phrase
    # a three-letter name is not taken for a two-letter field (aid: is no id:)
    assert invoke("search", "aid: jokowi", "--index", str(typo_index)).exit_code == 0
    result = invoke("search", "jokowi~^2", "--index", str(typo_index))
    assert result.exit_code == 2 and "a fuzzy word takes no boost" in result.stderr
