"""English ranking on the TIME test collection: warta against plain BM25, side by side in one run.

    python benchmarks/eval_time.py [--data ../shared/data/time] [--markdown]

Runs over the same 423 articles and 41 queries (`../shared/data/time`):

- ``bm25``: plain BM25 (k1 1.2, b 0.75) over warta's tokens, lowercased,
  no stemming, no stopwords: the baseline issue #5 holds warta to;
- ``bm25+snowball``: the same BM25 over Snowball English stems, to tell
  what stemming gives from what warta's ranking adds;
- ``warta, Sastrawi``: warta with every article stemmed as Indonesian, as
  it was before languages were told apart;
- ``warta, no stopwords`` and ``warta``: the default ranking (BM25F,
  exact-form bonus, coordination) over Snowball stems, without and with
  English stopwords left out of queries.

Prints the mean of each measure for each run and, with ``--markdown``, a
per-query nDCG@10 table.  Near-duplicate folding is off, so that every
run ranks the same documents.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import warta
from warta import evaluation, query
from warta.analysis import words

HERE = Path(__file__).resolve().parent

DEPTH = 100


class PlainBM25:
    """BM25 over the tokens *analyse* gives, for a baseline independent of Whoosh."""

    def __init__(
        self, docs: dict[str, str], analyse: Callable[[str], list[str]], k1: float = 1.2, b: float = 0.75
    ):
        self.analyse, self.k1, self.b = analyse, k1, b
        self.tf = {doc_id: Counter(analyse(text)) for doc_id, text in docs.items()}
        self.length = {doc_id: sum(tf.values()) for doc_id, tf in self.tf.items()}
        self.average = sum(self.length.values()) / len(self.length)
        df: Counter[str] = Counter()
        for tf in self.tf.values():
            df.update(tf.keys())
        n = len(docs)
        self.idf = {term: math.log(1 + (n - f + 0.5) / (f + 0.5)) for term, f in df.items()}

    def search(self, query: str, limit: int) -> list[str]:
        terms = set(self.analyse(query))
        scores: dict[str, float] = {}
        for doc_id, tf in self.tf.items():
            norm = self.k1 * (1 - self.b + self.b * self.length[doc_id] / self.average)
            score = sum(self.idf[t] * tf[t] * (self.k1 + 1) / (tf[t] + norm) for t in terms if tf.get(t))
            if score:
                scores[doc_id] = score
        return sorted(scores, key=lambda d: (-scores[d], d))[:limit]


def _tokens(lang: str | None, stems: bool) -> Callable[[str], list[str]]:
    return lambda text: [
        stem if stems else exact for _p, _s, _e, exact, stem in words.iter_tokens(text, lang)
    ]


def _warta_run(index: Path, topics: list[tuple[str, str]], stopwords: bool) -> dict[str, list[str]]:
    query.STOPWORDS = stopwords
    try:
        with warta.Searcher(index) as searcher:
            run, failed = evaluation.run_topics(searcher, topics)
        assert not failed, failed
        return run
    finally:
        query.STOPWORDS = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data" / "time")
    parser.add_argument("--markdown", action="store_true", help="print the per-query nDCG@10 table")
    args = parser.parse_args()
    records = [json.loads(line) for line in (args.data / "articles.jsonl").open(encoding="utf-8")]
    topics = evaluation.read_topics(args.data / "topics.tsv")
    qrels = evaluation.read_qrels(args.data / "qrels.txt")
    docs = {r["id"]: f"{r.get('title') or ''}\n{r.get('body') or ''}" for r in records}

    runs: dict[str, dict[str, list[str]]] = {}
    for name, analyse in [("bm25", _tokens(None, False)), ("bm25+snowball", _tokens("en", True))]:
        bm25 = PlainBM25(docs, analyse)
        runs[name] = {qid: bm25.search(text, DEPTH) for qid, text in topics}
    with tempfile.TemporaryDirectory() as tmp:
        english, indonesian = Path(tmp) / "en", Path(tmp) / "id"
        warta.ingest([args.data / "articles.jsonl"], english / "index", workers=False)
        as_indonesian = indonesian / "articles.jsonl"
        as_indonesian.parent.mkdir()
        with as_indonesian.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({**r, "lang": "id"}) + "\n")
        warta.ingest([as_indonesian], indonesian / "index", workers=False)
        runs["warta, Sastrawi"] = _warta_run(indonesian / "index", topics, stopwords=True)
        runs["warta, no stopwords"] = _warta_run(english / "index", topics, stopwords=False)
        runs["warta"] = _warta_run(english / "index", topics, stopwords=True)

    results = {name: evaluation.evaluate(run, qrels) for name, run in runs.items()}
    measures = list(evaluation.MEASURES)
    print(f"TIME: {len(docs)} articles, {len(topics)} topics, {len(qrels)} judged\n")
    print("| run | " + " | ".join(measures) + " |")
    print("|---|" + "---:|" * len(measures))
    for name, per_query in results.items():
        means = evaluation.mean(per_query)
        print(f"| {name} | " + " | ".join(f"{means[m]:.4f}" for m in measures) + " |")
    if args.markdown:
        names = list(results)
        print("\n| query | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        for qid, text in topics:
            if qid in results["bm25"]:
                cells = " | ".join(f"{results[n][qid]['ndcg@10']:.3f}" for n in names)
                print(f"| {qid} {text[:60]} | {cells} |")
    better = sum(
        1 for q in results["warta"] if results["warta"][q]["ndcg@10"] > results["bm25"][q]["ndcg@10"]
    )
    worse = sum(1 for q in results["warta"] if results["warta"][q]["ndcg@10"] < results["bm25"][q]["ndcg@10"])
    print(
        f"\nwarta against bm25, nDCG@10 per query: {better} better, {worse} worse, "
        f"{len(results['warta']) - better - worse} equal"
    )
    for baseline in ("bm25", "bm25+snowball", "warta, Sastrawi"):
        qids = sorted(results["warta"])
        p = evaluation.randomization_test(
            [results["warta"][q]["ndcg@10"] for q in qids], [results[baseline][q]["ndcg@10"] for q in qids]
        )
        print(f"warta against {baseline}: paired randomisation test on nDCG@10, p = {p:.3f}")


if __name__ == "__main__":
    main()
