"""Read: finding a corpus's files and turning them into `Article` records.

* `walk`      which files a corpus holds (folders walked, links followed once)
* `read`      one file into articles, whatever its format
* `text`      ``.txt`` and ``.md``: one article per file
* `html`      saved news pages
* `records`   JSON lines, JSON, CSV and TSV: one article per record, streamed
* `fields`    which record field holds the title, body, date...
* `decoding`  bytes to text: encodings, binary files, mojibake

Nothing here analyses text or knows the index: articles leave this package as
they were written, with their file, record and line for messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy

# Imported on first use: a search, which shows paths, does not load the readers.
_MODULES = {
    "warta.corpus.read": ("read_file",),
    "warta.corpus.walk": ("SUPPORTED_SUFFIXES", "discover", "display_path", "printable", "root_key"),
}
__all__ = lazy.names(_MODULES)
__getattr__ = lazy.exports(globals(), _MODULES)

if TYPE_CHECKING:
    from .read import read_file
    from .walk import SUPPORTED_SUFFIXES, discover, display_path, printable, root_key
