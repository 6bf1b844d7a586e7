"""What callers ask is checked in one place: the same mistakes get the same message, in the library's
terms for a script and in flags on the command line."""

from __future__ import annotations

import datetime as dt

import pytest

import warta
from conftest import invoke


@pytest.mark.parametrize(
    ("options", "parameter", "message"),
    [
        ({"limit": -1}, "limit", "limit must not be negative"),
        ({"limit": "5"}, "limit", "limit must be a whole number, not '5'"),
        ({"offset": 2.5}, "offset", "offset must be a whole number, not 2.5"),
        ({"facets": "author"}, "facets", "cannot count by 'author'; facets takes source, month"),
        ({"unit": "sentence"}, "unit", "unit must be one of article, passage, quote, not 'sentence'"),
        ({"unit": "quote", "facets": "source"}, "facets", "facets counts articles; use it with unit article"),
        ({"match": "most"}, "match", "match must be 'any' or 'all', not 'most'"),
        ({"filters": warta.Filters(source="!!!")}, "source", "source '!!!' has no letters or digits"),
        ({"filters": warta.Filters(lang="klingon")}, "lang", "lang 'klingon' is not a language warta knows"),
        ({"filters": warta.Filters(since="kemarin")}, "since", "since: cannot read date 'kemarin'"),
        ({"filters": warta.Filters(until=2019)}, "until", "until must be a date, not 2019"),
        ({"filters": {"source": "kompas"}}, "filters", "filters must be warta.Filters"),
    ],
)
def test_the_library_names_the_parameter_at_fault(corpus_index, options, parameter: str, message: str):
    _, index = corpus_index
    with pytest.raises(warta.RequestError) as caught:
        warta.search("harga", index, **options)
    assert caught.value.parameter == parameter
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_dates_in_filters_may_be_written_as_on_the_command_line(corpus_index):
    _, index = corpus_index
    as_text = warta.search(
        "upah OR pemilu OR kopi", index, filters=warta.Filters(since="2019-09", until="2019")
    )
    as_dates = warta.search(
        "upah OR pemilu OR kopi",
        index,
        filters=warta.Filters(since=dt.date(2019, 9, 1), until=dt.date(2019, 12, 31)),
    )
    # berita-003, about kopi, is from August 2019
    assert {h.id for h in as_text.hits} == {h.id for h in as_dates.hits} == {"berita-001", "berita-002"}


def test_the_command_line_says_the_same_in_its_flags(corpus_index):
    _, index = corpus_index
    for args, message in (
        (["--facets", "author"], "cannot count by 'author'; --facets takes source, month"),
        (["--unit", "quote", "--facets", "source"], "--facets counts articles; use it with --unit article"),
        (["--lang", "klingon"], "--lang 'klingon' is not a language warta knows"),
        (["--source", "!!!"], "--source '!!!' has no letters or digits"),
        (["--since", "kemarin"], "--since: cannot read date 'kemarin'"),
    ):
        result = invoke("search", "harga", "--index", str(index), *args)
        assert result.exit_code == 2, args
        assert result.stderr == f"warta: error: {message}" + result.stderr.split(message, 1)[1], args
        assert len(result.stderr.splitlines()) == 1


def test_ingest_options_are_checked_before_anything_is_written(tmp_path):
    with pytest.raises(warta.RequestError, match="shards must be at least 1"):
        warta.ingest([tmp_path], tmp_path / "ix", shards=0)
    with pytest.raises(warta.RequestError, match="field_map: unknown field 'author'"):
        warta.ingest([tmp_path], tmp_path / "ix", field_map={"author": "penulis"})
    assert not (tmp_path / "ix").exists()


def test_a_request_made_by_hand_is_checked_too(corpus_index):
    _, index = corpus_index
    with warta.Searcher(index) as searcher:
        with pytest.raises(warta.RequestError, match="source '!!!' has no letters or digits"):
            searcher.run(warta.SearchRequest("harga", filters=warta.Filters(source="!!!")))
        with pytest.raises(warta.RequestError, match="unit must be one of"):
            searcher.run(warta.SearchRequest("harga", unit="bogus"))
        assert searcher.run(warta.SearchRequest("harga", limit=1)).total == 3


def test_check_takes_the_field_map_ingest_takes(corpus_index):
    corpus, index = corpus_index
    with pytest.raises(warta.RequestError, match="field_map: unknown field 'bogus'"):
        warta.check_index(index, [corpus], {"bogus": "x"})
