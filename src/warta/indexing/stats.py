"""What an index holds: counts per source, category and language, date range, size.

Sources and categories written in different cases (``KOMPAS.com``,
``Kompas.com``) are counted as one, under the form written most often, as
``--facets`` counts them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..analysis.words import group_labels
from ..engine import WartaIndex, open_index
from ..model import IndexStats


@dataclass
class Tally:
    """What one shard (or a whole local index) holds, counted: added up over a cluster's shards."""

    articles: int = 0
    paragraphs: int = 0
    quotes: int = 0
    sources: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    first: dt.date | None = None
    last: dt.date | None = None

    def add(self, other: Tally) -> None:
        self.articles += other.articles
        self.paragraphs += other.paragraphs
        self.quotes += other.quotes
        self.sources.update(other.sources)
        self.categories.update(other.categories)
        self.languages.update(other.languages)
        days = [d for d in (self.first, self.last, other.first, other.last) if d is not None]
        self.first, self.last = (min(days), max(days)) if days else (None, None)


def tally(ix: WartaIndex) -> Tally:
    """Count what the open index *ix* holds (a cluster's shard counts its own)."""
    found = Tally()
    for doc in ix.iter_stored():
        found.articles += 1
        found.sources[str(doc.get("source") or "(none)")] += 1
        if doc.get("category"):
            found.categories[str(doc["category"])] += 1
        found.languages[str(doc.get("lang") or "(unknown)")] += 1
        date = doc.get("date")
        if isinstance(date, dt.datetime):
            day = date.date()
            found.first = day if found.first is None or day < found.first else found.first
            found.last = day if found.last is None or day > found.last else found.last
    pieces = ix.piece_counts()
    found.paragraphs, found.quotes = pieces["paragraphs"], pieces["quotes"]
    return found


def index_stats(index: Any = "index") -> IndexStats:
    """Summarise the index at *index* (a folder, an open `WartaIndex`, or a `cluster.ClusterIndex`)."""
    ix = open_index(index) if isinstance(index, (str, os.PathLike)) else index
    total = Tally()
    for part in ix.tallies() if hasattr(ix, "tallies") else [tally(ix)]:
        total.add(part)
    return IndexStats(
        articles=total.articles,
        paragraphs=total.paragraphs,
        quotes=total.quotes,
        sources=group_labels(total.sources.items()),
        categories=group_labels(total.categories.items()),
        languages=dict(total.languages.most_common()),
        first_date=total.first,
        last_date=total.last,
        size_bytes=ix.size_bytes(),
        shards=ix.shard_count,
        path=str(ix.root),
    )
