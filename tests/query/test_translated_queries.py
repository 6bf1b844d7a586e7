"""Cross-language search (issue 19) in the query tree: what `warta.query.understand` makes of a query
it translates.

Without the index's words (no *lexicon*) there is no telling an English query
from an Indonesian one, so only ``translate=True`` translates here; detection
against an index's words is tested through the command line in
tests/search/test_translation.py.  The translations are the rows of
``src/warta/query/translations/en_id.tsv``:

    ceasefir  gencatan senjata 1.000
    talk      pembicaraan 0.563, perundingan 0.437
    haze      kabut asap 0.700, asap 0.300
    sting oper  operasi tangkap tangan 0.500, ott 0.500
    truce     gencatan senjata 1.000

with the English word as typed added at weight 0.5 (unless it is a translation already).
"""

from __future__ import annotations

import pytest

from warta.query import tree, understand

FIELDS = {"title", "body", "exact", "source", "lang", "category", "date", "id", "dateline", "speaker"}
INDONESIAN = {"id": 10}
MIXED = {"id": 10, "en": 3}

CEASEFIRE = (("gencatan senjata", 1.0), ("ceasefire", 0.5))
TALKS = (("pembicaraan", 0.563), ("perundingan", 0.437), ("talks", 0.5))


def _reading(understood, stemmer: str) -> tree.Node | None:
    return next(r.tree for r in understood.readings if r.stemmer == stemmer)


def _leaves(node: tree.Node | None) -> list[tree.Node]:
    return [] if node is None else list(tree.leaves(node))


def _translated(node: tree.Node | None) -> list[tuple[str, tuple[tuple[str, float], ...], bool]]:
    return [
        (leaf.text, leaf.translations, leaf.stems)
        for leaf in _leaves(node)
        if isinstance(leaf, tree.Translated)
    ]


def test_each_english_word_becomes_one_leaf_of_its_translations():
    understood = understand("ceasefire talks", fields=FIELDS, languages=INDONESIAN, translate=True)
    assert understood.translation == "en-id"
    assert _translated(_reading(understood, "sastrawi")) == [
        ("ceasefire", CEASEFIRE, False),
        ("talks", TALKS, False),
    ]
    assert understood.translated == '("gencatan senjata" OR ceasefire) (pembicaraan OR perundingan OR talks)'


def test_without_the_index_words_only_translate_true_translates():
    for translate in (None, False):
        understood = understand("ceasefire talks", fields=FIELDS, languages=INDONESIAN, translate=translate)
        assert understood.translation is None and understood.translated is None
        assert _translated(_reading(understood, "sastrawi")) == []
        assert [leaf.text for leaf in _leaves(_reading(understood, "sastrawi"))] == ["ceasefire", "talks"]


def test_a_phrase_of_the_table_is_one_leaf_and_names_pass_through():
    understood = understand("KPK sting operation Medan", fields=FIELDS, languages=INDONESIAN, translate=True)
    leaves = _leaves(_reading(understood, "sastrawi"))
    # the two-word entry before its words (sting: sengat; operation: operasi); KPK (capitals)
    # and Medan (a capital after the first word) as typed
    assert [type(leaf).__name__ for leaf in leaves] == ["Word", "Translated", "Word"]
    assert leaves[0].text == "KPK" and leaves[2].text == "Medan"
    assert leaves[1].translations == (
        ("operasi tangkap tangan", 0.5),
        ("ott", 0.5),
        ("sting operation", 0.5),
    )


def test_a_translation_equal_to_the_typed_word_is_not_added_twice():
    # haze: kabut asap, asap (and haze as typed); a first word with a capital is translated
    understood = understand("Haze Riau", fields=FIELDS, languages=INDONESIAN, translate=True)
    assert _translated(_reading(understood, "sastrawi")) == [
        ("Haze", (("kabut asap", 0.7), ("asap", 0.3), ("haze", 0.5)), False)
    ]
    assert understood.translated == '("kabut asap" OR asap OR haze) Riau'


def test_and_keeps_its_meaning_when_translated():
    understood = understand("ceasefire AND talks", fields=FIELDS, languages=INDONESIAN, translate=True)
    top = _reading(understood, "sastrawi")
    assert isinstance(top, tree.All)
    assert _translated(top) == [("ceasefire", CEASEFIRE, False), ("talks", TALKS, False)]
    assert (
        understood.translated == '("gencatan senjata" OR ceasefire) AND (pembicaraan OR perundingan OR talks)'
    )


@pytest.mark.parametrize("query", ['"ceasefire talks"', "title:ceasefire", "ceasefir*"])
def test_phrases_fields_and_patterns_are_searched_as_typed(query: str):
    understood = understand(query, fields=FIELDS, languages=INDONESIAN, translate=True)
    assert understood.translation is None and understood.translated is None
    assert _translated(_reading(understood, "sastrawi")) == []


def test_a_mixed_index_searches_its_english_articles_for_the_english_words():
    understood = understand("ceasefire talks", fields=FIELDS, languages=MIXED, translate=True)
    assert understood.translation == "en-id"
    assert _translated(_reading(understood, "english")) == []  # the English reading: as typed
    assert [leaf.text for leaf in _leaves(_reading(understood, "english"))] == ["ceasefire", "talks"]
    assert len(_translated(_reading(understood, "sastrawi"))) == 2


def test_an_indonesian_query_is_translated_into_english_stems_for_a_mixed_index():
    # "di" makes it Indonesian; gencatan senjata is given by ceasefir and truce, each at 1.0:
    # 0.5 each once normalised, and the words as typed (as English stems) at AS_TYPED, 0.5;
    # di, a function word, is left out of the English reading
    understood = understand("gencatan senjata di Gaza", fields=FIELDS, languages=MIXED, translate=True)
    assert understood.translation == "id-en"
    english = _reading(understood, "english")
    typed = ("gencatan senjata", 0.5)
    assert _translated(english) == [("gencatan senjata", (("ceasefir", 0.5), ("truce", 0.5), typed), True)]
    assert [leaf.text for leaf in _leaves(english)] == ["gencatan senjata", "Gaza"]
    # the Indonesian articles: the query as typed
    assert _translated(_reading(understood, "sastrawi")) == []
    assert understood.translated == '(ceasefir OR truce OR "gencatan senjata") Gaza'


def test_an_english_query_on_an_english_index_is_not_translated():
    # no Indonesian articles to translate it for, and no English word of it is in the table's
    # other direction: nothing translated, and nothing said (ce2f667 said "id-en")
    understood = understand("ceasefire talks", fields=FIELDS, languages={"en": 3}, translate=True)
    assert _translated(_reading(understood, "english")) == []
    assert understood.translation is None and understood.translated is None
