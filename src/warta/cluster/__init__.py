"""warta's shards on a Dask cluster, ranked exactly as one index (``--cluster``).

* `connect`     reaching a cluster: a scheduler's address, or ``local:N`` worker processes here
* `statistics`  the collection's statistics, summed from every shard's digest, and a shard
                searcher that scores with them
* `shard`       one shard open on a worker (a Dask actor), answering the phases of a search
* `search`      the searching process: the engine's own search code over the shards
* `ingest`      each shard analysed and written by the worker that owns it
* `check`       each shard read back by a worker (``warta check --cluster``)

The command line and `warta serve` use this package through `searcher.Searcher`
(``cluster=``), `indexing.update.ingest` (``sink=``) and `indexing.check.check_index`
(``verify_shards=``); nothing here decides what a search means.
"""

from __future__ import annotations

from .. import lazy

# Imported on first use (as the engine's names are): what a command asks for, no more.
_MODULES = {
    "warta.cluster.connect": ("DEFAULT_TIMEOUT", "ENVIRONMENT", "Cluster", "cluster_address"),
    "warta.cluster.search": ("ClusterIndex",),
}
__all__ = lazy.names(_MODULES)
__getattr__ = lazy.exports(globals(), _MODULES)
