"""The dates ingest gives a corpus's articles, and how many of them cannot be right.

    python benchmarks/check_dates.py                  # bbc, turnbackhoax, news-en, detik2025, id-news
    python benchmarks/check_dates.py --show 5 bbc     # and five examples of each kind of impossible date

Each corpus under ../shared/data (or $WARTA_SHARED_DATA) is read as ``warta ingest`` reads
it (`corpus.read_file`, then `analysis.analyse_article` without word positions), and each
article's date counted:
from a date field, read from the text, or none; before 1900; after its file's date; after
today; and after the end of the period its SOURCE.txt says the corpus covers (the files were
copied in 2026, so their own dates say nothing of when the news was written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections import Counter
from pathlib import Path

from warta.analysis.article import analyse_article
from warta.corpus import discover, read_file
from warta.model import Article

DATA = Path(os.environ.get("WARTA_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))

# corpus -> (what to read, the last day its news can have, from its SOURCE.txt / README)
CORPORA: dict[str, tuple[str, dt.date]] = {
    "bbc": ("bbc", dt.date(2005, 12, 31)),  # "stories ... from 2004-2005"
    "turnbackhoax": ("turnbackhoax/Scrapping.csv", dt.date(2021, 4, 25)),  # scraped 25 April 2021
    "news-en": ("news-en/NewsArticles.csv", dt.date(2017, 3, 31)),  # dates up to 2017/3/30 (SOURCE.txt: 3/9)
    "detik2025": ("detik2025/data_berita.csv", dt.date(2026, 1, 17)),  # the repository's commit
    "id-news": (
        "id-news/articles.jsonl",
        dt.date(2025, 12, 31),
    ),  # 2019 (CLICK-ID), 2024 (seed), 2025 (detik)
}
OLDEST = dt.date(1900, 1, 1)


def check(name: str, show: int = 0) -> Counter[str]:
    """Counts of one corpus's dates, and up to *show* examples of each impossible kind printed."""
    where, period_end = CORPORA[name]
    today = dt.date.today()
    counts: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    found = discover([DATA / where])
    for source in found.files:
        file_date = source.modified
        for item in read_file(source):
            if not isinstance(item, Article):
                continue
            parsed = analyse_article(item, positions=False).structure
            date = parsed.date
            counts["articles"] += 1
            if date is None:
                counts["no date"] += 1
                continue
            counts["from a date field" if item.date is not None else "from the text"] += 1
            kinds = [
                kind
                for kind, wrong in (
                    ("before 1900", date < OLDEST),
                    ("after the file's date", date > file_date),
                    ("after today", date > today),
                    ("after the corpus's period", date > period_end),
                )
                if wrong
            ]
            for kind in kinds:
                counts[kind] += 1
                if shown[kind] < show:
                    shown[kind] += 1
                    said = f" from {parsed.date_text!r}" if parsed.date_text else " (date field)"
                    print(f"  {name} {kind}: {item.id} {date}{said}")
    return counts


COLUMNS = (
    "articles",
    "from a date field",
    "from the text",
    "no date",
    "before 1900",
    "after the file's date",
    "after today",
    "after the corpus's period",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "corpora", nargs="*", choices=[*CORPORA, []], metavar="CORPUS", help=", ".join(CORPORA)
    )
    parser.add_argument("--show", type=int, default=0, help="examples of each kind of impossible date")
    args = parser.parse_args()
    rows = {name: check(name, args.show) for name in args.corpora or CORPORA}
    print("| corpus | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for name, counts in rows.items():
        print(f"| {name} | " + " | ".join(f"{counts[c]:,}" for c in COLUMNS) + " |")


if __name__ == "__main__":
    main()
