"""Queries drawn by Hypothesis: the query language's own pieces mixed with arbitrary Unicode.

Words of the fixture corpus, operators, field names, brackets, quotes,
wildcards and dates, with control characters, combining marks and lone
surrogates (what an undecodable argument becomes).  Used by
``query/test_fuzz.py`` and ``benchmarks/fuzz_queries.py``.
"""

from __future__ import annotations

from hypothesis import strategies as st

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
