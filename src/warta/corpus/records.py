"""Files that hold one article per record: JSON lines, JSON, CSV and TSV.

JSON lines and CSV are streamed, a line at a time, so a file of any size is
read in little memory and a bad line costs only its own record.  A JSON file
is an object, a list of objects, or an object holding such a list (an
envelope such as ``{"articles": [...]}``).  A CSV's delimiter is read from its
header line; rows with more or fewer cells than the header are read and noted.
Fields are found by name (`fields.FieldResolver`).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..model import Article, Failure, Notice, SourceFile
from .decoding import SNIFF_BYTES, LineDecoder, NotTextError, codec_name, whole_file_encoding
from .fields import FieldResolver

csv.field_size_limit(sys.maxsize)


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


def read_jsonl(
    source: SourceFile, fields: FieldResolver, advance: Callable[[int], None] | None
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


def read_json(source: SourceFile, text: str, fields: FieldResolver) -> Iterator[Article | Failure]:
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
    record: object, source: SourceFile, number: int, line: int | None, fields: FieldResolver
) -> Article | Failure:
    if not isinstance(record, dict):
        return Failure(source.display, f"record {number} is not a JSON object", line, number)
    result = fields.article(record, source, number, line)
    if isinstance(result, str):
        return Failure(source.display, f"record {number}: {result}", line, number)
    return result


def read_csv(
    source: SourceFile, fields: FieldResolver, advance: Callable[[int], None] | None
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


def _csv_delimiter(source: SourceFile, header_line: str, fields: FieldResolver) -> tuple[str, bool]:
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


def _names_text(fields: FieldResolver, names: list[str]) -> bool:
    return bool(fields.plan([n.strip() for n in names]).keys() & {"body", "title"})


def _csv_rows(
    source: SourceFile, reader: Iterator[list[str]], fields: FieldResolver
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
