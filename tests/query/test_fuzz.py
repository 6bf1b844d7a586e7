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
from generated_queries import queries


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
