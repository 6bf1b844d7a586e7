"""Ranking measures against examples worked out by hand."""

from __future__ import annotations

import math

import pytest

from warta import evaluation

JUDGED = {"a": 2, "b": 1, "c": 0, "d": 1}  # three relevant documents, one judged not relevant


def test_ndcg_by_hand():
    # ranking b, x, a: gains 1, 0, 2 -> DCG = 1/log2(2) + 0 + 2/log2(4) = 1 + 1 = 2
    # ideal: 2, 1, 1 -> 2/1 + 1/log2(3) + 1/log2(4) = 2 + 0.6309 + 0.5 = 3.1309
    expected = 2 / (2 + 1 / math.log2(3) + 0.5)
    assert evaluation.ndcg(["b", "x", "a"], JUDGED, k=10) == pytest.approx(expected)
    assert evaluation.ndcg(["a", "b", "d"], JUDGED, k=10) == pytest.approx(1.0)
    assert evaluation.ndcg(["c", "x"], JUDGED) == 0.0
    # k cuts the ranking: only "x" is seen at k=1
    assert evaluation.ndcg(["x", "a"], JUDGED, k=1) == 0.0


def test_reciprocal_rank_precision_recall_by_hand():
    ranking = ["c", "x", "d", "a"]
    assert evaluation.reciprocal_rank(ranking, JUDGED) == pytest.approx(1 / 3)
    assert evaluation.reciprocal_rank(ranking, JUDGED, k=2) == 0.0
    assert evaluation.precision(ranking, JUDGED, k=4) == pytest.approx(2 / 4)
    assert evaluation.precision(ranking, JUDGED, k=10) == pytest.approx(2 / 10)  # empty places are misses
    assert evaluation.recall(ranking, JUDGED, k=100) == pytest.approx(2 / 3)
    assert evaluation.recall(ranking, JUDGED, k=3) == pytest.approx(1 / 3)


def test_average_precision_by_hand():
    # relevant at ranks 2 and 4 of three relevant: (1/2 + 2/4) / 3
    assert evaluation.average_precision(["x", "a", "c", "b"], JUDGED) == pytest.approx((0.5 + 0.5) / 3)


def test_evaluate_skips_queries_without_relevant_documents_and_scores_missing_runs_zero(tmp_path):
    (tmp_path / "qrels.txt").write_text("q1 0 a 1\nq1 0 b 0\nq2 0 c 0\nq3 0 z 2\n", encoding="utf-8")
    (tmp_path / "topics.tsv").write_text("q1\tbanjir jakarta\nq3\tgempa\n", encoding="utf-8")
    qrels = evaluation.read_qrels(tmp_path / "qrels.txt")
    assert qrels == {"q1": {"a": 1, "b": 0}, "q2": {"c": 0}, "q3": {"z": 2}}
    assert evaluation.read_topics(tmp_path / "topics.tsv") == [("q1", "banjir jakarta"), ("q3", "gempa")]
    per_query = evaluation.evaluate({"q1": ["b", "a"]}, qrels)
    assert set(per_query) == {"q1", "q3"}  # q2 has nothing relevant to find
    assert per_query["q1"]["mrr@10"] == pytest.approx(0.5)
    assert per_query["q3"]["ndcg@10"] == 0.0
    assert evaluation.mean(per_query)["mrr@10"] == pytest.approx(0.25)


def test_randomization_test():
    # identical runs: every shuffle is as extreme as the observed (zero) difference
    assert evaluation.randomization_test([0.5, 0.2, 0.9], [0.5, 0.2, 0.9], trials=200) == 1.0
    # one run better on all 12 queries: only the two all-same-sign shuffles of 2**12 are as extreme
    p = evaluation.randomization_test([1.0] * 12, [0.0] * 12, trials=20000, seed=1)
    assert p < 0.01
    with pytest.raises(ValueError):
        evaluation.randomization_test([1.0], [1.0, 0.0])
