"""The query language: what a typed query is read as, what its operators mean, and how it is rewritten.

The first tests read queries with `warta.query.understand`, the library call
every front end's search goes through; the others search the fixture index
through the command line.
"""

from __future__ import annotations

import json

import pytest

from conftest import invoke
from warta.errors import QueryError
from warta.query import tree, understand
from warta.query.tree import Alternatives, AndNot, Any, Phrase, Prefix, Require, Wildcard, Word

FIELDS = {"title", "body", "exact", "source", "lang", "category", "date", "id", "dateline", "speaker"}


def reading(text: str, lang: str = "id", match: str = "any") -> tree.Node | None:
    """*text* as understood for the articles in *lang*, on an index of Indonesian and English articles."""
    understood = understand(text, fields=FIELDS, languages=["id", "en"], match=match)
    return next(r.tree for r in understood.readings if lang in r.languages)


def ids(found: list[dict[str, object]]) -> list[object]:
    return [h["id"] for h in found]


def test_words_phrases_and_fields_are_read_as_typed_not_yet_stemmed():
    assert reading('Perundingan "gencatan senjata" judul:Gaza') == Any(
        [Word("Perundingan"), Phrase("gencatan senjata", start=13), Word("Gaza", field="title")]
    )


def test_patterns_are_folded_but_not_analysed():
    assert reading("Elect* te?as") == Any([Prefix("elect"), Wildcard("te?as")])


def test_a_prefix_that_names_no_field_is_read_as_a_word():
    assert reading("kolom:gaza") == Any([Word("kolom"), Word("gaza")])
    assert reading("Jakarta: banjir") == Any([Word("Jakarta"), Word("banjir")])


def test_an_operator_with_nothing_on_one_side_is_dropped():
    assert reading("gaza AND") == Word("gaza")
    assert reading("OR banjir") == Word("banjir")


def test_not_means_but_not():
    # with OR as the default operator, "gaza NOT israel" would match nearly everything
    assert reading("gaza NOT israel") == AndNot(Word("gaza"), Word("israel"))


def test_labels_restrict_rather_than_rank():
    assert reading("inflasi sumber:kompas") == Require(Word("inflasi"), Word("kompas", field="source"))


def test_labels_restrict_in_every_position_and_with_match_all():
    # with --match all the top group is an AND holding one OR: the label is still required
    label = Word("kompas", field="source")
    assert reading("source:kompas OR banjir", match="all") == Require(Word("banjir"), label)
    assert reading("(source:kompas banjir) AND (source:kompas banjir)") == Require(Word("banjir"), label)


def test_a_group_of_one_is_its_part():
    assert reading("+polisi NOT jakarta", match="all") == AndNot(Word("polisi"), Word("jakarta"))
    assert reading("((gaza))") == Word("gaza")


def test_a_quoted_single_word_is_that_word():
    full = Phrase("operasi tangkap tangan", boost=1 / 3, start=1)
    assert reading('"OTT" bupati') == Any([Alternatives([Phrase("OTT", start=1), full]), Word("bupati")])
    assert reading('"the" flood', lang="en") == Any([Word("flood")])  # the stopword left out


def test_an_indonesian_abbreviation_also_finds_its_full_form_and_back():
    full = Phrase("operasi tangkap tangan", boost=1 / 3, start=1)
    assert reading("OTT bupati") == Any([Alternatives([Word("OTT"), full]), Word("bupati")])
    spelled = reading("operasi tangkap tangan")
    assert isinstance(spelled, Any) and isinstance(spelled.parts[0], Alternatives)
    assert spelled.parts[0].parts[1] == Word("ott", boost=3.0)
    assert reading("OTT bupati", lang="en") == Any([Word("OTT"), Word("bupati")])  # Indonesian only


def test_english_stopwords_are_left_out_of_optional_words_unless_typed_in_capitals():
    assert reading("the state of the union", lang="en") == Any([Word("state"), Word("union")])
    assert reading("WHO warns", lang="en") == Any([Word("WHO"), Word("warns")])
    assert reading("the of", lang="en") == Any([Word("the"), Word("of")])  # all it has: kept
    assert reading("the state", lang="id") == Any([Word("the"), Word("state")])  # none for Indonesian yet


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-gaza", "only excludes words"),
        ("NOT gaza", "only excludes words"),
        ("gaza judul:", "'judul:' needs a word"),
    ],
)
def test_a_query_that_cannot_mean_anything_says_why(text: str, message: str):
    with pytest.raises(QueryError, match=message):
        understand(text, fields=FIELDS)


@pytest.mark.parametrize(
    "query",
    [
        '"gencatan senjata',  # unbalanced quote
        "gencatan AND",  # dangling operator
        "OR senjata",
        "(gencatan senjata",
        "gencatan)",
        "foo:gencatan",  # unknown field
        "gencatan^^2",
        "gen*",
        "[senjata",
        "senjata~",
        "gencatan && senjata || ",
    ],
)
def test_malformed_queries_search_what_they_can(corpus_index, query: str):
    _, index = corpus_index
    result = invoke("search", query, "--index", str(index), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert data["query"] == query
    if "gencatan" in query or "senjata" in query:
        assert data["total"] >= 1


@pytest.mark.parametrize("query", [":", "", "   ", "-gencatan", "NOT gencatan", "()", '""'])
def test_queries_with_nothing_to_find_exit_2(corpus_index, query: str):
    _, index = corpus_index
    result = invoke("search", "--index", str(index), "--", query)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("warta: error: query")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("title:", "'title:' needs a word"),
        ("gaza judul:", "'judul:' needs a word"),
        ("date:2025-13", "cannot read date '2025-13'"),
        ("date:[2019 to", "cannot read date '[2019'"),
    ],
)
def test_queries_that_cannot_mean_anything_say_why(corpus_index, query: str, message: str):
    _, index = corpus_index
    result = invoke("search", query, "--index", str(index))
    assert result.exit_code == 2
    assert result.stderr.startswith("warta: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_star_lists_every_article_within_the_filters(corpus_index):
    _, index = corpus_index
    everything = json.loads(invoke("search", "*", "--index", str(index), "--format", "json").stdout)
    assert everything["total"] == 10
    september = invoke(
        "search", "*", "--since", "2019-09", "--until", "2019-09", "--index", str(index), "--format", "json"
    )
    assert json.loads(september.stdout)["total"] == 3


def test_phrase_requires_adjacent_words(search):
    assert ids(search('"gencatan senjata"')) == ["000_1f04c6eb8e8ae419.txt"]
    # Both words occur in the seed, but never next to each other in this order.
    assert search('"senjata gencatan"') == []


def test_words_rank_articles_matching_more_of_them_first(search):
    found = ids(search("banjir jakarta"))
    assert found[0] == "banjir.txt"
    assert "berita-001" in found  # mentions Jakarta only


def test_match_all_requires_every_word(search):
    assert ids(search("banjir jakarta", "--match", "all")) == ["banjir.txt"]


def test_minus_and_not_exclude(search):
    with_jakarta = set(ids(search("jakarta")))
    assert "banjir.txt" in with_jakarta
    assert "banjir.txt" not in ids(search("jakarta -banjir"))
    assert "banjir.txt" not in ids(search("jakarta NOT banjir"))
    assert set(ids(search("jakarta -banjir"))) == with_jakarta - {"banjir.txt"}


def test_or_finds_either(search):
    assert set(ids(search("gempa OR kebakaran"))) == {"daerah/detik.csv#1", "daerah/riau.md"}


def test_field_queries(search):
    assert ids(search("title:pemilu")) == ["berita-002"]
    assert ids(search("source:tempo")) == ["berita-002"]
    assert ids(search("judul:gempa")) == ["daerah/detik.csv#1"]  # Indonesian alias of title:
    # "relawan" is in the body of berita-002, not its title.
    assert search("title:relawan") == []


def test_date_query(search):
    september = {"berita-001", "daerah/riau.md", "olahraga.json#1"}
    assert set(ids(search("date:2019-09", "--limit", "50"))) == september
    assert set(ids(search("date:[2019-09-01 to 2019-09-10]"))) == {"berita-001", "olahraga.json#1"}
    assert set(ids(search("date:2019-10-02"))) == {"berita-002"}
    assert set(ids(search("date:2025"))) == {"daerah/detik.csv#1", "daerah/detik.csv#2"}
    assert set(ids(search("harga date:2019"))) >= {"berita-003"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a label clause stays required next to a negation or a +word
        ("harga -kopi source:tempo", set()),
        ("harga -kopi source:detik", set()),  # the detik article is about kopi
        ("harga -kopi", {"olahraga.json#2", "daerah/detik.csv#2"}),
        ("+harga source:detik", {"berita-003"}),
        ("+harga NOT kopi", {"olahraga.json#2", "daerah/detik.csv#2"}),
        ("saham +harga NOT kopi", {"olahraga.json#2", "daerah/detik.csv#2"}),
        # a negation inside parentheses only applies there
        ("kopi OR (harga NOT saham)", {"berita-003", "daerah/detik.csv#2"}),
    ],
)
def test_negations_and_labels_combine_as_written(search, query: str, expected: set[str]):
    assert set(ids(search(query, "--limit", "50"))) == expected


def test_a_label_in_an_or_is_required_with_match_all_too(search):
    # upah is only in berita-001, from Kompas.com
    assert ids(search("upah OR source:tempo", "--match", "all")) == []
    assert ids(search("upah OR source:kompas", "--match", "all")) == ["berita-001"]
