"""Independent BM25 baselines (bm25s) that warta's ranking is held to.

    python benchmarks/baselines.py ARTICLES.jsonl TOPICS.tsv OUTDIR [--depth 100]

Writes one TREC run per baseline into OUTDIR:

- ``bm25``: BM25 (Lucene's variant, k1 1.2, b 0.75) over title and body,
  tokenised as warta tokenises (lowercased, accents folded), no stemming;
- ``bm25-snowball-id``: the same over Snowball's Indonesian stemmer (the
  Tala algorithm, as Lucene's IndonesianAnalyzer and Elasticsearch's
  ``indonesian`` analyzer use), through PyStemmer.

Neither uses warta's index, query parser or scorer: they are there to tell
whether warta's own analysis and ranking earn their keep.  bm25s is a
benchmark-only dependency (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from warta import evaluation
from warta.analysis import words

HERE = Path(__file__).resolve().parent

Tokeniser = Callable[[str], list[str]]


def plain_tokens(text: str) -> list[str]:
    """warta's tokens without stemming: lowercased, accents folded."""
    return [exact for _p, _s, _e, exact, _stem in words.iter_tokens(text, None)]


def snowball_tokens(language: str = "indonesian") -> Tokeniser:
    import Stemmer

    stemmer = Stemmer.Stemmer(language)
    return lambda text: stemmer.stemWords(plain_tokens(text))


BASELINES: dict[str, Callable[[], Tokeniser]] = {
    "bm25": lambda: plain_tokens,
    "bm25-snowball-id": lambda: snowball_tokens("indonesian"),
}


def read_articles(path: Path) -> dict[str, str]:
    """Article id -> title and body, from a JSONL file with ``id``, ``title`` and ``body``."""
    docs = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            doc_id = record.get("id") or record.get("doc_id")
            docs[doc_id] = f"{record.get('title') or ''}\n{record.get('body') or record.get('text') or ''}"
    return docs


class BM25Baseline:
    """bm25s over the tokens *tokenise* gives."""

    def __init__(self, docs: dict[str, str], tokenise: Tokeniser, k1: float = 1.2, b: float = 0.75):
        import bm25s

        self.ids = list(docs)
        self.tokenise = tokenise
        self.retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        self.retriever.index([tokenise(docs[doc_id]) for doc_id in self.ids], show_progress=False)
        self.vocabulary = set(self.retriever.vocab_dict)

    def search(self, query: str, depth: int) -> list[str]:
        terms = [t for t in self.tokenise(query) if t in self.vocabulary]
        if not terms:
            return []
        found, scores = self.retriever.retrieve([terms], k=min(depth, len(self.ids)), show_progress=False)
        return [self.ids[i] for i, score in zip(found[0], scores[0], strict=True) if score > 0]


def baseline_runs(
    docs: dict[str, str], topics: Iterable[tuple[str, str]], depth: int = 100
) -> dict[str, dict[str, list[str]]]:
    """``{baseline name: {qid: ranked ids}}`` for every baseline."""
    topics = list(topics)
    runs = {}
    for name, make_tokeniser in BASELINES.items():
        bm25 = BM25Baseline(docs, make_tokeniser())
        runs[name] = {qid: bm25.search(text, depth) for qid, text in topics}
    return runs


def write_run(run: dict[str, list[str]], path: Path, tag: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for qid, ranking in run.items():
            for rank, doc_id in enumerate(ranking, start=1):
                fh.write(f"{qid} Q0 {doc_id} {rank} {len(ranking) - rank + 1} {tag}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("topics", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--depth", type=int, default=100)
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    runs = baseline_runs(read_articles(args.articles), evaluation.read_topics(args.topics), args.depth)
    for name, run in runs.items():
        write_run(run, args.outdir / f"{name}.run", name)
        print(f"{name}: {args.outdir / (name + '.run')}")


if __name__ == "__main__":
    main()
