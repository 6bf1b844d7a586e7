"""Ranking quality: test collections (topics, judgments, runs) and the usual measures.

Formats are TREC's: topics as ``QID<TAB>QUERY`` lines, judgments (qrels) as
``QID 0 DOCID GRADE`` lines, runs as ``QID Q0 DOCID RANK SCORE TAG`` lines.
Measures follow trec_eval's definitions: nDCG@k with graded gains
(``grade`` as the gain, log2 discount, ideal ranking from every judged
document), reciprocal rank of the first relevant document within k,
precision at k, recall at k and average precision over the top 100
(`RUN_DEPTH`: every run is cut there, whatever its depth).
A document is relevant when its grade is above zero.

`evaluate_files` is what ``warta eval`` does, from the files to the report;
`read_topics` also reads ``warta search --batch`` files.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import requests
from .errors import RequestError
from .model import Comparison, EvaluationReport, QueryEvaluation

Qrels = dict[str, dict[str, int]]  # query id -> document id -> grade
Run = dict[str, list[str]]  # query id -> document ids, best first


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Numbered non-blank, non-comment lines; a file that is not UTF-8 text is a `ValueError`."""
    for number, line in _numbered(path):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _numbered(source: str | os.PathLike[str] | Iterable[str]) -> Iterator[tuple[int, str]]:
    """The lines of a file (or of lines already open) without their ends, numbered from 1."""
    try:
        if isinstance(source, (str, os.PathLike)):
            # a byte-order mark is not part of the first id
            lines: Iterable[str] = Path(source).read_text(encoding="utf-8-sig").splitlines()
        else:
            lines = source
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            yield number, line.removeprefix("\ufeff") if number == 1 else line
    except UnicodeDecodeError:
        name = source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "the file")
        raise ValueError(f"{name}: not UTF-8 text") from None


def read_topics(
    source: str | os.PathLike[str] | Iterable[str], *, strict: bool = True
) -> list[tuple[str, str]]:
    """``(query id, query text)`` pairs from a topics file (a path, or its lines), in file order.

    Lines are ``QID<TAB>QUERY``, or several tab-separated columns of which the
    first is the id and the last the query; a first line headed ``qid``,
    ``topic_id``... is skipped.

    *strict*, as ``warta eval`` reads topics: every line has an id, no id
    comes twice, a line starting with ``#`` is a comment, and a topic with an
    empty query is kept with ``""`` as its text, for the caller to leave out
    and say so.  Otherwise, as ``warta search --batch`` reads queries: a line
    may be a query alone, numbered by its place among the queries, and every
    line is a query (``#MeToo`` too).  A line that cannot be read is a
    `ValueError` naming its file and line.
    """
    topics: list[tuple[str, str]] = []
    name = source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "topics")
    for number, line in _numbered(source):
        if not line.strip() or (strict and line.lstrip().startswith("#")):
            continue
        columns = line.split("\t")
        first = not topics if strict else number == 1  # --batch skips a heading on its first line only
        if first and len(columns) > 1 and columns[0].strip().lower() in TOPIC_HEADINGS:
            continue
        if len(columns) < 2 and not strict:
            topics.append((str(len(topics) + 1), line))
            continue
        qid = columns[0].strip()
        if strict and (len(columns) < 2 or not qid):
            raise ValueError(f"{name}:{number}: expected QID<TAB>QUERY, got {line[:60]!r}")
        if strict and any(qid == seen for seen, _text in topics):
            raise ValueError(f"{name}:{number}: query id {qid} appears twice")
        topics.append((qid, columns[-1].strip() if strict else columns[-1]))
    return topics


TOPIC_HEADINGS = {"qid", "id", "query_id", "topic", "topic_id", "num", "number"}


def read_qrels(path: str | Path) -> Qrels:
    """Judgments from a TREC qrels file (``QID ITERATION DOCID GRADE``)."""
    qrels: Qrels = {}
    for number, line in _lines(path):
        parts = line.split()
        if len(parts) != 4 or not _is_integer(parts[3]):
            raise ValueError(f"{path}:{number}: expected 'QID 0 DOCID GRADE', got {line[:60]!r}")
        judged = qrels.setdefault(parts[0], {})
        if parts[2] in judged:
            raise ValueError(f"{path}:{number}: document {parts[2]} is judged twice for query {parts[0]}")
        judged[parts[2]] = int(parts[3])
    return qrels


def read_run(path: str | Path) -> Run:
    """Rankings from a TREC run file (``QID Q0 DOCID RANK SCORE TAG``).

    As trec_eval does, documents are ordered by score, highest first, not by
    the rank column, and equal scores by document id, last first.  A document
    listed twice for a query, or a score that is not a finite number, is an
    error (trec_eval refuses them too).
    """
    scored: dict[str, dict[str, float]] = {}
    for number, line in _lines(path):
        parts = line.split()
        try:
            score = float(parts[4])
        except (IndexError, ValueError):
            score = math.nan
        if not math.isfinite(score):
            raise ValueError(f"{path}:{number}: expected 'QID Q0 DOCID RANK SCORE TAG', got {line[:60]!r}")
        ranked = scored.setdefault(parts[0], {})
        if parts[2] in ranked:
            raise ValueError(f"{path}:{number}: document {parts[2]} is listed twice for query {parts[0]}")
        ranked[parts[2]] = score
    run = {}
    for qid, ranked in scored.items():
        by_id = sorted(ranked, reverse=True)
        run[qid] = sorted(by_id, key=lambda doc: -ranked[doc])  # stable: ties stay by id, last first
    return run


def _is_integer(text: str) -> bool:
    return re.fullmatch(r"-?[0-9]+", text) is not None


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


def scores(ranking: Sequence[str], judged: Mapping[str, int]) -> dict[str, float]:
    """Every measure of `MEASURES` for one query's *ranking*."""
    return {name: measure(ranking, judged) for name, measure in MEASURES.items()}


def has_relevant(judged: Mapping[str, int]) -> bool:
    """Whether a query's judgments name a relevant document (only such queries are scored)."""
    return any(grade > 0 for grade in judged.values())


def evaluate(run: Mapping[str, Sequence[str]], qrels: Qrels) -> dict[str, dict[str, float]]:
    """Every measure for every judged query: ``{qid: {measure: value}}``.

    A judged query missing from *run* scores 0 (it found nothing).
    """
    return {qid: scores(run.get(qid, []), judged) for qid, judged in qrels.items() if has_relevant(judged)}


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
    # the observed assignment is one of the possible shuffles, so p is never 0
    return (extreme + 1) / (trials + 1)


# --- Reports: one run, optionally against another -----------------------------------------------

RUN_DEPTH = 100  # documents a run keeps per query: enough for Recall@100 and MAP
UNJUDGED_DEPTH = 10  # unjudged documents are counted where the top measures look
HEADLINE = "ndcg@10"  # the measure that decides "better" and "worse" per query


def run_topics(
    searcher: Any,
    topics: Iterable[tuple[str, str]],
    *,
    collapse: bool = False,
    correct: bool = True,
    translate: bool | None = None,
) -> tuple[Run, list[tuple[str, str]]]:
    """A run of *topics* on a `warta.Searcher`, each searched as ``warta search --batch -n 100``.

    Returns the run and, for each topic that has nothing searchable, its id
    and why (it scores 0).  With *collapse*, near duplicates are folded as
    search folds them and count right after their hit (`retrieved`).
    With *correct* (as search does), mistyped words are corrected; *translate* as search's.
    """
    run: Run = {}
    failed: list[tuple[str, str]] = []
    options = {"collapse": collapse, "correct": correct, "translate": translate, "snippets": False}
    found = searcher.search_many(topics, limit=RUN_DEPTH, **options)  # (a run shows no snippet)
    for results in found:
        qid = str(results.qid)
        if results.error is not None:
            failed.append((qid, results.error))
        else:
            run[qid] = retrieved(results.hits)
    return run, failed


def retrieved(hits: Iterable[Any]) -> list[str]:
    """Article ids in the order a reader meets them: each hit, then the near duplicates folded into it.

    ``warta search`` folds copies of a story into its best hit and names
    them there ("+2 similar"); a judged copy is found, not missed.
    """
    ids: dict[str, None] = {}  # ordered, each id once
    for hit in hits:
        ids.setdefault(hit.key)
        for similar in hit.similar:
            ids.setdefault(similar)
    return list(ids)


def _unjudged(ranking: Sequence[str], judged: Mapping[str, int]) -> int:
    return sum(1 for doc in ranking[:UNJUDGED_DEPTH] if doc not in judged)


def evaluate_run(
    run: Mapping[str, Sequence[str]],
    qrels: Qrels,
    topics: Sequence[tuple[str, str]] | None = None,
    *,
    name: str = "run",
    compare: Mapping[str, Sequence[str]] | None = None,
    compare_name: str = "compared",
    trials: int = 10000,
) -> EvaluationReport:
    """Score *run* against *qrels*, per query and on average, and against *compare* if given.

    The queries are *topics* (or, without them, every judged query) that have
    at least one relevant judgment; the others are listed, not averaged, as
    trec_eval leaves them out.  A query the run has no ranking for scores 0.
    Every ranking is cut to `RUN_DEPTH`, so that runs of any depth are
    measured alike (MAP is MAP over the top 100).
    """
    run = {qid: list(ranking[:RUN_DEPTH]) for qid, ranking in run.items()}
    if compare is not None:
        compare = {qid: list(ranking[:RUN_DEPTH]) for qid, ranking in compare.items()}
    texts = dict(topics) if topics is not None else {}
    wanted = list(texts) if topics is not None else sorted(qrels)
    judged = [qid for qid in wanted if has_relevant(qrels.get(qid, {}))]
    skipped = [qid for qid in wanted if not has_relevant(qrels.get(qid, {}))]
    queries = []
    for qid in judged:
        ranking, grades = run.get(qid, []), qrels[qid]
        queries.append(
            QueryEvaluation(
                qid=qid,
                query=texts.get(qid),
                scores=scores(ranking, grades),
                unjudged=_unjudged(ranking, grades),
                compared=None if compare is None else scores(compare.get(qid, []), grades),
            )
        )
    report = EvaluationReport(
        name=name,
        queries=queries,
        means=mean({q.qid: q.scores for q in queries}),
        unjudged=sum(q.unjudged for q in queries),
        without_judgments=skipped,
    )
    if compare is not None:
        ours = [q.scores for q in queries]
        theirs = [q.compared or {} for q in queries]
        their_means = mean({q.qid: q.compared or {} for q in queries})
        gains = [a[HEADLINE] - b[HEADLINE] for a, b in zip(ours, theirs, strict=True)]
        better = sum(1 for gain in gains if gain > 1e-12)
        worse = sum(1 for gain in gains if gain < -1e-12)
        report.comparison = Comparison(
            name=compare_name,
            means=their_means,
            difference={m: report.means[m] - their_means[m] for m in MEASURES},
            p_values={
                m: randomization_test([s[m] for s in ours], [s[m] for s in theirs], trials=trials)
                for m in MEASURES
            },
            better=better,
            worse=worse,
            equal=len(gains) - better - worse,
            unjudged=sum(_unjudged(compare.get(q.qid, []), qrels[q.qid]) for q in queries),
        )
    return report


# --- Evaluating from files: what ``warta eval`` does --------------------------------------------

NOTHING_JUDGED = (
    "no topic has a relevant judgment in the qrels: nothing to evaluate (are the query ids the same?)"
)


def evaluate_files(
    qrels: str | os.PathLike[str],
    *,
    topics: str | os.PathLike[str] | None = None,
    index: Any = "index",
    run: str | os.PathLike[str] | None = None,
    compare: str | os.PathLike[str] | None = None,
    collapse: bool = False,
    correct: bool = True,
    translate: bool | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> EvaluationReport:
    """Score a run against the judgments in *qrels*: the index's run of *topics*, or the run file *run*.

    The index is searched as ``warta search --batch -n 100 --no-collapse``
    does (with *collapse*, near duplicates are folded as search folds them;
    without *correct*, the topics are searched exactly as written; *translate*
    as search's).
    Documents nobody judged count as not relevant.  *compare* is a run file
    to compare with, query by query.  What the caller should hear about
    (topics without text or without a ranking, queries with nothing to
    search) is in `EvaluationReport.warnings`, and given to *on_warning* as it
    arises (before the index is opened, say); a report without queries means
    nothing was judged relevant (`NOTHING_JUDGED`).  Files that cannot be
    read are a `RequestError` naming the file and line.
    """
    requests.check_evaluation_sources(topics, run)
    judgments = _read("qrels", read_qrels, qrels)
    wanted = _read("topics", read_topics, topics) if topics is not None else None
    other = _read("compare", read_run, compare) if compare is not None else None
    ranked = _read("run", read_run, run) if run is not None else None
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        if on_warning is not None:
            on_warning(message)

    if wanted is not None:
        empty = [qid for qid, text in wanted if not text]
        if empty:
            warn(f"{len(empty)} topic(s) without query text left out: {', '.join(empty[:10])}")
            wanted = [(qid, text) for qid, text in wanted if text]
        if not wanted:
            raise RequestError("topics", "{topics}: the topics file has no topics")
    if ranked is None:
        assert wanted is not None
        from .searcher import Searcher  # not for scoring run files

        with Searcher(index) as searcher:
            ranked, failed = run_topics(
                searcher, wanted, collapse=collapse, correct=correct, translate=translate
            )
        for qid, why in failed:
            warn(f"query {qid}: {why} (scored as finding nothing)")
    else:
        asked = {qid for qid, _text in wanted} if wanted is not None else judgments.keys()
        missing = [
            q for q, grades in judgments.items() if q in asked and q not in ranked and has_relevant(grades)
        ]
        if missing:
            listed = ", ".join(missing[:10])
            warn(f"{len(missing)} judged topic(s) have no ranking in {run} (scored 0): {listed}")
    report = evaluate_run(
        ranked,
        judgments,
        wanted,
        name=os.path.basename(run) if run is not None else f"warta ({index})",
        compare=other,
        compare_name=os.path.basename(compare) if compare is not None else "",
    )
    report.warnings = warnings
    return report


def _read(parameter: str, reader: Any, path: str | os.PathLike[str]) -> Any:
    """A file read by *reader*, or `RequestError` saying where it cannot be read."""
    try:
        return reader(path)
    except ValueError as err:
        raise RequestError(parameter, "{reason}", reason=str(err)) from None
