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
