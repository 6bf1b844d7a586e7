"""Mends for Whoosh's query matchers and file reading, applied when the engine is imported.

Each is a small replacement of one method, with the reason; the file is the
list of what warta changes in Whoosh at query time (the writer's mends are in
`engine/writer.py`).
"""

from __future__ import annotations

import io
from typing import Any

from whoosh.filedb.structfile import BufferFile
from whoosh.matching import binary
from whoosh.matching.mcore import ReadTooFar


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


class _MemoryStream(io.RawIOBase):
    """A read-only stream over a memory view, without copying it (what ``BytesIO`` would do).

    ``io.RawIOBase`` supplies ``read``, ``readline`` (in bounded steps),
    iteration and the checks on a closed stream from ``readinto``.
    """

    def __init__(self, buf: Any) -> None:
        super().__init__()
        self._buf = memoryview(buf).cast("B")
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed file")
        end = min(self._pos + len(target), len(self._buf))
        count = max(0, end - self._pos)
        target[:count] = self._buf[self._pos : self._pos + count]
        self._pos += count
        return count

    def read(self, size: int | None = -1) -> bytes:
        if self.closed:
            raise ValueError("I/O operation on closed file")
        end = len(self._buf) if size is None or size < 0 else min(self._pos + size, len(self._buf))
        data = bytes(self._buf[self._pos : end]) if end > self._pos else b""
        self._pos = max(self._pos, end)
        return data

    def seek(self, position: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._buf)}[whence]
        if base + position < 0:
            raise ValueError(f"negative seek position {base + position}")
        self._pos = base + position
        return self._pos

    def tell(self) -> int:
        return self._pos


def _buffer_file_init(self: BufferFile, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    """Open a part of a memory-mapped segment without copying it.

    Whoosh copied every part into a ``BytesIO`` when it opened a segment
    (its postings, stored fields, terms: the whole 150 MB of id-news's
    index on every search process start, a tenth of a second).  Reads by
    position (``get``) use the mapped memory directly, as before; reads as a
    stream go through `_MemoryStream`, which does not copy either.
    """
    self._buf = buf
    self._name = name
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False
    self.file = _MemoryStream(buf)


BufferFile.__init__ = _buffer_file_init  # type: ignore[method-assign]


def _and_maybe_skip_to(self: binary.AndMaybeMatcher, target: int) -> bool:
    """Move the optional side to where the required side landed, not to *target*.

    Whoosh moved both sides to *target*; when the required side landed
    further on (``+warga banjir date:2019``: a date requirement makes the
    collector skip), the optional side stayed behind it and its score was
    dropped for that article.  Found by comparing warta's array scoring with
    Whoosh's collector (tests/engine/test_array_scoring.py).
    """
    if not self.a.is_active():
        raise ReadTooFar
    moved = self.a.skip_to(target)
    if self.a.is_active() and self.b.is_active():
        moved = self.b.skip_to(self.a.id()) or moved
    return bool(moved)


binary.AndMaybeMatcher.skip_to = _and_maybe_skip_to  # type: ignore[method-assign]
