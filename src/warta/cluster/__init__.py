"""warta's shards on a Dask cluster, ranked exactly as one index (``--cluster``).

* `connect`     reaching a cluster: a scheduler's address, or ``local:N`` worker processes here
* `statistics`  the collection's statistics, summed from every shard's digest, and a shard
                searcher that scores with them
* `shard`       one shard open on a worker (a Dask actor), answering the phases of a search
* `search`      the searching process: the engine's own search code over the shards

The command line and `warta serve` use this package through `searcher.Searcher`
(``cluster=``); nothing here decides what a search means.
"""

from __future__ import annotations

from .connect import DEFAULT_TIMEOUT, ENVIRONMENT, Cluster, cluster_address
from .search import ClusterIndex

__all__ = ["DEFAULT_TIMEOUT", "ENVIRONMENT", "Cluster", "ClusterIndex", "cluster_address"]
