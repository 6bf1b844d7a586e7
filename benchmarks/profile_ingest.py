"""Where ingest time goes: each stage timed on its own, in one process, one shard.

    python benchmarks/profile_ingest.py [--data PATH] [--limit N] [--stock-whoosh]

Stages, run one after another so that each is measured alone:

1. read      parse the JSON lines into Article records
2. stem      Sastrawi on every distinct word (cold cache, as a first ingest)
3. analyse   tokenise and build posting lists (stems now cached)
4. add       hand the documents to the Whoosh segment writer
5. commit    write the segment (terms, postings, stored fields)

``--stock-whoosh`` uses Whoosh's own SegmentWriter and codec for stages 4-5,
to show what the bulk writer saves.  A real ingest runs stages 3-5 in one
process per shard, so its wall time is roughly (2 + 3 + 4 + 5) / shards.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from warta import corpus, engine
from warta.analysis import words
from warta.analysis.article import analyse_article
from warta.engine import BulkSegmentWriter
from warta.model import Article

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "id-news" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--stock-whoosh", action="store_true", help="Whoosh's own writer for add/commit")
    args = parser.parse_args()

    timings: dict[str, float] = {}
    started = time.perf_counter()
    source = corpus.discover([args.data]).files[0]
    items = corpus.read_file(source)
    articles = [a for a in itertools.islice(items, args.limit) if isinstance(a, Article)]
    timings["read"] = time.perf_counter() - started

    started = time.perf_counter()
    distinct = set()
    for a in articles:
        distinct.update(words._TOKEN_RE.findall(a.title))
        distinct.update(words._TOKEN_RE.findall(a.body))
    for raw in distinct:
        words.analyse_word(raw)
    timings["stem"] = time.perf_counter() - started

    started = time.perf_counter()
    docs = [engine.document(analyse_article(a), source.key, source.signature) for a in articles]
    timings["analyse"] = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        engine.switch_generation(root, engine.create_generation(root, 1, None))
        shard = engine.open_index(root).shard_index(0)
        if args.stock_whoosh:
            writer = shard.writer(limitmb=512)
        else:
            writer = BulkSegmentWriter(shard, codec=engine.codec())
        started = time.perf_counter()
        for doc in docs:
            writer.add_document(**doc)
        timings["add"] = time.perf_counter() - started
        started = time.perf_counter()
        writer.commit()
        timings["commit"] = time.perf_counter() - started
        size = engine.open_index(root).size_bytes()

    total = sum(timings.values())
    print(f"{len(articles)} articles, {len(distinct)} distinct raw tokens, index {size / 2**20:.1f} MB")
    print(f"writer: {'Whoosh SegmentWriter' if args.stock_whoosh else 'warta BulkSegmentWriter'}")
    for stage, seconds in timings.items():
        print(f"  {stage:<8} {seconds:7.2f} s  {seconds / total:5.1%}")
    print(f"  {'total':<8} {total:7.2f} s")


if __name__ == "__main__":
    main()
