"""Near-duplicate pairs in a corpus, as warta's folding sees them.

    python benchmarks/near_duplicates.py [--data PATH] [--show N]

Reads the articles of a JSONL or CSV corpus with warta's readers, makes the
MinHash signature of each (`warta.analysis.near_duplicates.signature`), finds candidate
pairs with banded locality-sensitive hashing (8 bands of 8 slots), and prints
how many pairs reach each estimated similarity, with examples around the
folding threshold, so that the threshold can be judged by reading them.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from warta.analysis import near_duplicates as duplicates
from warta.corpus import discover, read_file
from warta.model import Article

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "data" / "id-news" / "articles.jsonl"
BANDS = 8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=12, help="example pairs to print")
    args = parser.parse_args()
    articles = [
        item
        for source in discover([args.data]).files
        for item in read_file(source)
        if isinstance(item, Article)
    ]
    started = time.perf_counter()
    signatures = [duplicates.signature(a.title, a.body) for a in articles]
    seconds = time.perf_counter() - started
    each = seconds / len(articles) * 1e6
    print(f"{len(articles)} articles, signatures in {seconds:.1f} s ({each:.0f} µs each)")
    width = (len(signatures[0]) - 2) // 4 // BANDS * 4 if signatures else 0
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, sig in enumerate(signatures):
        if sig:
            for band in range(BANDS):
                buckets[(band, sig[2 + band * width : 2 + (band + 1) * width])].append(i)
    pairs = {pair for members in buckets.values() for pair in itertools.combinations(members, 2)}
    similarity = {pair: duplicates.similarity(signatures[pair[0]], signatures[pair[1]]) for pair in pairs}
    histogram = Counter(min(int(s * 10), 10) / 10 for s in similarity.values())
    print("candidate pairs by estimated similarity (lower bound of each tenth):")
    for bucket in sorted(histogram):
        mark = "  <- folded" if bucket >= duplicates.THRESHOLD else ""
        print(f"  {bucket:.1f}  {histogram[bucket]:>6}{mark}")
    folded = sum(1 for s in similarity.values() if s >= duplicates.THRESHOLD)
    print(f"pairs folded at threshold {duplicates.THRESHOLD}: {folded}")
    near = [
        p for p, s in similarity.items() if duplicates.THRESHOLD - 0.15 <= s < duplicates.THRESHOLD + 0.15
    ]
    random.Random(7).shuffle(near)
    for a, b in sorted(near[: args.show], key=lambda p: -similarity[p]):
        x, y = articles[a], articles[b]
        print(f"\n{similarity[(a, b)]:.2f}  {x.id} ({x.source}): {x.title[:70]}")
        print(f"      {y.id} ({y.source}): {y.title[:70]}")


if __name__ == "__main__":
    main()
