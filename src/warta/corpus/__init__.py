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

from .read import read_file
from .walk import SUPPORTED_SUFFIXES, discover, display_path, printable, root_key

__all__ = ["SUPPORTED_SUFFIXES", "discover", "display_path", "printable", "read_file", "root_key"]
