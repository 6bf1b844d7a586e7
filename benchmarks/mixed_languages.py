"""Do one language's articles crowd out another's? Measured on parallel text.

    python benchmarks/mixed_languages.py [--pairs 2000] [--queries 300]

The PANL-BPPT corpus (../shared/data/panl-en-id) holds English news
sentences and their Indonesian translations.  Both sides of N pairs are
indexed as articles of their stated language, in one index, so every
English "article" has an Indonesian twin with the same content.  The
queries are names that both sides of a pair spell the same way (capitalised
words such as ``Bush`` or ``Jakarta`` found in both sentences), which
every language's reading of the query analyses alike.

If ranking were even-handed, each query's top ten would be half English and
half Indonesian, and an English sentence and its twin would sit at nearby
ranks.  The script prints the English share of the top tens, and how often
each side of a pair ranks above its twin, for warta's default ranking.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
from pathlib import Path

import warta
from eval_langid import panl_pairs

HERE = Path(__file__).resolve().parent

SEED = 20251125
_NAME_RE = re.compile(r"(?<=\s)[A-Z][a-z]{3,}\b")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    chosen = random.Random(SEED).sample(panl_pairs(), args.pairs)
    shared_names: dict[str, list[int]] = {}
    for n, (en, id_) in enumerate(chosen):
        for name in set(_NAME_RE.findall(" " + en)) & set(_NAME_RE.findall(" " + id_)):
            shared_names.setdefault(name, []).append(n)
    names = sorted(shared_names)
    random.Random(SEED).shuffle(names)
    names = names[: args.queries]

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "panl.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for n, (en, id_) in enumerate(chosen):
                out.write(json.dumps({"id": f"en-{n}", "title": "", "body": en, "lang": "en"}) + "\n")
                out.write(json.dumps({"id": f"id-{n}", "title": "", "body": id_, "lang": "id"}) + "\n")
        warta.ingest([corpus], Path(tmp) / "index", workers=False)
        shares: list[float] = []
        english_first = indonesian_first = ties = 0
        rank_gaps: list[int] = []
        with warta.Searcher(Path(tmp) / "index") as searcher:
            for name in names:
                hits = searcher.search(name, limit=1000, collapse=False).hits
                top = hits[:10]
                if len(top) >= 2:
                    shares.append(sum(1 for h in top if h.lang == "en") / len(top))
                where = {h.id: (h.rank, h.score) for h in hits}
                for n in shared_names[name]:
                    en, id_ = where.get(f"en-{n}"), where.get(f"id-{n}")
                    if en is None or id_ is None:
                        continue
                    rank_gaps.append(abs(en[0] - id_[0]))
                    if abs(en[1] - id_[1]) < 1e-9:
                        ties += 1
                    elif en[1] > id_[1]:
                        english_first += 1
                    else:
                        indonesian_first += 1
    twins = english_first + indonesian_first + ties
    print(f"{len(chosen)} sentence pairs, {len(names)} name queries shared by both sides")
    mean, median = statistics.mean(shares), statistics.median(shares)
    print(f"English share of the top ten: mean {mean:.3f}, median {median:.3f}")
    print(
        f"twins found together: {twins}; English ranked first {english_first} ({english_first / twins:.1%}), "
        f"Indonesian first {indonesian_first} ({indonesian_first / twins:.1%}), equal {ties}"
    )
    gap_median, gap_mean = statistics.median(rank_gaps), statistics.mean(rank_gaps)
    print(f"rank gap between twins: median {gap_median}, mean {gap_mean:.1f}")


if __name__ == "__main__":
    main()
