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


_whoosh_and_not_find_next = binary.AndNotMatcher._find_next


def _and_not_find_next(self: binary.AndNotMatcher) -> bool:
    """Do nothing once the wanted side is used up.

    ``skip_to`` moves the wanted side and then calls this, which asked the
    wanted side for its current document even when the move had run it out;
    a phrase's matcher answers that with an IndexError instead of stopping
    (``"undang-undang hukum" -kuhp`` crashed on id-news).
    """
    if not self.a.is_active():
        return False
    return bool(_whoosh_and_not_find_next(self))


binary.AndNotMatcher._find_next = _and_not_find_next  # type: ignore[method-assign]
