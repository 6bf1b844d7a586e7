"""Analyse: what warta reads in an article's text, the same for indexing and for queries.

* `article`          one step that reads an article whole (`analyse_article`): ingest and show use it
* `words`            words, stems and exact forms: what a word is, for the index and for queries
* `sastrawi`         Indonesian stems: Sastrawi, corrected and made fast
* `stem_corrections` where Sastrawi's stem is wrong for news search
* `language`         which language a text is written in
* `structure`        outlet, dateline, paragraphs, subheadings, quotes and their speakers
* `dates`            dates in metadata, in queries and in an article's text
* `abbreviations`    Indonesian abbreviations and their full forms
* `near_duplicates`  MinHash signatures, and when two articles are the same story

Nothing here knows the search engine or the files a text came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .article import analyse_article

__all__ = ["analyse_article"]


def __getattr__(name: str) -> Any:
    """`analyse_article` on first use: a search, which only needs words, does not load the rest."""
    if name != "analyse_article":
        raise AttributeError(f"module 'warta.analysis' has no attribute {name!r}")
    from .article import analyse_article

    globals()[name] = analyse_article
    return analyse_article
