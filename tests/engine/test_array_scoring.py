"""The array scorer ranks exactly as Whoosh's own collector does.

Search scores queries with `warta.engine.array_scoring.ArrayScorer`, which
evaluates a query tree over whole posting lists with numpy.  It replaced
Whoosh's collector (matchers walking one document at a time) on the promise
of the same documents with the same scores, so the collector is the
reference here, run as search used to run it: every match scored
(``optimize=False``) and no matcher replacement (``replace = 0``).

For each query, typed as a user types it and parsed as a search
parses it (a reading per language, joined by `for_languages`), both must
give the same total, the same set of matching articles, and the same best
articles with the same scores (to 1e-9, relative).  Scores that equal
within 1e-9 may come in either order: the two add a sum's terms in
different orders, which can change the last bit.

The corpus and the query forms are those of `query_forms`.  Other tests
cover an index with deleted articles, one with an empty shard, one large
enough for posting lists of several blocks, and term positions.

These tests found one difference, a bug of Whoosh's: under a requirement,
its ANDMAYBE dropped the optional side's score, which the array scorer adds.
Whoosh's matcher is mended in `engine/whoosh_fixes.py`
(`test_optional_words_under_a_requirement`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query as wq

from conftest import invoke
from query_forms import ARTICLES, QUERIES, TEXT_FILES, news, write_corpus
from warta.engine import array_scoring
from warta.engine.array_scoring import ArrayScorer
from warta.engine.index import open_index, shard_of
from warta.engine.ranking import CoordinatedOr, TranslatedWord
from warta.engine.search import EngineSearcher, filter_query
from warta.errors import QueryError
from warta.model import Filters
from warta.query import understand

# Scores closer than this (relative) count as equal.
TOLERANCE = 1e-9


def ingest(corpus: Path, index: Path, shards: int = 2) -> None:
    result = invoke("ingest", str(corpus), "--index", str(index), "--shards", str(shards), "--quiet")
    assert result.exit_code == 0, result.output


# -- the two rankings ------------------------------------------------------------------


def parse(searcher: EngineSearcher, text: str, match: str) -> wq.Query:
    """*text* as a search turns it into one query: understood per language, compiled as one."""
    understood = understand(text, fields=searcher.field_names, languages=searcher.languages(), match=match)
    return searcher.compile(understood)[1]


def whoosh_ranking(
    whoosh_searcher: object, q: wq.Query, limit: int | None
) -> tuple[int, list[tuple[float, int]]]:
    """The reference: Whoosh's collector as search ran it, every match scored and no matcher replaced."""
    collector = whoosh_searcher.collector(limit=limit, optimize=False)
    inner = collector
    while hasattr(inner, "child"):
        inner = inner.child
    inner.replace = 0
    whoosh_searcher.search_with_collector(q, collector)
    results = collector.results()
    return len(results), [(float(score), int(docnum)) for score, docnum in results.top_n]


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=1e-12)


def not_tied_with(ranking: list[tuple[float, int]], score: float) -> set[int]:
    """The documents of *ranking* whose scores are not within the tolerance of *score*."""
    return {docnum for other, docnum in ranking if not close(other, score)}


def assert_ranks_as_whoosh(
    whoosh_searcher: object, scorer: ArrayScorer, q: wq.Query, limits: tuple[int | None, ...] = (5, None)
) -> int:
    """The array scorer's total, matches and best *limits* are Whoosh's; returns the total.

    A limit of None stands for every match.
    """
    total, every = whoosh_ranking(whoosh_searcher, q, None)  # every match, best first
    whoosh_scores = {docnum: score for score, docnum in every}
    for limit in limits:
        expected_total, expected = (
            (total, every) if limit is None else whoosh_ranking(whoosh_searcher, q, limit)
        )
        assert expected_total == total
        got_total, got, matched = scorer.top_n(q, max(total, 1) if limit is None else limit)

        assert got_total == total, q
        assert sorted(matched.tolist()) == sorted(whoosh_scores), q
        assert len(got) == len(expected), (q, got, expected)
        assert len({docnum for _, docnum in got}) == len(got), f"a document listed twice: {got}"
        for rank, ((score, docnum), (want_score, want_docnum)) in enumerate(zip(got, expected, strict=True)):
            # the score at each rank, and each document's own score, are Whoosh's
            assert close(score, want_score), (q, rank, (score, docnum), (want_score, want_docnum))
            assert close(score, whoosh_scores[docnum]), (q, docnum, score, whoosh_scores[docnum])
        if expected:
            # the same documents, but for those that tie (within the tolerance) with the last one kept
            last = expected[-1][0]
            assert not_tied_with(got, last) == not_tied_with(expected, last), q
        for (score, docnum), (next_score, next_docnum) in itertools.pairwise(got):
            if score == next_score:  # an exact tie: by document number, as Whoosh's collector orders them
                assert docnum < next_docnum, (q, got)
    return total


def assert_query_ranks_as_whoosh(searcher: EngineSearcher, text: str, match: str) -> int:
    """Parse *text* as search does and compare the best five and every match; return the total."""
    return assert_ranks_as_whoosh(searcher._searcher, searcher._scorer(), parse(searcher, text, match))


# -- the corpus's index ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus ingested into three shards; the index folder."""
    base = tmp_path_factory.mktemp("array-scoring")
    index = base / "ix"
    ingest(write_corpus(base / "corpus"), index, shards=3)
    return index


@pytest.fixture(scope="module")
def searcher(built: Path) -> Iterator[EngineSearcher]:
    engine = EngineSearcher(open_index(built))
    yield engine
    engine.close()


@pytest.mark.parametrize("match", ["any", "all"])
@pytest.mark.parametrize("text", QUERIES)
def test_query_ranks_as_whoosh(searcher: EngineSearcher, text: str, match: str):
    total = assert_query_ranks_as_whoosh(searcher, text, match)
    assert total > 0  # each query is here for what it matches


def test_a_phrase_of_words_never_next_to_each_other_matches_nothing(searcher: EngineSearcher):
    # "jakarta" and "banjir" share many articles, never as "jakarta banjir"
    assert assert_query_ranks_as_whoosh(searcher, "jakarta AND banjir", "any") >= 5
    for match in ("any", "all"):
        assert assert_query_ranks_as_whoosh(searcher, '"jakarta banjir"', match) == 0
        assert assert_query_ranks_as_whoosh(searcher, '"jakarta banjir" OR gempa', match) == (
            assert_query_ranks_as_whoosh(searcher, "gempa", match)
        )


def test_the_index_gives_english_queries_a_reading_of_their_own(searcher: EngineSearcher):
    """The corpus is what the comparisons need: two languages, so two readings joined by language."""
    assert set(searcher._term_counts("lang")) == {"id", "en"}
    q = parse(searcher, "floods jakarta", "any")
    assert isinstance(q, wq.Or)
    assert [type(clause) for clause in q.subqueries] == [wq.AndNot, wq.Require]


def test_filters_as_search_applies_them(searcher: EngineSearcher):
    """``--source``, ``--lang`` and dates: the query required to be in the restriction, scored alone."""
    filters = [
        Filters(source="kompas"),
        Filters(lang="en"),
        Filters(since=dt.date(2019, 9, 1), until=dt.date(2019, 12, 31)),
        Filters(source="Riau Pos", since=dt.date(2019, 9, 13)),
    ]
    for restriction in filters:
        for text in ("banjir jakarta", "asap", "floods"):
            q = wq.Require(parse(searcher, text, "any"), filter_query(restriction))
            assert_ranks_as_whoosh(searcher._searcher, searcher._scorer(), q, limits=(3, None))
    q = wq.Require(parse(searcher, "banjir jakarta", "any"), filter_query(filters[0]))
    assert assert_ranks_as_whoosh(searcher._searcher, searcher._scorer(), q) == 7


def hand_made_queries() -> list[wq.Query]:
    """Query trees the parser does not make, each through a different path of the scorer."""
    banjir = wq.Or([wq.Term("title", "banjir", boost=2.0), wq.Term("body", "banjir")])
    return [
        wq.Term("body", "banjir"),
        wq.Term("body", "banjir", boost=0.25),
        wq.Term("body", "tidakadakatasepertiini"),  # a word the index lacks
        wq.Term("nosuchfield", "banjir"),
        wq.Term("stemmer", "english"),  # a field that is not scored
        wq.Term("id", "kpk-01"),
        wq.Or([banjir, wq.Term("body", "gempa")], boost=3.0),
        wq.Or([wq.Term("body", "banjir"), wq.Term("body", "gempa")], scale=0.1),  # Whoosh's coordination
        wq.Or([wq.Term("body", "banjir"), wq.Term("body", "warga")], minmatch=2),
        wq.Or([wq.Term("body", "banjir")], boost=5.0),  # one clause: the clause itself, boost and all
        wq.And([wq.Term("body", "banjir")], boost=5.0),
        wq.And([banjir, wq.Term("body", "warga")], boost=1.5),
        wq.And([banjir, wq.Not(wq.Term("body", "jakarta"))]),
        wq.And([wq.Term("body", "banjir"), wq.Term("body", "tidakadakatasepertiini")]),
        wq.AndNot(banjir, wq.Term("body", "tidakadakatasepertiini")),
        wq.AndNot(wq.Term("body", "tidakadakatasepertiini"), banjir),
        wq.AndMaybe(banjir, wq.Term("body", "tidakadakatasepertiini")),
        wq.AndMaybe(wq.Term("body", "gempa"), banjir),
        wq.Require(banjir, wq.Term("body", "warga")),
        wq.Phrase("body", ["harga", "beras"], boost=2.0),
        wq.Phrase("body", ["harga", "beras"], slop=3),  # words near each other: Whoosh's own matcher
        wq.Phrase("body", ["harga", "tidakadakatasepertiini"]),
        wq.Phrase("body", ["banjir"]),
        wq.Phrase("source", ["riau", "pos"]),
        wq.DisjunctionMax([banjir, wq.Term("body", "jakarta")]),
        wq.NullQuery,
        wq.Every(),
        CoordinatedOr([banjir, wq.Term("body", "jakarta"), wq.Term("body", "tidakadakatasepertiini")]),
        CoordinatedOr([banjir], boost=2.0),
        # words that stand for several: ranges (open at one end, at both), fuzzy words, variations
        wq.TermRange("body", "ban", "bau"),
        wq.TermRange("title", None, "harga", boost=2.0),
        wq.TermRange("body", None, None),
        wq.FuzzyTerm("body", "banjar"),
        wq.FuzzyTerm("title", "gempi", maxdist=2, prefixlength=0),
        wq.Variations("body", "banjir"),
        wq.Regex("body", "ban.*r"),
        wq.Or([wq.TermRange("body", "harga", "hutan"), wq.Term("body", "banjir")]),
        CoordinatedOr(
            [wq.Term("body", w) for w in "banjir gempa warga polisi jakarta harga beras kopi asap".split()]
        ),
        # a word as its translations (PSQ): one, several, unknown ones, boosted, under operators
        TranslatedWord("body", [("banjir", 1.0)]),
        TranslatedWord("body", [("banjir", 0.7), ("gempa", 0.2), ("warga", 0.1)]),
        TranslatedWord("body", [("tidakadakatasepertiini", 0.6), ("harga", 0.4)], boost=2.0),
        TranslatedWord("title", [("banjir", 0.5), ("harga", 0.5)]),
        TranslatedWord("body", [("tidakadakatasepertiini", 1.0)]),
        CoordinatedOr(
            [TranslatedWord("body", [("banjir", 0.8), ("gempa", 0.2)]), wq.Term("body", "jakarta")]
        ),
        wq.AndNot(TranslatedWord("body", [("harga", 0.5), ("beras", 0.5)]), wq.Term("body", "kopi")),
        wq.Require(TranslatedWord("body", [("warga", 0.9), ("polisi", 0.1)]), wq.Term("body", "banjir")),
    ]


@pytest.mark.parametrize("q", hand_made_queries(), ids=str)
def test_hand_made_query_trees_rank_as_whoosh(searcher: EngineSearcher, q: wq.Query):
    assert_ranks_as_whoosh(searcher._searcher, searcher._scorer(), q, limits=(1, 4, 100, None))


RANDOM_WORDS = """
    banjir jakarta warga polisi gempa harga beras kopi naik OTT bupati operasi tangkap tangan asap
    hutan riau pemilu lombok suap tersangka floods rice prices the di dan yang
    """.split()
RANDOM_PREFIXES = [
    "",
    "",
    "",
    "OR ",
    "AND ",
    "NOT ",
    "-",
    "+",
    "title:",
    "judul:",
    "source:kompas ",
    "date:2019 ",
]


def random_queries(count: int, seed: int) -> Iterator[str]:
    """Queries of one to five words, phrases, prefixes, groups and boosts, joined by random operators."""
    rng = random.Random(seed)
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            word, other, kind = rng.choice(RANDOM_WORDS), rng.choice(RANDOM_WORDS), rng.random()
            if kind < 0.15:
                word = f'"{word} {other}"'
            elif kind < 0.2:
                word = word[:3] + "*"
            elif kind < 0.25:
                word = f"({word} OR {other})"
            elif kind < 0.3:
                word += "^2"
            parts.append(rng.choice(RANDOM_PREFIXES) + word)
        yield " ".join(parts)


def test_random_queries_rank_as_whoosh(searcher: EngineSearcher):
    """Combinations nobody would list by hand: 40 queries, drawn the same way at every run."""
    matched = 0
    for text in random_queries(40, seed=2024):
        for match in ("any", "all"):
            try:
                matched += assert_query_ranks_as_whoosh(searcher, text, match) > 0
            except QueryError:  # only excluded words, say
                continue
    assert matched > 40  # most found something


def test_optional_words_under_a_requirement(searcher: EngineSearcher):
    """``+warga banjir`` restricted to 2019: banjir-04 has both words, and "banjir" counts in its score."""
    assert_query_ranks_as_whoosh(searcher, "+warga banjir date:2019", "any")


def test_a_small_postings_cache_changes_nothing(searcher: EngineSearcher, monkeypatch: pytest.MonkeyPatch):
    """Posting lists evicted from the cache are read again, the same."""
    monkeypatch.setattr(array_scoring, "CACHED_BYTES", 4000)
    scorer = ArrayScorer(searcher._searcher)
    for text in ("banjir jakarta warga", '"harga beras" polisi', "OTT bupati", "banjir jakarta warga"):
        for match in ("any", "all"):
            assert_ranks_as_whoosh(searcher._searcher, scorer, parse(searcher, text, match))
    for segment in scorer.segments:
        assert segment._cached <= 4000 // len(scorer.segments) or len(segment._postings) == 1


# -- term positions ----------------------------------------------------------------------


def whoosh_positions(whoosh_searcher: object, fieldname: str, term: bytes) -> dict[int, list[int]]:
    """Each live document with *term* and its positions, read by Whoosh's own posting reader."""
    matcher = whoosh_searcher.reader().postings(fieldname, term)
    found = {}
    while matcher.is_active():
        found[matcher.id()] = list(matcher.value_as("positions"))
        matcher.next()
    return found


def assert_positions_as_whoosh(whoosh_searcher: object, fieldname: str = "body") -> int:
    """`ArrayScorer.positions` of every term of *fieldname* in every document; returns the terms checked."""
    scorer = ArrayScorer(whoosh_searcher)
    reader = whoosh_searcher.reader()
    everyone = list(range(reader.doc_count_all()))  # deleted documents too: they have no positions
    terms = list(reader.lexicon(fieldname))
    for term in terms:
        expected = whoosh_positions(whoosh_searcher, fieldname, term)
        word = term.decode("utf-8")
        assert scorer.positions(fieldname, word, everyone) == expected, word
        # a few documents, in no particular order, some without the word
        some = everyone[::-3]
        assert scorer.positions(fieldname, word, some) == {d: p for d, p in expected.items() if d in some}, (
            word
        )
    return len(terms)


def test_positions_are_whooshs(searcher: EngineSearcher):
    assert assert_positions_as_whoosh(searcher._searcher, "body") > 200
    assert assert_positions_as_whoosh(searcher._searcher, "title") > 50
    # "banjir" repeats within articles: several positions, in order
    positions = ArrayScorer(searcher._searcher).positions("body", "banjir", list(range(60)))
    assert max(len(p) for p in positions.values()) >= 3


# -- indexes with deleted articles, an empty shard, long posting lists -----------------------


def deleted_docnums(whoosh_searcher: object) -> set[int]:
    reader = whoosh_searcher.reader()
    return set(range(reader.doc_count_all())) - set(reader.all_doc_ids())


def test_deleted_articles_are_never_matched(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    index = tmp_path / "ix"
    ingest(corpus, index)
    # An update: a text file changed, another removed, a record changed and one dropped.  Whoosh
    # marks the old versions deleted in their segments and keeps their postings.
    (corpus / "banjir-susulan.txt").write_text(
        "Banjir Susulan Surut\n\nBanjir susulan di Jakarta Utara mulai surut. Warga pulang.\n", "utf-8"
    )
    (corpus / "gempa-kecil.txt").unlink()
    half = len(ARTICLES) // 2
    changed = [dict(r) for r in ARTICLES[half:] if r["id"] != "bola-02"]
    for record in changed:
        if record["id"] == "lain-05":
            record["title"], record["body"] = "Tol Lancar", "Tol menuju Jakarta lancar. Polisi tetap berjaga."
    (corpus / "dua.jsonl").write_text("".join(json.dumps(r) + "\n" for r in changed), "utf-8")
    ingest(corpus, index)

    engine = EngineSearcher(open_index(index))
    try:
        whoosh_searcher = engine._searcher
        deleted = deleted_docnums(whoosh_searcher)
        assert len(deleted) >= 4
        assert any(leaf.has_deletions() for leaf, _ in whoosh_searcher.reader().leaf_readers())
        # the removed articles' words are still in the term table, pointing at deleted documents
        assert ("body", "sukabumi") in whoosh_searcher.reader()
        assert ("body", "persija") in whoosh_searcher.reader()
        for text in ("sukabumi", "persija", "persija OR sukabumi"):
            assert assert_query_ranks_as_whoosh(engine, text, "any") == 0
        assert assert_query_ranks_as_whoosh(engine, "macet", "any") == 0  # only in the old lain-05
        totals = {}
        for text in (
            "banjir jakarta",
            "susulan",
            "surut",
            '"banjir susulan"',
            "*",
            "gempa -lombok",
            "+tol polisi",
            "ban*",
        ):
            for match in ("any", "all"):
                totals[text, match] = assert_query_ranks_as_whoosh(engine, text, match)
                matched = engine._scorer().top_n(parse(engine, text, match), 1000)[2]
                assert not deleted & set(matched.tolist()), text
        assert totals["surut", "any"] == 1  # the new version of the changed file
        assert totals["*", "any"] == len(ARTICLES) + len(TEXT_FILES) - 2
        assert_positions_as_whoosh(whoosh_searcher)
    finally:
        engine.close()


def test_an_index_with_an_empty_shard(tmp_path: Path):
    """Every article in the second of two shards: the first is empty, later it holds one deleted article."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    kept = [r for r in ARTICLES if shard_of(r["id"], 2) == 1]
    (corpus / "kept.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept), "utf-8")
    index = tmp_path / "ix"
    ingest(corpus, index)

    def check() -> None:
        engine = EngineSearcher(open_index(index))
        try:
            assert assert_query_ranks_as_whoosh(engine, "*", "any") == len(kept)
            for text in (
                "banjir jakarta",
                '"harga beras"',
                "OTT bupati",
                "gempa -lombok",
                "rice prices",
                "ban*",
            ):
                for match in ("any", "all"):
                    assert assert_query_ranks_as_whoosh(engine, text, match) > 0, text
            assert_positions_as_whoosh(engine._searcher)
        finally:
            engine.close()

    assert open_index(index).shard_index(0).doc_count_all() == 0
    check()
    # an article of the first shard added, then removed: that shard keeps a segment of deleted articles
    lonely = next(r for r in ARTICLES if shard_of(r["id"], 2) == 0)
    (corpus / "lonely.jsonl").write_text(json.dumps(lonely) + "\n", "utf-8")
    ingest(corpus, index)
    (corpus / "lonely.jsonl").unlink()
    ingest(corpus, index)
    first = open_index(index).shard_index(0)
    assert (first.doc_count_all(), first.doc_count()) == (1, 0)
    check()


# Words for a generated corpus, commonest first.
VOCABULARY = """
    banjir jakarta pasar harga gempa polisi bupati sungai hujan jalan sekolah rumah petani beras kopi
    pemilu suara desa kota pantai kapal pelabuhan kereta bandara listrik air hutan asap sawah panen
    """.split()


def generated_records(count: int, seed: int = 7) -> list[dict[str, str]]:
    """*count* articles of random words: every one has "kabar" twice and "warga" once."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
    records = []
    for n in range(count):
        words = rng.choices(VOCABULARY, weights, k=rng.randint(5, 30))
        at = rng.randint(0, len(words))
        body = " ".join(["kabar", *words[:at], "warga", *words[at:], "kabar"]) + "."
        title = " ".join(rng.choices(VOCABULARY, weights, k=3)).title()
        date = f"{rng.choice([2019, 2020, 2021])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        records.append(news(f"gen-{n}", title, body, rng.choice(["Kompas.com", "Antara", "Tempo.co"]), date))
    return records


GENERATED_QUERIES = [
    "banjir",
    "kabar",
    "warga",
    "kabar warga",
    "banjir jakarta",
    "sungai hujan banjir",
    '"banjir jakarta"',
    '"kabar banjir"',
    "banjir -jakarta",
    "+pasar harga",
    "banjir OR panen",
    "title:banjir",
    "source:antara gempa",
    "date:2020 banjir",
    "ban*",
    "*",
    "banjir jakarta pasar harga gempa polisi bupati sungai hujan",
]


def test_posting_lists_of_several_blocks(tmp_path: Path):
    """Whoosh stores a long posting list in blocks of 128; each is read and numbered from zero."""
    records = generated_records(700)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "gen.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    index = tmp_path / "ix"
    ingest(corpus, index)

    def check() -> None:
        engine = EngineSearcher(open_index(index))
        try:
            leaves = [leaf for leaf, _ in engine._searcher.reader().leaf_readers()]
            assert max(leaf.doc_frequency("body", "kabar") for leaf in leaves) > 2 * 128
            for text in GENERATED_QUERIES:
                for match in ("any", "all"):
                    assert assert_query_ranks_as_whoosh(engine, text, match) > 0, text
            assert_positions_as_whoosh(engine._searcher)
        finally:
            engine.close()

    check()
    # every fifth article removed and every seventh changed: deletions in every block
    kept = [dict(r) for n, r in enumerate(records) if n % 5]
    for record in kept[::7]:
        record["body"] = "kabar warga " + record["body"]
    (corpus / "gen.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept), "utf-8")
    ingest(corpus, index)
    check()


def test_a_word_with_one_sure_translation_scores_as_that_word(searcher: EngineSearcher):
    scorer = searcher._scorer()
    for fieldname, word in (("body", "banjir"), ("title", "harga"), ("body", "warga")):
        term_ids, term_scores = scorer.matches(wq.Term(fieldname, word))
        psq_ids, psq_scores = scorer.matches(TranslatedWord(fieldname, [(word, 1.0)]))
        assert len(term_ids) > 0
        assert term_ids.tolist() == psq_ids.tolist()
        assert all(close(a, b) for a, b in zip(term_scores.tolist(), psq_scores.tolist(), strict=True))


def test_translations_share_one_document_frequency(searcher: EngineSearcher):
    # two translations each found in some articles: their weighted df lies between theirs, so an
    # article with only the commoner word scores more than that word would alone at probability 1
    scorer = searcher._scorer()
    shared = TranslatedWord("body", [("banjir", 0.5), ("warga", 0.5)])
    ids, scores = scorer.matches(shared)
    banjir_ids, _ = scorer.matches(wq.Term("body", "banjir"))
    warga_ids, _ = scorer.matches(wq.Term("body", "warga"))
    assert set(ids.tolist()) == set(banjir_ids.tolist()) | set(warga_ids.tolist())
    assert (scores > 0).all()
