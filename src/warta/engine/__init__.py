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
* `integrity`     reading back everything an index holds (``warta check``)
* `whoosh_fixes`  mends for Whoosh's matchers and file reading

The rest of warta talks to this package only through the names below;
swapping Whoosh for another engine means rewriting this package (and the
syntax reader of `warta.query`), not the readers, the analysis, the CLI or
the renderers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    **dict.fromkeys(
        (
            "DEFAULT_SHARDS",
            "FORMAT_VERSION",
            "WartaIndex",
            "close_inherited_locks",
            "create_generation",
            "index_exists",
            "open_index",
            "read_ingest_state",
            "remove_unlisted_shards",
            "shard_of",
            "switch_generation",
            "write_ingest_state",
            "write_lock",
        ),
        "warta.engine.index",
    ),
    "verify_index": "warta.engine.integrity",
    "build_schema": "warta.engine.schema",
    "document": "warta.engine.schema",
    "SNIPPET_CHARS": "warta.engine.search",
    "EngineSearcher": "warta.engine.search",
    "BulkSegmentWriter": "warta.engine.writer",
    "ShardWriter": "warta.engine.writer",
    "WartaCodec": "warta.engine.writer",
    "codec": "warta.engine.writer",
}
__all__ = [
    "DEFAULT_SHARDS",
    "FORMAT_VERSION",
    "SNIPPET_CHARS",
    "BulkSegmentWriter",
    "EngineSearcher",
    "ShardWriter",
    "WartaCodec",
    "WartaIndex",
    "build_schema",
    "close_inherited_locks",
    "codec",
    "create_generation",
    "document",
    "index_exists",
    "open_index",
    "read_ingest_state",
    "remove_unlisted_shards",
    "shard_of",
    "switch_generation",
    "verify_index",
    "write_ingest_state",
    "write_lock",
]

if TYPE_CHECKING:
    from .index import (
        DEFAULT_SHARDS,
        FORMAT_VERSION,
        WartaIndex,
        close_inherited_locks,
        create_generation,
        index_exists,
        open_index,
        read_ingest_state,
        remove_unlisted_shards,
        shard_of,
        switch_generation,
        write_ingest_state,
        write_lock,
    )
    from .integrity import verify_index
    from .schema import build_schema, document
    from .search import SNIPPET_CHARS, EngineSearcher
    from .writer import BulkSegmentWriter, ShardWriter, WartaCodec, codec


def __getattr__(name: str) -> Any:
    """Names imported on first use: a search does not load the writer or the integrity check."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warta.engine' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
