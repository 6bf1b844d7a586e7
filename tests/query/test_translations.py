"""The English-Indonesian translation table shipped for cross-language search (issue 19).

Nothing reads the table yet; these tests hold it to what its README promises, so that a rebuild
(`python -m warta.query.translations.build`) that breaks the format or loses the hand-written
news terms is caught.
"""

from __future__ import annotations

import importlib.resources
import itertools
from collections import defaultdict

import pytest


@pytest.fixture(scope="module")
def table() -> dict[str, list[tuple[str, float]]]:
    text = importlib.resources.files("warta.query.translations").joinpath("en_id.tsv").read_text("utf-8")
    found: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for number, line in enumerate(text.splitlines(), 1):
        cells = line.split("\t")
        assert len(cells) == 3, f"line {number}: {line!r}"
        key, indonesian, probability = cells
        found[key].append((indonesian, float(probability)))
    return dict(found)


def test_each_key_has_a_few_translations_whose_probabilities_sum_to_one(table):
    assert len(table) > 5000
    for key, translations in table.items():
        assert key == key.lower() and key.strip() == key, key
        assert 1 <= len(translations) <= 4, key
        assert all(0 < p <= 1 for _word, p in translations), key
        assert abs(sum(p for _word, p in translations) - 1) <= 0.01, key
        ps = [p for _w, p in translations]  # best first (to rounding: 0.416 may precede 0.417)
        assert all(later <= earlier + 0.002 for earlier, later in itertools.pairwise(ps)), key


def test_the_news_terms_written_by_hand_are_there(table):
    assert table["ceasefir"][0] == ("gencatan senjata", 1.0)
    assert table["haze"][0][0] == "kabut asap"
    assert {word for word, _p in table["sting oper"]} == {"operasi tangkap tangan", "ott"}
    assert table["odd even"] == [("ganjil genap", 1.0)]
    assert table["crimin code bill"][0][0] == "ruu kuhp"
    assert table["regent"] == [("bupati", 1.0)]


def test_the_library_reads_the_table_as_written_though_lazily(table):
    from warta.query.translations import built_table, news_terms
    from warta.query.translations import table as laid_over

    read = built_table()
    assert len(read) == len(table) and set(read) == set(table)
    assert all(list(read[key]) == table[key] for key in table)
    terms = news_terms()
    assert len(terms) >= 80 and "sting oper" in terms
    merged = laid_over()
    assert set(merged) == set(table) | set(terms) and len(merged) == len(set(table) | set(terms))
    for key in terms:  # every hand-written term analyses, and replaces the built row
        assert merged[key] == terms[key] and terms[key]
        assert abs(sum(p for _w, p in terms[key]) - 1) < 1e-9
    with pytest.raises(KeyError):
        merged["no such stem"]


MALFORMED = ["bank\tbank\t1\textra", "bank\t...\t1", "bank\tbank\t0", "bank\tbank", "\tbank\t1"]


@pytest.mark.parametrize("line", MALFORMED)
def test_a_malformed_hand_written_term_is_refused_with_its_line(line: str):
    from warta.query.translations import news_terms

    with pytest.raises(ValueError, match="line 2: want an English term, a translation, a weight"):
        news_terms(f"# a comment\n{line}\n")
