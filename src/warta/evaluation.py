"""Ranking quality: test collections (topics, judgments, runs) and the usual measures.

Formats are TREC's: topics as ``QID<TAB>QUERY`` lines, judgments (qrels) as
``QID 0 DOCID GRADE`` lines, runs as ``QID Q0 DOCID RANK SCORE TAG`` lines.
Measures follow trec_eval's definitions: nDCG@k with graded gains
(``grade`` as the gain, log2 discount, ideal ranking from every judged
document), reciprocal rank of the first relevant document within k,
precision at k, recall at k and average precision over the whole run.
A document is relevant when its grade is above zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

Qrels = dict[str, dict[str, int]]  # query id -> document id -> grade


def read_topics(path: str | Path) -> list[tuple[str, str]]:
    """``(query id, query text)`` pairs from a ``QID<TAB>QUERY`` file, in file order."""
    topics = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            qid, _, text = line.partition("\t")
            topics.append((qid.strip(), text.strip()))
    return topics


def read_qrels(path: str | Path) -> Qrels:
    """Judgments from a TREC qrels file (``QID ITERATION DOCID GRADE``)."""
    qrels: Qrels = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            qrels.setdefault(parts[0], {})[parts[2]] = int(parts[3])
    return qrels


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain: the gain at rank r counts ``1 / log2(r + 1)``."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k of *ranking* (document ids, best first) against graded judgments."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(max(judged.get(doc, 0), 0) for doc in ranking[:k]) / ideal


def reciprocal_rank(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """1 / the rank of the first relevant document within the top *k*, or 0."""
    for rank, doc in enumerate(ranking[:k], start=1):
        if judged.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def precision(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Share of the top *k* places holding a relevant document (empty places count as misses)."""
    return sum(1 for doc in ranking[:k] if judged.get(doc, 0) > 0) / k


def recall(ranking: Sequence[str], judged: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents found in the top *k*."""
    relevant = {doc for doc, grade in judged.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def average_precision(ranking: Sequence[str], judged: Mapping[str, int]) -> float:
    """Mean of the precision at each relevant document's rank, over all relevant documents."""
    relevant = sum(1 for grade in judged.values() if grade > 0)
    if not relevant:
        return 0.0
    found = 0
    total = 0.0
    for rank, doc in enumerate(ranking, start=1):
        if judged.get(doc, 0) > 0:
            found += 1
            total += found / rank
    return total / relevant


MEASURES = {
    "ndcg@10": lambda ranking, judged: ndcg(ranking, judged, 10),
    "mrr@10": lambda ranking, judged: reciprocal_rank(ranking, judged, 10),
    "p@10": lambda ranking, judged: precision(ranking, judged, 10),
    "recall@100": lambda ranking, judged: recall(ranking, judged, 100),
    "map": average_precision,
}


def evaluate(run: Mapping[str, Sequence[str]], qrels: Qrels) -> dict[str, dict[str, float]]:
    """Every measure for every judged query: ``{qid: {measure: value}}``.

    A judged query missing from *run* scores 0 (it found nothing).
    """
    return {
        qid: {name: measure(run.get(qid, []), judged) for name, measure in MEASURES.items()}
        for qid, judged in qrels.items()
        if any(grade > 0 for grade in judged.values())
    }


def mean(per_query: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """The average of each measure over queries."""
    if not per_query:
        return {name: 0.0 for name in MEASURES}
    return {name: sum(q[name] for q in per_query.values()) / len(per_query) for name in MEASURES}


def randomization_test(a: Sequence[float], b: Sequence[float], trials: int = 10000, seed: int = 0) -> float:
    """Two-sided p-value of the mean difference between paired per-query scores *a* and *b*.

    Fisher's randomisation test: each query's two scores are swapped at
    random *trials* times; p is the share of shuffles whose mean difference
    is at least as large as the one observed.
    """
    import random

    if len(a) != len(b):
        raise ValueError("paired scores must have the same length")
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    if not diffs:
        return 1.0
    observed = abs(sum(diffs))
    rng = random.Random(seed)
    extreme = 0
    for _ in range(trials):
        total = sum(d if rng.random() < 0.5 else -d for d in diffs)
        if abs(total) >= observed - 1e-12:
            extreme += 1
    return extreme / trials
