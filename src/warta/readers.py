"""Reading a corpus: finding files and turning them into `Article` records.

Formats:

* ``.html`` and ``.htm``: one article per saved page, extracted by trafilatura.
* ``.txt`` and ``.md``: one article per file.  A first line that looks like a
  headline (short, followed by a blank line, no final full stop) becomes the
  title.  Markdown may open with a ``---`` front-matter block of ``key: value``
  lines, and its first ``# heading`` is the title when the front matter has none.
* ``.jsonl``, ``.json`` (an object, a list of objects, or an object holding
  such a list), ``.csv`` and ``.tsv``: one article per record.  Fields are found
  by common English and Indonesian names (see `DEFAULT_FIELD_NAMES`);
  ``field_map`` overrides that per target field.

Every other file is skipped and counted; hidden files and folders (names
starting with ``.``) are not looked at.  A record that cannot be read becomes a
`Failure` with its file and line, and reading goes on.  Text that is not UTF-8
is decoded and mojibake mended (`decoding`); each such repair is a `Notice`.
JSON lines and CSV are streamed, so a file of any size is read in little memory.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .dates import parse_date
from .decoding import (
    SNIFF_BYTES,
    LineDecoder,
    NotTextError,
    codec_name,
    decode_whole,
    repair_mojibake,
    whole_file_encoding,
)
from .errors import UsageError
from .model import Article, Failure, Notice

ONE_ARTICLE_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv"}
SUPPORTED_SUFFIXES = ONE_ARTICLE_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES

# Target field -> names it may have in the input, most specific first.
DEFAULT_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "docid", "article_id", "uuid", "guid"),
    "title": ("title", "headline", "judul", "judul_berita", "heading"),
    "body": ("body", "content", "text", "isi", "isi_berita", "article", "berita", "konten"),
    "date": (
        "date", "published", "published_at", "publish_date", "pubdate",
        "tanggal", "tgl", "waktu", "datetime", "timestamp",
    ),
    "url": ("url", "link", "tautan", "article_source_link", "source_url", "href"),
    "source": ("source", "outlet", "publisher", "media", "sumber", "site", "portal"),
    "lang": ("lang", "language", "bahasa"),
    "category": ("category", "kategori", "section", "rubrik", "topic", "label"),
}  # fmt: skip
TARGET_FIELDS = tuple(DEFAULT_FIELD_NAMES)

csv.field_size_limit(sys.maxsize)


@dataclass(slots=True, frozen=True)
class SourceFile:
    """A corpus file found under one of the paths given to ingest."""

    path: Path  # as found on disk
    key: str  # absolute path: identifies the file across runs, and is stored with its articles
    display: str  # how messages name it: relative to the working directory when inside it
    rel: str  # relative to the root it was found under; the base of document ids
    root_name: str  # name of that root folder: tells apart same-named files of two roots
    signature: str  # size and modification time, to skip unchanged files
    size: int  # bytes, for progress

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def modified(self) -> dt.date:
        """The file's own date: none of its articles is newer."""
        mtime_ns = int(self.signature.partition(":")[2] or 0)
        return dt.date.fromtimestamp(mtime_ns / 1e9)


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as shown to users: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return printable(str(path.absolute().relative_to(Path.cwd())))
    except ValueError:
        return printable(str(path.absolute()))


def printable(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 become U+FFFD.

    Python hands such bytes of a name over as lone surrogates, which no output
    (and no index term) can encode; the file itself is still opened by its
    real name.
    """
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _real_folder(root: Path) -> Path:
    """The folder given to ingest (for a file given alone, its folder), resolved.

    So that the same corpus reached through "..", a link or another working
    folder is one corpus, the keys of its files start with this.
    """
    return Path(os.path.realpath(root if root.is_dir() else root.parent))


def root_key(root: Path) -> str:
    """The key of a file given to ingest, or what the keys of a folder's files start with."""
    real = _real_folder(root)
    return str(real if root.is_dir() else real / root.name)


def _source_file(path: Path, root: Path, st: os.stat_result, real_folder: Path) -> SourceFile:
    rel = path.name if root == path else path.relative_to(root).as_posix()
    return SourceFile(
        path=path,
        # The file's place in the corpus: the folder given, resolved, then the
        # path inside it, links and all (so that what is read through a link
        # to a folder elsewhere is deleted when the link or the file goes, as
        # any other file of the corpus).
        key=str(real_folder / rel),
        display=display_path(path),
        rel=printable(rel),
        root_name=printable(real_folder.name) or "root",
        signature=f"{st.st_size}:{st.st_mtime_ns}",
        size=st.st_size,
    )


def _is_index(folder: Path) -> bool:
    """A warta index folder (never read as corpus, e.g. when index/ lies inside it)."""
    return (folder / "warta.json").is_file() and (folder / "write.lock").exists()


@dataclass(slots=True)
class Discovery:
    """What a walk of the corpus found."""

    files: list[SourceFile]
    skipped: int  # files of types warta does not read
    failures: list[Failure]  # entries that could not even be looked at
    # Resolved folders that could not be listed: what was indexed from them is kept.
    unlisted: list[str] = dataclasses.field(default_factory=list)
    notices: list[Notice] = dataclasses.field(default_factory=list)


def discover(paths: Iterable[str | os.PathLike[str]]) -> Discovery:
    """Find the corpus files under *paths*, in a stable order.

    Index folders are not entered; broken links and special files (pipes,
    devices) are reported rather than opened.  Links to folders are followed,
    each folder once: a link back to a folder being walked (a loop) is
    reported and not followed.
    """
    result = Discovery([], 0, [])

    def consider(path: Path, root: Path, real_folder: Path) -> None:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            result.skipped += 1
            return
        try:
            st = path.stat()
        except OSError as err:
            result.failures.append(Failure(display_path(path), f"cannot read: {err.strerror or err}"))
            return
        if not stat.S_ISREG(st.st_mode):
            result.failures.append(Failure(display_path(path), "not a regular file"))
            return
        result.files.append(_source_file(path, root, st, real_folder))

    for given in paths:
        root = Path(given)
        if not root.exists():
            raise UsageError(f"no such file or folder: {given}")
        real_root = _real_folder(root)
        if not root.is_dir():
            consider(root, root, real_root)
            continue
        walked: dict[tuple[int, int], str] = {}  # (device, inode) of each folder walked -> its path

        def unlistable(err: OSError, root: Path = root, real_root: Path = real_root) -> None:
            folder = Path(err.filename or root)
            result.failures.append(
                Failure(display_path(folder), f"cannot read folder: {err.strerror or err}")
            )
            # as the keys of its files would be (see `_source_file`)
            result.unlisted.append(str(real_root / folder.relative_to(root)))

        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unlistable):
            here = Path(dirpath)
            try:
                st = here.stat()
            except OSError:
                continue
            seen = walked.setdefault((st.st_dev, st.st_ino), dirpath)
            if seen != dirpath:
                # The same folder reached again through a link: a loop when it
                # is one of the folders above (a failure of the corpus), else
                # just a second way into a folder that was read.
                dirnames[:] = []
                if os.path.commonpath([dirpath, seen]) == seen:
                    why = f"link back to a folder it is in ({display_path(seen)}), a loop: not followed"
                    result.failures.append(Failure(display_path(here), why))
                else:
                    why = f"link to a folder already read as {display_path(seen)}: read once"
                    result.notices.append(Notice(display_path(here), why))
                continue
            kept = []
            for d in sorted(dirnames):
                if d.startswith(".") or _is_index(here / d):
                    continue
                target = Path(os.path.realpath(here / d))
                if target == real_root or target in real_root.parents:
                    # a link to the corpus's folder or one above it: it would walk in circles
                    why = f"link to a folder that holds the corpus ({display_path(target)}), a loop"
                    result.failures.append(Failure(display_path(here / d), why + ": not followed"))
                    continue
                kept.append(d)
            dirnames[:] = kept
            for name in sorted(filenames):
                if not name.startswith("."):
                    consider(here / name, root, real_root)
    return result


def parse_field_map(specs: Iterable[str]) -> dict[str, str]:
    """Parse ``--field body=isi`` style overrides into ``{"body": "isi"}``."""
    mapping: dict[str, str] = {}
    for spec in specs:
        target, sep, column = spec.partition("=")
        target = target.strip().lower()
        if not sep or not column.strip():
            raise UsageError(f"--field expects FIELD=NAME, got {spec!r}")
        if target not in TARGET_FIELDS:
            raise UsageError(f"--field: unknown field {target!r}; choose from {', '.join(TARGET_FIELDS)}")
        mapping[target] = column.strip()
    return mapping


def read_file(
    source: SourceFile,
    field_map: Mapping[str, str] | None = None,
    advance: Callable[[int], None] | None = None,
) -> Iterator[Article | Failure | Notice]:
    """Yield the articles in one file, a `Failure` for each unreadable part, and `Notice`s.

    *advance*, when given, is called with the number of bytes read so far in
    streamed formats, so that a progress bar moves within a large file.

    An article without a date field gets bounds for a date read from its text
    (`Article.date_latest`, `Article.date_near`): the file's own date, and
    the newest date of the articles before it in the same file.
    """
    newest: dt.date | None = None
    for item in _read_records(source, field_map, advance):
        if isinstance(item, Article):
            if item.date is not None:
                newest = item.date if newest is None else max(newest, item.date)
            else:
                item.date_latest = source.modified
                item.date_near = newest
        yield item


def _read_records(
    source: SourceFile,
    field_map: Mapping[str, str] | None,
    advance: Callable[[int], None] | None,
) -> Iterator[Article | Failure | Notice]:
    fields = _FieldResolver(field_map or {})
    if source.suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(source, fields, advance)
    elif source.suffix in (".csv", ".tsv"):
        yield from _read_csv(source, fields, advance)
    else:
        yield from _read_whole(source, fields)
    if fields.repaired:
        yield Notice(source.display, f"mojibake mended in {fields.repaired} record(s) by ftfy")


def _read_whole(source: SourceFile, fields: _FieldResolver) -> Iterator[Article | Failure | Notice]:
    """Formats read in one piece: one-article files, saved pages and JSON documents."""
    try:
        raw = source.path.read_bytes()
    except OSError as err:
        yield Failure(source.display, f"cannot read file: {err.strerror or err}")
        return
    if not raw.strip():
        yield Failure(source.display, "empty file: no article text")
        return
    if source.suffix in HTML_SUFFIXES:
        yield _read_html(source, raw)
        return
    try:
        text, note = decode_whole(raw)
    except NotTextError as err:
        yield Failure(source.display, str(err))
        return
    if note:
        yield Notice(source.display, note)
    text = unicodedata.normalize("NFC", text)
    if source.suffix in ONE_ARTICLE_SUFFIXES:
        yield from _read_one_article(source, text, markdown=source.suffix != ".txt")
    else:
        yield from _read_json(source, text, fields)


@dataclass(slots=True)
class _Stream:
    """A streamed file: its handle, first bytes, and how its lines are decoded."""

    fh: io.BufferedReader
    head: bytes
    codec: str | None  # a whole-file codec (UTF-16, UTF-32), else lines are decoded one by one
    decoder: LineDecoder

    def raw_lines(self, advance: Callable[[int], None] | None) -> Iterator[bytes]:
        """The file's lines as bytes, ends kept: split at \n, or at \r in old Mac files that have no \n."""
        if b"\n" not in self.head and b"\r" in self.head:
            data = self.fh.read()  # CR-only files come from old Mac tools and are small
            lines: Iterable[bytes] = data.splitlines(keepends=True)
        else:
            lines = self.fh
        return _counted(lines, advance)

    def notices(self, source: SourceFile) -> Iterator[Notice]:
        if self.codec:
            yield Notice(source.display, f"read as {codec_name(self.codec)}")
        note = self.decoder.note()
        if note:
            yield Notice(source.display, note, self.decoder.first_legacy_line)


def _open_stream(source: SourceFile) -> _Stream | Failure:
    """Open a streamed file and find how to decode it (see `decoding`)."""
    try:
        fh = source.path.open("rb")
    except OSError as err:
        return Failure(source.display, f"cannot read file: {err.strerror or err}")
    try:
        head = fh.read(SNIFF_BYTES)
        codec = whole_file_encoding(head)
        fh.seek(0)
    except (OSError, NotTextError) as err:
        fh.close()
        reason = str(err) if isinstance(err, NotTextError) else f"cannot read file: {err.strerror or err}"
        return Failure(source.display, reason)
    if not head.strip():
        fh.close()
        return Failure(source.display, "empty file: no records")
    return _Stream(fh, head, codec, LineDecoder(sample=head))


def _counted(lines: Iterable[bytes], advance: Callable[[int], None] | None) -> Iterator[bytes]:
    """*lines* as they come, telling *advance* every megabyte or so how far reading got."""
    unreported = 0
    for line in lines:
        unreported += len(line)
        if advance and unreported > 1 << 20:
            advance(unreported)
            unreported = 0
        yield line


# -- one article per file ------------------------------------------------------

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING_RE = re.compile(r"^#{1,6}[ \t]+", re.M)
_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)")


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line) <= 200 and not line.rstrip().endswith((".", ",", ";", ":", "”", '"'))


def _read_one_article(source: SourceFile, text: str, markdown: bool) -> Iterator[Article | Failure]:
    meta: dict[str, str] = {}
    if markdown:
        m = _FRONT_MATTER_RE.match(text)
        if m:
            for line in m.group(1).splitlines():
                key, sep, value = line.partition(":")
                if sep:
                    meta[key.strip().lower()] = value.strip().strip("'\"")
            text = text[m.end() :]
    text = text.strip()
    title = meta.get("title", "")
    if markdown and not title:
        first, _, rest = text.partition("\n")
        if first.startswith("# "):
            title, text = first[2:].strip(), rest.strip()
    if not title:
        first, sep, rest = text.partition("\n")
        if sep and rest.startswith("\n") and _looks_like_headline(first.strip()):
            title, text = first.strip(), rest.strip()
    if markdown:
        text = _MD_EMPHASIS_RE.sub("", _MD_LINK_RE.sub(r"\1", _MD_HEADING_RE.sub("", text)))
    if not text and not title:
        yield Failure(source.display, "empty file: no article text")
        return
    mended_title, mended_text = repair_mojibake(title), repair_mojibake(text)
    if (mended_title, mended_text) != (title, text):
        title, text = mended_title, mended_text
        yield Notice(source.display, "mojibake mended by ftfy")
    yield Article(
        id=meta.get("id") or source.rel,
        generated_id=not meta.get("id"),
        title=title,
        body=text,
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        date=parse_date(meta.get("date")),
        lang=(meta.get("lang") or "").lower() or None,
        category=meta.get("category") or None,
        path=source.key,
    )


# -- saved news pages ------------------------------------------------------------


def _read_html(source: SourceFile, raw: bytes) -> Article | Failure:
    """The article in a saved news page, without navigation, ads and footers.

    trafilatura finds the main text and the page's metadata (title, date,
    site name, canonical URL); it also works out the page's encoding.
    """
    try:
        import trafilatura
    except ImportError:
        return Failure(source.display, "reading HTML needs trafilatura: pip install 'warta[html]'")
    try:
        page = trafilatura.bare_extraction(raw, with_metadata=True, favor_precision=True)
    except Exception as err:  # a page the extractor cannot parse is one failure, not a crash
        return Failure(source.display, f"cannot extract the article from this page ({type(err).__name__})")
    text = (getattr(page, "text", None) or "").strip() if page else ""
    if not text:
        return Failure(source.display, "no article text found in the page")
    title = (page.title or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest.strip()  # the extractor repeats the headline as the first line
    return Article(
        id=source.rel,
        generated_id=True,
        title=repair_mojibake(title),
        body=unicodedata.normalize("NFC", repair_mojibake(text)),
        source=page.sitename or page.hostname or None,
        url=page.url or None,
        date=parse_date(page.date),
        lang=(page.language or "").lower() or None,
        path=source.key,
    )


# -- one article per record ----------------------------------------------------


_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class _FieldResolver:
    """Finds, for each target field, which key of a record holds it."""

    def __init__(self, overrides: Mapping[str, str]) -> None:
        self.overrides = {k: v.lower() for k, v in overrides.items()}
        self._plans: dict[tuple[str, ...], dict[str, str]] = {}
        self.repaired = 0  # records whose text had mojibake mended

    def plan(self, keys: Iterable[str]) -> dict[str, str]:
        """Map target field -> record key for records having these keys."""
        keys = tuple(keys)
        plan = self._plans.get(keys)
        if plan is None:
            lowered = {k.strip().lower(): k for k in keys if isinstance(k, str)}
            plan = {}
            for target, names in DEFAULT_FIELD_NAMES.items():
                # A --field name is tried first; the usual names still apply to
                # files that do not have it.
                wanted = (self.overrides[target], *names) if target in self.overrides else names
                for name in wanted:
                    if name in lowered:
                        plan[target] = lowered[name]
                        break
            self._plans[keys] = plan
        return plan

    def article(
        self, record: Mapping[str, object], source: SourceFile, number: int, line: int | None
    ) -> Article | str:
        """Build the article for one record, or return why it cannot be built."""
        plan = self.plan(record.keys())
        mended = False

        def get(target: str) -> str:
            nonlocal mended
            value = record.get(plan[target]) if target in plan else None
            if value is None:
                return ""
            # JSON may carry half of a surrogate pair ("\ud83d"), which no UTF-8
            # index can store: it becomes U+FFFD, the replacement character.
            text = _LONE_SURROGATE_RE.sub("\ufffd", str(value))
            if not text.isascii():
                repaired = repair_mojibake(text)
                mended = mended or repaired != text
                text = repaired
            return unicodedata.normalize("NFC", text).strip()

        title, body = get("title"), get("body")
        if not body and not title:
            if "body" not in plan and "title" not in plan:
                return "no title or body field (use --field body=NAME to name it)"
            return "record has no title or body text"
        record_id = get("id")
        article = Article(
            id=record_id or f"{source.rel}#{number}",
            generated_id=not record_id,
            line=line,
            title=title,
            body=body,
            source=get("source") or None,
            url=get("url") or None,
            date=parse_date(get("date")),
            lang=get("lang").lower() or None,
            category=get("category") or None,
            path=source.key,
            record=number,
        )
        self.repaired += mended
        return article


def _read_jsonl(
    source: SourceFile, fields: _FieldResolver, advance: Callable[[int], None] | None
) -> Iterator[Article | Failure | Notice]:
    """Stream a JSON-lines file: one line in memory at a time, a bad line costs only itself."""
    stream = _open_stream(source)
    if isinstance(stream, Failure):
        yield stream
        return
    decoder = stream.decoder
    number = 0
    with stream.fh:
        # Split on \n only: str.splitlines() would also split inside records
        # at U+2028 and other separators that JSON strings may contain raw.
        lines: Iterable[bytes | str] = (
            io.TextIOWrapper(stream.fh, encoding=stream.codec, errors="replace", newline="\n")
            if stream.codec
            else stream.raw_lines(advance)
        )
        for lineno, raw in enumerate(lines, start=1):
            if lineno == 1 and isinstance(raw, bytes):
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            number += 1
            try:
                try:
                    record = json.loads(raw)
                    if not raw.isascii():
                        decoder.utf8_lines += 1  # for the note on files that mix encodings
                except UnicodeDecodeError:
                    assert isinstance(raw, bytes)
                    record = json.loads(decoder.decode(raw, lineno))
            except (ValueError, RecursionError) as err:
                yield Failure(source.display, _json_error(err), lineno, number)
                continue
            yield _record_article(record, source, number, lineno, fields)
    yield from stream.notices(source)
    if not number:
        yield Failure(source.display, "empty file: no records")


def _read_json(source: SourceFile, text: str, fields: _FieldResolver) -> Iterator[Article | Failure]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        yield Failure(source.display, _json_error(err), getattr(err, "lineno", None))
        return
    if isinstance(data, dict) and not fields.plan(data.keys()).keys() & {"body", "title"}:
        # An envelope such as {"articles": [...]}: use its first list of objects.
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        data = lists[0] if lists else data
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        yield _record_article(record, source, number, None, fields)


def _json_error(err: Exception) -> str:
    """Why JSON could not be read, in a few words."""
    if isinstance(err, json.JSONDecodeError):
        return f"malformed JSON ({err.msg})"
    if isinstance(err, RecursionError):
        return "malformed JSON (nested too deeply)"
    return f"JSON that cannot be read ({str(err).partition(';')[0]})"  # e.g. an integer of 5,000 digits


def _record_article(
    record: object, source: SourceFile, number: int, line: int | None, fields: _FieldResolver
) -> Article | Failure:
    if not isinstance(record, dict):
        return Failure(source.display, f"record {number} is not a JSON object", line, number)
    result = fields.article(record, source, number, line)
    if isinstance(result, str):
        return Failure(source.display, f"record {number}: {result}", line, number)
    return result


def _read_csv(
    source: SourceFile, fields: _FieldResolver, advance: Callable[[int], None] | None
) -> Iterator[Article | Failure | Notice]:
    """Stream a CSV or TSV file: rows are read as they come, whatever the file's size."""
    stream = _open_stream(source)
    if isinstance(stream, Failure):
        yield stream
        return
    with stream.fh:
        lines: Iterator[str] = (
            iter(io.TextIOWrapper(stream.fh, encoding=stream.codec, errors="replace", newline=""))
            if stream.codec
            else stream.decoder.lines(stream.raw_lines(advance))
        )
        header_line = next(lines, "").removeprefix("\ufeff")
        delimiter, unusual = _csv_delimiter(source, header_line, fields)
        if unusual:
            yield Notice(source.display, f"columns taken as separated by {delimiter!r}", 1)
        # strict: a stray quote is an error, not a field that swallows the rest of the file
        reader = csv.reader(itertools.chain([header_line], lines), delimiter=delimiter, strict=True)
        yield from _csv_rows(source, reader, fields)
    yield from stream.notices(source)


def _csv_delimiter(source: SourceFile, header_line: str, fields: _FieldResolver) -> tuple[str, bool]:
    """The delimiter, and whether it is an unusual one."""
    if source.suffix == ".tsv":
        return "\t", False
    # Decide on the header line alone: bodies are full of commas and
    # semicolons, the header of a well-formed export is not.
    delimiter = max(",;\t|", key=header_line.count)
    if header_line.count(delimiter):
        return delimiter, False
    # None of the usual four.  One column is fine when it names a title or a
    # body; else the punctuation that splits the header into columns naming
    # one (title^body^date) is taken, the most frequent first.
    header = header_line.strip()
    if _names_text(fields, [header]):
        return ",", False
    marks = sorted({c for c in header if not c.isalnum() and not c.isspace()}, key=header.count, reverse=True)
    for mark in marks:
        if _names_text(fields, next(csv.reader([header], delimiter=mark))):
            return mark, True
    return ",", False  # one column; the header check below says what is missing


def _names_text(fields: _FieldResolver, names: list[str]) -> bool:
    return bool(fields.plan([n.strip() for n in names]).keys() & {"body", "title"})


def _csv_rows(
    source: SourceFile, reader: Iterator[list[str]], fields: _FieldResolver
) -> Iterator[Article | Failure | Notice]:
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield Failure(source.display, "no header row")
        return
    names = [h.strip() for h in header]
    plan = fields.plan(names)
    if not plan.keys() & {"body", "title"}:
        yield Failure(
            source.display,
            f"no title or body column among {', '.join(n for n in names if n)[:200]} "
            "(use --field body=NAME to name it)",
            1,
        )
        return
    number = 0
    ragged, first_ragged = 0, 0
    while True:
        line = reader.line_num + 1  # type: ignore[attr-defined]
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                # A quote opened and never closed: every row after it is lost
                # in one field.  Report the file, so that nothing is deleted.
                yield Failure(
                    source.display, f"malformed CSV: a quote opened here is never closed ({err})", line
                )
                return
            number += 1  # counted, so that one broken row shifts no later id
            yield Failure(source.display, f"malformed CSV ({err})", line, number)
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) != len(names):
            ragged += 1
            first_ragged = first_ragged or line
        record = dict(zip(names, row, strict=False))  # ragged rows: missing cells are empty
        result = fields.article(record, source, number, line)
        if isinstance(result, str):
            yield Failure(source.display, f"record {number}: {result}", line, number)
        else:
            yield result
    if ragged:
        yield Notice(
            source.display,
            f"{ragged} row(s) with more or fewer cells than the header's {len(names)}: "
            "missing cells read as empty, extra ones left out",
            first_ragged,
        )
    if not number:
        # as an empty JSON-lines file: most likely an export cut short, so what
        # was indexed from the file is kept rather than deleted
        yield Failure(source.display, "no records after the header row")
