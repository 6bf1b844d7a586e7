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

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "read_file": "warta.corpus.read",
    "SUPPORTED_SUFFIXES": "warta.corpus.walk",
    "discover": "warta.corpus.walk",
    "display_path": "warta.corpus.walk",
    "printable": "warta.corpus.walk",
    "root_key": "warta.corpus.walk",
}
__all__ = ["SUPPORTED_SUFFIXES", "discover", "display_path", "printable", "read_file", "root_key"]

if TYPE_CHECKING:
    from .read import read_file
    from .walk import SUPPORTED_SUFFIXES, discover, display_path, printable, root_key


def __getattr__(name: str) -> Any:
    """Names imported on first use: a search, which shows paths, does not load the readers."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'warta.corpus' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
