"""Arbitrary queries never crash `warta search` (property-based, with Hypothesis).

Queries are drawn from the query language's own pieces (words of the fixture
corpus, operators, field names, brackets, quotes, wildcards, dates) mixed
with arbitrary Unicode, control characters and lone surrogates (what an
undecodable argument becomes).  Whatever is typed, `warta search` must answer
with exit 0 (found), 1 (nothing found) or 2 (a query it cannot use, with one
line saying why), never a traceback; with ``--format json`` the output must be
JSON whose total matches its hits.  The suite runs a few hundred examples;
``benchmarks/fuzz_queries.py`` runs 10,000 against id-news.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import invoke

PIECES = (
    "banjir jakarta upah buruh berunding gencatan senjata OTT bupati anak-anak 1.139 6,5 "
    "title: judul: body: isi: source: sumber: lang: bahasa: date: id: category: speaker: file_key: "
    "AND OR NOT ANDNOT ANDMAYBE TO * ? ~ ~2 ^ ^2 + - ( ) [ ] { } \" ' : \\ / "
    "2019 2019-09 2025-13 [2019-01-01 to 2019-12-31] [to] kompas.com"
).split()
ODD = ["\x00", "\t", "\n", "\u200b", "é", "日本", "🙂", "\ud800", "\u0301", "ـ", " "]

token = st.one_of(
    st.sampled_from(PIECES),
    st.sampled_from(ODD),
    st.text(min_size=1, max_size=8),
)
queries = st.lists(token, min_size=1, max_size=8).flatmap(
    lambda parts: st.sampled_from([" ", "", "  "]).map(lambda glue: glue.join(parts))
)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    query=queries,
    match=st.sampled_from(["any", "all"]),
    unit=st.sampled_from(["article", "passage", "quote"]),
)
def test_any_query_gets_an_answer_and_no_traceback(corpus_index: tuple[Path, Path], query, match, unit):
    _, index = corpus_index
    result = invoke(
        "search", query, "--match", match, "--unit", unit, "--index", str(index), "--format", "json"
    )
    assert result.exit_code in (0, 1, 2), (query, result.output)
    assert "Traceback" not in result.output, (query, result.output)
    if result.exit_code == 2:
        message = result.stderr.strip()
        assert message and len(message.splitlines()) == 1, (query, message)
    else:
        data = json.loads(result.stdout)
        assert data["total"] >= len(data["hits"]), query
        assert (data["total"] == 0) == (result.exit_code == 1), query
