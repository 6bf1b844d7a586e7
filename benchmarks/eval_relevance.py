"""Ranking quality: warta against two independent BM25 baselines, side by side in one run.

    python benchmarks/eval_relevance.py [--data ../shared/data] [--work DIR] [--markdown] [--ablate-stems]

Collections (each article set indexed once into ``--work``, reused after):

- ``id-news``: the Indonesian relevance set of ``benchmarks/data/idnews-rel``
  (82 topics, graded pooled judgments) on ``../shared/data/id-news``,
  reported for its development half (odd topic numbers: what ranking changes
  were tried on) and its test half (even numbers: never looked at while
  tuning);
- ``hoax600``: 11 keyword topics of ``../shared/data/hoax600`` (topic 12 has
  no text) with the dataset's pseudo-judgments (every article gathered for a
  keyword counts as relevant to it, and only to it);
- ``time``: the English TIME collection (``eval_time.py`` compares more
  English variants).

Runs: ``bm25`` (bm25s, Lucene's BM25, warta's tokens, no stemming),
``bm25-snowball`` (the same over Snowball's Indonesian stemmer, English for
TIME), ``warta`` (the default ranking, as ``warta eval`` and ``warta search
--no-collapse`` rank) and
ablations of warta switched off at query time.  ``--ablate-stems`` also builds
an id-news index without warta's corrections of Sastrawi (slow: one process).
For each collection: the means of every measure, unjudged documents in the
top 10, and warta against the better baseline (relative nDCG@10 difference,
paired randomisation test, queries better/worse).
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import warta
from baselines import BM25Baseline, plain_tokens, read_articles, snowball_tokens
from warta import evaluation, query
from warta.analysis import sastrawi, words
from warta.engine import index as engine_index
from warta.engine import ranking

HERE = Path(__file__).resolve().parent

RELEVANCE_SET = HERE / "data" / "idnews-rel"


@dataclass
class Collection:
    name: str
    articles: Path
    topics: list[tuple[str, str]]
    qrels: evaluation.Qrels
    stemmer: str  # Snowball language of the stemmed baseline
    splits: dict[str, list[str]]  # split name -> topic ids


def collections(data: Path) -> list[Collection]:
    topics = evaluation.read_topics(RELEVANCE_SET / "topics.tsv")
    hoax_topics = [(q, t) for q, t in evaluation.read_topics(data / "hoax600" / "topics.tsv") if t]
    return [
        Collection(
            "id-news",
            data / "id-news" / "articles.jsonl",
            topics,
            evaluation.read_qrels(RELEVANCE_SET / "qrels.txt"),
            "indonesian",
            {
                split: [q for q, _t in evaluation.read_topics(RELEVANCE_SET / f"topics-{split}.tsv")]
                for split in ("dev", "test")
            },
        ),
        Collection(
            "hoax600",
            data / "hoax600" / "articles.jsonl",
            hoax_topics,
            evaluation.read_qrels(data / "hoax600" / "qrels.txt"),
            "indonesian",
            {"all": [q for q, _t in hoax_topics]},
        ),
        Collection(
            "time",
            data / "time" / "articles.jsonl",
            evaluation.read_topics(data / "time" / "topics.tsv"),
            evaluation.read_qrels(data / "time" / "qrels.txt"),
            "english",
            {"all": [q for q, _t in evaluation.read_topics(data / "time" / "topics.tsv")]},
        ),
    ]


@contextlib.contextmanager
def setting(module: object, **values: object) -> Iterator[None]:
    """Module constants changed for the duration of a run."""
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


@contextlib.contextmanager
def field_boosts(**boosts: float) -> Iterator[None]:
    saved = dict(ranking.FIELD_BOOSTS)
    ranking.FIELD_BOOSTS.update(boosts)
    try:
        yield
    finally:
        ranking.FIELD_BOOSTS.update(saved)


@contextlib.contextmanager
def sastrawi_as_is() -> Iterator[None]:
    """Sastrawi's own stems, without warta's corrections (`warta.analysis.stem_corrections`)."""
    with setting(sastrawi, corrected_stem=lambda word: None):
        words._CACHES.clear()
        try:
            yield
        finally:
            words._CACHES.clear()


# Query-time ablations: each switches off one part of the default ranking.
ABLATIONS: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
    "warta, no abbreviations": lambda: setting(query, ABBREVIATIONS=False),
    "warta, coordination to 4 words": lambda: setting(ranking, COORDINATION_MAX_WORDS=4),
    "warta, no exact-form bonus": lambda: field_boosts(exact=0.0),
    "warta, title x1": lambda: field_boosts(title=1.0),
}


def build_index(articles: Path, where: Path, in_process: bool = False) -> Path:
    """An index of *articles* in *where*, built once (rebuilt when warta's index format changes)."""
    stamp = where / "format.txt"
    version = f"{engine_index.FORMAT_VERSION} {_corrections_digest()}"
    if not (stamp.exists() and stamp.read_text() == version):
        warta.ingest([articles], where / "index", rebuild=True, workers=False if in_process else None)
        stamp.write_text(version)
    return where / "index"


def _corrections_digest() -> str:
    """Changes with the stem corrections, which change the index without a format change."""
    import hashlib

    from warta.analysis import stem_corrections

    listed = repr((sorted(stem_corrections.KEEP), sorted(stem_corrections.STEMS.items())))
    return hashlib.sha1(listed.encode()).hexdigest()[:12]


def warta_run(index: Path, topics: list[tuple[str, str]]) -> evaluation.Run:
    with warta.Searcher(index) as searcher:
        run, failed = evaluation.run_topics(searcher, topics)
    assert not failed, failed  # every topic of these collections has words to search
    return run


def all_runs(collection: Collection, work: Path, ablate_stems: bool) -> dict[str, evaluation.Run]:
    docs = read_articles(collection.articles)
    runs: dict[str, evaluation.Run] = {}
    for name, tokeniser in (
        ("bm25", plain_tokens),
        ("bm25-snowball", snowball_tokens(collection.stemmer)),
    ):
        bm25 = BM25Baseline(docs, tokeniser)
        runs[name] = {qid: bm25.search(text, evaluation.RUN_DEPTH) for qid, text in collection.topics}
    index = build_index(collection.articles, work / collection.name)
    runs["warta"] = warta_run(index, collection.topics)
    for name, switch in ABLATIONS.items():
        with switch():
            runs[name] = warta_run(index, collection.topics)
    if ablate_stems and collection.name == "id-news":
        with sastrawi_as_is(), setting(engine_index, FORMAT_VERSION=-engine_index.FORMAT_VERSION):
            plain = build_index(collection.articles, work / "id-news-sastrawi", in_process=True)
            runs["warta, Sastrawi uncorrected"] = warta_run(plain, collection.topics)
    return runs


def report(collection: Collection, runs: dict[str, evaluation.Run], markdown: bool) -> dict[str, object]:
    measures = list(evaluation.MEASURES)
    summary: dict[str, object] = {}
    for split, qids in collection.splits.items():
        topics = [(q, t) for q, t in collection.topics if q in set(qids)]
        reports = {
            name: evaluation.evaluate_run(run, collection.qrels, topics, name=name)
            for name, run in runs.items()
        }
        print(f"\n### {collection.name}, {split}: {len(reports['warta'].queries)} judged topics\n")
        print("| run | " + " | ".join(measures) + " | unjudged@10 |")
        print("|---|" + "---:|" * (len(measures) + 1))
        for name, rep in reports.items():
            cells = " | ".join(f"{rep.means[m]:.4f}" for m in measures)
            print(f"| {name} | {cells} | {rep.unjudged} |")
        best = max(("bm25", "bm25-snowball"), key=lambda n: reports[n].means["ndcg@10"])
        versus = evaluation.evaluate_run(
            runs["warta"], collection.qrels, topics, compare=runs[best], compare_name=best
        )
        c = versus.comparison
        assert c is not None
        ours, theirs = versus.means["ndcg@10"], c.means["ndcg@10"]
        gain = (ours - theirs) / theirs * 100 if theirs else 0.0
        print(
            f"\nwarta against {best} (the better baseline): nDCG@10 {ours:.4f} vs {theirs:.4f} "
            f"({gain:+.1f} %), p = {c.p_values['ndcg@10']:.3f}; per query "
            f"{c.better} better, {c.worse} worse, {c.equal} equal"
        )
        if markdown:
            names = list(reports)
            print("\n| topic | " + " | ".join(names) + " |")
            print("|---|" + "---:|" * len(names))
            by_name = {n: {q.qid: q for q in reports[n].queries} for n in names}
            for q in reports["warta"].queries:
                cells = " | ".join(f"{by_name[n][q.qid].scores['ndcg@10']:.3f}" for n in names)
                print(f"| {q.qid} {(q.query or '')[:45]} | {cells} |")
        summary[split] = {
            "means": {n: r.means for n, r in reports.items()},
            "better_baseline": best,
            "gain_percent": gain,
            "p": c.p_values["ndcg@10"],
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--work", type=Path, default=Path("/tmp/warta-relevance"))
    parser.add_argument("--only", help="one collection: id-news, hoax600 or time")
    parser.add_argument("--markdown", action="store_true", help="per-topic nDCG@10 tables")
    parser.add_argument(
        "--ablate-stems", action="store_true", help="also run id-news without stem corrections"
    )
    parser.add_argument("--json", type=Path, help="also write the means to this file")
    args = parser.parse_args()
    summary = {}
    for collection in collections(args.data):
        if args.only and collection.name != args.only:
            continue
        runs = all_runs(collection, args.work, args.ablate_stems)
        summary[collection.name] = report(collection, runs, args.markdown)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
