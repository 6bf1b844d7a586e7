"""Starting the server: which addresses need a token, and uvicorn."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import RequestError

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(host: str) -> bool:
    """Whether *host* is reachable from this machine only."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None, no_auth: bool) -> None:
    """`RequestError` when *host* reaches beyond this machine with neither a token nor ``no_auth``."""
    if not is_loopback(host) and not token and not no_auth:
        raise RequestError(
            "host",
            "listening on {address} lets other machines search this index: give --token (or WARTA_TOKEN), "
            "or --no-auth to allow anyone who can reach it",
            address=host,
        )


def run(
    index: str | Path,
    *,
    host: str,
    port: int,
    token: str | None,
    say: Callable[[str], None],
    watched: Sequence[str] = (),
    cluster: Any = None,
) -> None:
    """Serve *index* until interrupted, saying where and how it is protected; with *watched*
    paths, ingest them into it as they change (`indexing.watch`), saying what each ingest did."""
    try:
        import uvicorn
    except ImportError:
        raise RequestError(
            "serve", "warta serve needs its extra: pip install 'warta[serve]' (make installs it)"
        ) from None
    from ..engine import open_index
    from .app import create_app

    if watched:
        from ..indexing.watch import watch_in_background

        def report(done: Any) -> None:
            say(
                f"warta: ingested {', '.join(watched)}: {done.added} added, {done.updated} updated, "
                f"{done.deleted} deleted, {done.failed} failed"
            )

        options: dict[str, Any] = {}
        if cluster is not None:  # the watched files are ingested on the cluster too
            from ..cluster.ingest import cluster_sink

            options["sink"] = cluster_sink(cluster)
        watch_in_background(watched, index, report, lambda err: say(f"warta: watching: {err}"), **options)
    else:
        open_index(index)  # a missing or locked index is said now, in one line, not at the first request
    app = create_app(index, token=token, cluster=cluster)
    access = (
        "with its access token"
        if token
        else ("open to anyone who can reach it" if not is_loopback(host) else "on this machine only")
    )
    say(f"warta: serving {index} at http://{host}:{port}/ ({access}); Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")
