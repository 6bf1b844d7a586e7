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

from typing import TYPE_CHECKING

from .. import lazy

# Imported on first use: a search, which only needs words, does not load the rest.
_MODULES = {"warta.analysis.article": ("analyse_article",)}
__all__ = lazy.names(_MODULES)
__getattr__ = lazy.exports(globals(), _MODULES)

if TYPE_CHECKING:
    from .article import analyse_article
