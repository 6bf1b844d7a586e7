"""Mends for bugs in Whoosh's query matchers, applied when the engine is imported.

Each is a small replacement of one method, with the reason; the file is the
list of what warta changes in Whoosh at query time (the writer's mends are in
`engine/writer.py`).
"""

from __future__ import annotations

from whoosh.matching import binary


def _and_not_find_first(self: binary.AndNotMatcher) -> None:
    """Start an AND NOT past every excluded document, not only one at the very same position.

    Whoosh's own version moved on only when both sides started at the same
    document, so when the excluded side started earlier (``banjir -jakarta``
    where an earlier article has jakarta), the first match of the other side
    was kept even when it was excluded.  `_find_next` skips the excluded side
    forward first, which is what the first step needs too.
    """
    if self.a.is_active() and self.b.is_active():
        self._find_next()


binary.AndNotMatcher._find_first = _and_not_find_first  # type: ignore[method-assign]
