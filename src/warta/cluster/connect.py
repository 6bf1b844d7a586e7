"""Reaching a Dask cluster: a scheduler's address, or a cluster of this machine started for the command.

``--cluster tcp://host:8786`` (or ``WARTA_CLUSTER``) connects to a running
scheduler (``dask scheduler``; ``dask worker tcp://host:8786`` on each
machine).  ``--cluster local:N`` starts N worker processes here for the
command and stops them after: the same code path, for trying a cluster and
for the tests.  Dask is an optional extra (``pip install 'warta[cluster]'``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from types import TracebackType
from typing import Any

from ..errors import ClusterError, UsageError

ENVIRONMENT = "WARTA_CLUSTER"
# How long a shard may take to answer one call before the search says which shard is missing.
DEFAULT_TIMEOUT = 30.0
# Dask's workers sample their threads' stacks every 10 ms, and wake every 20-500 ms to watch
# themselves: on this 2-core machine that made writing a shard 12 % slower (docs/scaling.md).
# Set for the workers of local:N (Dask hands them this process's settings); for a real
# cluster's, see the README.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}
_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(tcp|tls|inproc|ucx|ws|wss)://[^\s:/]+(:\d+)?")
_HOST_PORT = re.compile(r"[\w.-]+:\d+")
# local:N at most: more worker processes than this only slow a machine down
MOST_LOCAL_WORKERS = max(4, 4 * (os.cpu_count() or 1))


def cluster_address(given: str | None) -> str | None:
    """The cluster a command is to use: *given* (``--cluster``), else ``WARTA_CLUSTER``, else None.

    `UsageError` for something that is not ``local:N`` or a scheduler's address.
    """
    address = given if given is not None else os.environ.get(ENVIRONMENT) or None
    if address is None:
        return None
    address = address.strip()
    local = _LOCAL.fullmatch(address)
    if local is not None and 1 <= int(local.group(1)) <= MOST_LOCAL_WORKERS:
        return address
    if local is not None and int(local.group(1)) > MOST_LOCAL_WORKERS:
        raise UsageError(
            f"cluster {address!r}: this machine runs at most local:{MOST_LOCAL_WORKERS} worker processes"
        )
    if local is None and _HOST_PORT.fullmatch(address):  # host:port, as Dask takes it: tcp
        address = "tcp://" + address
    if _ADDRESS.fullmatch(address):
        return address
    raise UsageError(
        f"cluster {address!r} is not local:N (N worker processes on this machine) "
        "or a Dask scheduler's address such as tcp://host:8786"
    )


def _quiet_local_cluster(make: Any, workers: int) -> Any:
    """A cluster of *workers* processes here, started with `QUIET_WORKERS` (its scheduler and
    nannies, in this process, too)."""
    import dask

    with dask.config.set(QUIET_WORKERS):
        return make(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never another cluster's
            silence_logs=logging.ERROR,
        )


class Cluster:
    """A connection to a Dask cluster (and the local one started for it).  Close it, or use ``with``."""

    def __init__(self, address: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--cluster needs Dask: install it with pip install 'warta[cluster]'") from None
        self.address = cluster_address(address) or address
        self.timeout = timeout
        self._local: Any = None
        local = _LOCAL.fullmatch(self.address)
        try:
            if local is not None:
                self._local = _quiet_local_cluster(LocalCluster, int(local.group(1)))
                self.client = Client(self._local, direct_to_workers=True)
            else:
                self.client = Client(self.address, timeout=min(timeout, 10.0), direct_to_workers=True)
        except (OSError, TimeoutError, ValueError) as err:  # (ValueError: an address Dask cannot read)
            self.close()
            raise ClusterError(
                f"cannot reach the Dask cluster at {self.address} ({err}); "
                "start it (dask scheduler, then dask worker on each machine) or check the address"
            ) from None

    def workers(self) -> list[str]:
        """The workers' addresses, in a stable order (`ClusterError` when the scheduler is gone)."""
        try:
            try:
                info = self.client.scheduler_info(n_workers=-1)  # every worker, not the first 5
            except TypeError:  # a distributed before 2025 lists them all
                info = self.client.scheduler_info()
        except Exception as err:  # a lost connection
            raise ClusterError(
                f"the Dask scheduler at {self.address} does not answer ({type(err).__name__}: {err}); "
                "check that it runs"
            ) from None
        return sorted(info["workers"])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            client = getattr(self, "client", None)
            if client is not None:
                client.close()
        with contextlib.suppress(Exception):
            if self._local is not None:
                self._local.close()
        self._local = None

    def __enter__(self) -> Cluster:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
