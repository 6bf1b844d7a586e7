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


def _buffer_file_init(self: BufferFile, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    """Open a part of a memory-mapped segment without copying it.

    Whoosh copied every part into a ``BytesIO`` when it opened a segment
    (its postings, stored fields, columns: the whole 150 MB of id-news's
    index on every search process start, a tenth of a second).  Reads by
    position (``get``) use the mapped memory directly; the stream is made only
    for the files read as a stream, on first use.
    """
    self._buf = buf
    self._name = name
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _buffer_file_stream(self: BufferFile) -> io.BytesIO:
    stream = self.__dict__.get("_stream")
    if stream is None:
        stream = self.__dict__["_stream"] = io.BytesIO(self._buf)
    return stream


def _set_buffer_file_stream(self: BufferFile, stream: Any) -> None:
    self.__dict__["_stream"] = stream


def _buffer_file_close(self: BufferFile) -> None:
    if self.is_closed:
        raise OSError("This file is already closed")
    if self.onclose:
        self.onclose(self)
    stream = self.__dict__.get("_stream")
    if stream is not None:
        stream.close()
    self.is_closed = True


BufferFile.__init__ = _buffer_file_init  # type: ignore[method-assign]
BufferFile.file = property(_buffer_file_stream, _set_buffer_file_stream)  # type: ignore[attr-defined]
BufferFile.close = _buffer_file_close  # type: ignore[method-assign]
