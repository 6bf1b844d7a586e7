"""What an index holds: counts per source, category and language, date range, size.

Sources and categories written in different cases (``KOMPAS.com``,
``Kompas.com``) are counted as one, under the form written most often, as
``--facets`` counts them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

from ..analysis.words import group_labels
from ..engine import WartaIndex, open_index
from ..model import IndexStats


def index_stats(index: WartaIndex | str | os.PathLike[str] = "index") -> IndexStats:
    """Summarise the index at *index*."""
    ix = index if isinstance(index, WartaIndex) else open_index(index)
    sources: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    first = last = None
    count = 0
    for doc in ix.iter_stored():
        count += 1
        sources[str(doc.get("source") or "(none)")] += 1
        if doc.get("category"):
            categories[str(doc["category"])] += 1
        languages[str(doc.get("lang") or "(unknown)")] += 1
        date = doc.get("date")
        if isinstance(date, dt.datetime):
            day = date.date()
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
    pieces = ix.piece_counts()
    return IndexStats(
        articles=count,
        paragraphs=pieces["paragraphs"],
        quotes=pieces["quotes"],
        sources=group_labels(sources.items()),
        categories=group_labels(categories.items()),
        languages=dict(languages.most_common()),
        first_date=first,
        last_date=last,
        size_bytes=ix.size_bytes(),
        shards=ix.shard_count,
        path=str(ix.root),
    )
