"""Write the 1,000-query timing set, ``data/queries-1000.tsv``, from id-news.

The hand-written queries (``data/queries-id.tsv``, 60) and the relevance
topics (``data/idnews-rel/topics.tsv``, 82) come first; the rest are cut
from the titles of randomly drawn articles, as people type what they read
in a headline: one to four consecutive words (mostly two or three), function
words left out, lower case, and one in ten of the longer ones in quotes as a
phrase.  The draw is seeded, so the file is the same on every run; it is
committed, and this script says how it was made.

    python benchmarks/make_queries.py [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1] / "shared" / "data" / "id-news" / "articles.jsonl"
OUT = HERE / "data" / "queries-1000.tsv"
TOTAL = 1000
SEED = 20261125
# Words a headline reader leaves out of a search.
FUNCTION_WORDS = frozenset(
    "yang di ke dari dan ini itu untuk dengan pada akan dalam tak tidak jadi ada "
    "soal kata bisa usai saat hingga atau juga oleh para sudah masih lagi ini "
    "begini begitu jelang karena bagi secara buat biar agar kok nih sih".split()
)
LENGTHS = [1] * 15 + [2] * 40 + [3] * 30 + [4] * 15  # words per query, in per cent
WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def hand_written() -> list[str]:
    queries = []
    for path in (HERE / "data" / "queries-id.tsv", HERE / "data" / "idnews-rel" / "topics.tsv"):
        for line in path.read_text("utf-8").splitlines():
            qid, _, text = line.partition("\t")
            if text.strip() and qid.lower() not in ("qid", "id"):
                queries.append(text.strip())
    return queries


def from_titles(titles: list[str], count: int, seen: set[str]) -> list[str]:
    rng = random.Random(SEED)
    out: list[str] = []
    while len(out) < count:
        words = [w.lower() for w in WORD_RE.findall(rng.choice(titles))]
        words = [w for w in words if w not in FUNCTION_WORDS and len(w) > 1]
        size = min(rng.choice(LENGTHS), len(words))
        if not size:
            continue
        start = rng.randrange(len(words) - size + 1)
        query = " ".join(words[start : start + size])
        if size >= 2 and rng.random() < 0.1:
            query = f'"{query}"'
        if query not in seen:
            seen.add(query)
            out.append(query)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    with args.data.open(encoding="utf-8") as fh:
        titles = [t for t in (json.loads(line).get("title") or "" for line in fh) if t.strip()]
    queries = hand_written()
    queries += from_titles(titles, TOTAL - len(queries), set(queries))
    OUT.write_text("".join(f"q{n}\t{q}\n" for n, q in enumerate(queries, 1)), encoding="utf-8")
    print(f"{len(queries)} queries written to {OUT}")


if __name__ == "__main__":
    main()
