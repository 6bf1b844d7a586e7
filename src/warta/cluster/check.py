"""Reading an index back on a Dask cluster's workers (``warta check --cluster``).

`engine.integrity.verify_index` reads every shard back; here each shard is
read by a worker, all at once, and the findings are added up as one index's
(an article id stored in two shards is still found).  Comparing the index
with its corpus then happens where the command runs, as without a cluster.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..engine.integrity import ShardsVerifier, verify_shard
from ..errors import ClusterError
from .connect import Cluster


def cluster_verifier(cluster: Cluster) -> ShardsVerifier:
    """Read an index's shards back on *cluster*'s workers, one shard per worker in turn."""

    def verify(root: Path, names: list[str]) -> list[Any]:
        workers = cluster.workers()
        if not workers:
            raise ClusterError(f"the Dask cluster at {cluster.address} has no workers: start some")
        futures = [  # (another worker takes over if one dies: they all see the index's folder)
            cluster.client.submit(
                verify_shard,
                str(root.absolute()),
                n,
                names,
                workers=[workers[n % len(workers)]],
                allow_other_workers=True,
                pure=False,
            )
            for n in range(len(names))
        ]
        found = []
        for n, future in enumerate(futures):
            try:
                found.append(future.result())
            except Exception as err:  # a worker that died: the shard was not read
                raise ClusterError(
                    f"shard {names[n]} (on {workers[n % len(workers)]}) could not be read back "
                    f"({type(err).__name__}: {err}); restart that worker and check again"
                ) from None
        return found

    return verify
