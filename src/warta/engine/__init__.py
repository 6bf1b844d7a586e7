"""The search engine behind warta: everything that knows Whoosh lives here.

* `index`         one logical index of N Whoosh shards: manifest, lock, readers
* `schema`        the fields, and an analysed article turned into them
* `writer`        writing shards fast (a bulk segment writer, a codec fix)
* `analyzers`     `warta.analysis` wrapped as Whoosh analyzers
* `compile`       an understood query (`warta.query`) as a Whoosh query
* `ranking`       BM25F parameters, field weights, coordination
* `search`        running a query: filters, totals, units, snippets, related articles
* `array_scoring` scoring whole posting lists as numpy arrays
* `passages`      paragraphs and quotes scored from the articles' positions
* `vocabulary`    the words an index holds, and those near a mistyped one
* `integrity`     reading back everything an index holds (``warta check``)
* `whoosh_fixes`  mends for Whoosh's matchers and file reading

The rest of warta talks to this package only through the names below;
swapping Whoosh for another engine means rewriting this package (and the
syntax reader of `warta.query`), not the readers, the analysis, the CLI or
the renderers.
"""

from __future__ import annotations

from .. import lazy

# Imported on first use: a search does not load the writer or the integrity check.  (Within
# warta, modules that want the precise types import from the submodules.)
_MODULES = {
    "warta.engine.index": (
        "DEFAULT_SHARDS", "FORMAT_VERSION", "READABLE_VERSIONS", "WartaIndex", "close_inherited_locks",
        "corpus_settings", "create_generation", "index_exists", "index_state", "ingest_command",
        "last_changed", "open_index",
        "read_ingest_state", "recorded_roots", "remove_unlisted_shards", "shard_of", "switch_generation",
        "write_ingest_state", "write_lock",
    ),
    "warta.engine.integrity": ("verify_index",),
    "warta.engine.schema": ("build_schema", "document"),
    "warta.engine.search": ("SNIPPET_CHARS", "EngineSearcher"),
    "warta.engine.vocabulary": ("Vocabulary", "refresh_words"),
    "warta.engine.writer": ("BulkSegmentWriter", "ShardWriter", "WartaCodec", "codec"),
}  # fmt: skip
__all__ = lazy.names(_MODULES)
__getattr__ = lazy.exports(globals(), _MODULES)
