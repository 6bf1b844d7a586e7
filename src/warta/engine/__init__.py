"""The search engine behind warta: everything that knows Whoosh lives here.

* `index`     one logical index of N Whoosh shards: manifest, lock, readers
* `schema`    the fields, and an article turned into postings
* `writer`    writing shards fast (a bulk segment writer, a codec fix)
* `analyzers` `warta.analysis` wrapped as Whoosh analyzers
* `query`     parsing what people type, tolerantly
* `ranking`   BM25F parameters and field weights
* `search`    running a query: filters, totals, highlighted snippets
* `integrity` reading back everything an index holds (``warta check``)

The rest of warta talks to this package only through `open_index`,
`create_generation`/`switch_generation`, `write_lock`, `ShardWriter`,
`prepare_document`, `EngineSearcher` and `verify_index`; swapping Whoosh for another engine
means rewriting this package, not the readers, the CLI or the renderers.
"""

from .index import (
    DEFAULT_SHARDS,
    FORMAT_VERSION,
    IndexedDoc,
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
from .integrity import IndexHealth, verify_index
from .schema import build_schema, prepare_document
from .search import EngineHit, EngineSearcher
from .writer import BulkSegmentWriter, ShardWriter, WartaCodec, codec

__all__ = [
    "DEFAULT_SHARDS",
    "FORMAT_VERSION",
    "BulkSegmentWriter",
    "EngineHit",
    "EngineSearcher",
    "IndexHealth",
    "IndexedDoc",
    "ShardWriter",
    "WartaCodec",
    "WartaIndex",
    "build_schema",
    "close_inherited_locks",
    "codec",
    "create_generation",
    "index_exists",
    "open_index",
    "prepare_document",
    "read_ingest_state",
    "remove_unlisted_shards",
    "shard_of",
    "switch_generation",
    "verify_index",
    "write_ingest_state",
    "write_lock",
]
