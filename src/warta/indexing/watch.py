"""Watching a corpus: ingest again, incrementally, whenever files under it change.

``warta ingest --watch`` and ``warta serve --watch`` use it, so that a folder
that receives new articles (an export job, a scraper) is searchable within
seconds.  Changes are seen by `watchfiles` (inotify on Linux, a maintained Rust
watcher) and a burst of them (a scraper writing a hundred files) makes one
ingest, after the burst has been quiet for `DEBOUNCE_MS`.  Each ingest is the
ordinary incremental one: only what changed is read, and the index's lock
keeps two writers apart.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import RequestError
from ..model import IngestReport
from .update import ingest

# A burst of changes ends when nothing has changed for this long (milliseconds), or, for a
# folder that never stops changing, after `LONGEST_BURST_MS` at most.
DEBOUNCE_MS = 1000
LONGEST_BURST_MS = 10_000


def watch(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    on_report: Callable[[IngestReport], None],
    stop: threading.Event | None = None,
    first: bool = True,
    **options: Any,
) -> None:
    """Ingest *paths* into *index_dir* (unless not *first*), then again after each burst of changes
    under them, giving each report to *on_report*, until *stop* is set (or Ctrl-C).

    *options* are `ingest`'s.  Changes inside the index folder itself are not
    changes of the corpus.  `RequestError` when the ``serve`` extra (watchfiles) is missing.
    """
    try:
        from watchfiles import watch as changes
    except ImportError:
        needs = "watching a folder needs the serve extra: pip install 'warta[serve]'"
        raise RequestError("watch", needs) from None
    folders = [Path(p) for p in paths]
    index = Path(index_dir).resolve()

    def of_corpus(_change: object, path: str) -> bool:
        return not Path(path).resolve().is_relative_to(index)

    if first:
        on_report(ingest(folders, index_dir, **options))
    watched = [f for f in folders if f.exists()]
    if not watched:
        raise RequestError("watch", "nothing to watch: none of {watch}'s paths exists")
    quiet = {"step": DEBOUNCE_MS, "debounce": LONGEST_BURST_MS}
    for _batch in changes(*watched, watch_filter=of_corpus, stop_event=stop, **quiet):
        on_report(ingest(folders, index_dir, **options))


def watch_in_background(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    on_report: Callable[[IngestReport], None],
    on_error: Callable[[Exception], None],
    **options: Any,
) -> threading.Event:
    """`watch` in a daemon thread (for a server); set the event returned to stop it.  An error of
    one ingest (a locked index, say) is given to *on_error*, and watching goes on.  *options*
    are `ingest`'s (``sink=``: where the shards are written)."""
    stop = threading.Event()

    def run() -> None:
        first = True
        while not stop.is_set():
            try:
                watch(paths, index_dir, on_report=on_report, stop=stop, first=first, **options)
                return
            except Exception as err:  # the server goes on; the next change is tried again
                on_error(err)
                first = False
                stop.wait(DEBOUNCE_MS / 1000)

    threading.Thread(target=run, name="warta-watch", daemon=True).start()
    return stop
