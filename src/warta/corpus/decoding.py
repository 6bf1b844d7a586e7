"""From the bytes of a corpus file to text: encodings, files that are not text, mojibake.

Scraped corpora arrive in every encoding.  A file is read as UTF-8 when it is
UTF-8 (with or without a byte-order mark); UTF-16 and UTF-32 are recognised by
their byte-order mark or, without one, by charset-normalizer.  Other bytes are
decoded line by line: a line that is valid UTF-8 stays UTF-8, the others are
read in the legacy encoding charset-normalizer finds for them, so a file that
mixes the two (an export appended to by two tools) loses neither.  Western
code pages decode most Latin text equally well; when Windows-1252 is among the
best candidates it is taken, because it is what Indonesian and English text
not in UTF-8 almost always is (charset-normalizer alone ranked the Baltic
cp775 first for ``turnbackhoax/Scrapping.csv``, whose quotes are cp1252's).

Mojibake, UTF-8 that was once decoded in the wrong encoding and saved again
(``â€œ``, or ``¬†`` and ``‚Äî`` from Mac Roman), is repaired by ftfy.  ftfy's
own check for it costs 9 s on the 42 MB of id-news, so a regular expression
for the character pairs such text always contains picks the texts worth
handing to it: 8,547 of id-news's 46,092 titles and bodies (0.75 s), of which
ftfy mends 8,434, mostly Mac Roman non-breaking spaces.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Checked longest first: a UTF-32 little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The opening bytes of formats people save under a text name by mistake.
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or Excel file)"),
    (b"\x1f\x8b", "a gzip archive; decompress it first"),
    (b"BZh", "a bzip2 archive; decompress it first"),
    (b"\xfd7zXZ\x00", "an xz archive; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)

# How much of a file is looked at to tell what it is.
SNIFF_BYTES = 1 << 16


class NotTextError(ValueError):
    """The file is binary data, not text: ``str(err)`` says what it seems to be."""


def whole_file_encoding(head: bytes) -> str | None:
    """The codec the whole file must be read with, or None to read it line by line.

    *head* is the file's first bytes (`SNIFF_BYTES`).  Raises `NotTextError`
    for binary data.
    """
    for mark, codec in _BYTE_ORDER_MARKS:
        if head.startswith(mark):
            if codec == "utf-8-sig":
                return None
            try:  # the mark can be chance: the text after it must decode (a last character may be cut)
                codecs.getincrementaldecoder(codec)("strict").decode(head, final=False)
            except UnicodeDecodeError:
                name = codec_name(codec)
                raise NotTextError(
                    f"starts with a {name} byte-order mark but is not valid {name} text"
                ) from None
            return codec
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise NotTextError(f"binary data, not text: this is {what}")
    if head.count(b"\x00") > len(head) // 100:
        # Text in UTF-16 or UTF-32 without a byte-order mark is full of NULs
        # (every ASCII letter has one); other data with many NULs is not text.
        # A stray NUL or two is left to the format's reader: it costs a line.
        import charset_normalizer

        best = charset_normalizer.from_bytes(head).best()
        if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
            return best.encoding
        raise NotTextError("binary data, not text (it holds NUL bytes)")
    controls = sum(head.count(bytes([c])) for c in _CONTROL_BYTES)
    if head and controls > len(head) // 20:
        raise NotTextError("binary data, not text (too many control characters)")
    return None


# Control bytes other than tab, newlines, form feed and escape: rare in any text.
_CONTROL_BYTES = [c for c in range(32) if c not in (9, 10, 12, 13, 27)]


def legacy_encoding(sample: bytes) -> str:
    """The encoding of text that is not UTF-8, judged from *sample* (its non-UTF-8 lines)."""
    import charset_normalizer

    matches = charset_normalizer.from_bytes(sample[: 1 << 18])
    best = matches.best()
    if best is None:
        return "cp1252"
    for match in matches:
        if (
            "cp1252" in match.could_be_from_charset
            and match.chaos <= best.chaos + 0.02
            and match.coherence >= best.coherence - 0.05
        ):
            return "cp1252"
    return best.encoding


@dataclass(slots=True)
class LineDecoder:
    """Decodes one file's lines: UTF-8 where they are UTF-8, a legacy encoding where not.

    *sample* is the start of the file; the legacy encoding is chosen from its
    lines that are not UTF-8, or from the first such line met later.
    """

    sample: bytes = b""
    encoding: str | None = None  # the legacy encoding, once chosen
    utf8_lines: int = 0  # lines with non-ASCII text that were valid UTF-8
    legacy_lines: int = 0
    first_legacy_line: int | None = None
    _checked_sample: bool = field(default=False, repr=False)

    def decode(self, raw: bytes, lineno: int) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not raw.isascii():
                self.utf8_lines += 1
            return text
        if self.encoding is None:
            self.encoding = legacy_encoding(self._legacy_sample() or raw)
        self.legacy_lines += 1
        if self.first_legacy_line is None:
            self.first_legacy_line = lineno
        return raw.decode(self.encoding, "replace")

    def _legacy_sample(self) -> bytes:
        if self._checked_sample:
            return b""
        self._checked_sample = True
        return b"\n".join(line for line in self.sample.split(b"\n")[:-1] if not _is_utf8(line))

    def note(self) -> str | None:
        """One line on what was done, or None when the file was plain UTF-8."""
        if not self.legacy_lines:
            return None
        if self.utf8_lines:
            return (
                f"mixed encodings: {self.legacy_lines} line(s) read as {self.encoding} (the first here), "
                f"{self.utf8_lines} as UTF-8"
            )
        return f"not UTF-8: read as {self.encoding}"

    def lines(self, raw_lines: Iterable[bytes]) -> Iterable[str]:
        for lineno, raw in enumerate(raw_lines, start=1):
            yield self.decode(raw, lineno)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_whole(raw: bytes) -> tuple[str, str | None]:
    """A whole file's text, and a note when it was not plain UTF-8 (see `LineDecoder.note`).

    Raises `NotTextError` for binary data.
    """
    codec = whole_file_encoding(raw[:SNIFF_BYTES])
    if codec is not None:
        try:
            return raw.decode(codec), f"read as {codec_name(codec)}"
        except UnicodeDecodeError as err:
            raise NotTextError(f"not valid {codec_name(codec)} text after byte {err.start}") from None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    decoder = LineDecoder(sample=raw[: 1 << 20] + b"\n")
    text = "".join(decoder.lines(raw.splitlines(keepends=True)))
    return text, decoder.note()


def codec_name(codec: str) -> str:
    """A codec as people name it: UTF-16, UTF-16 little-endian."""
    return codec.upper().replace("_", "-").replace("-LE", " little-endian").replace("-BE", " big-endian")


# Character pairs that UTF-8 read as Windows-1252 or Latin-1 (a lead byte
# Â-ô, then a continuation byte) or as Mac Roman (‚Ä, √ then a letter, ¬†)
# leaves behind; text without any of them has no mojibake for ftfy to mend.
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|\u201a\u00c4|\u221a[\u00a0-\u00ff]|\u00ac\u2020"
)


_WORD_RE = re.compile(r"[^ \t\n]+")


def repair_mojibake(text: str) -> str:
    """*text* with mojibake undone by ftfy (its encoding fixes only: quotes and widths are kept).

    ftfy reads a whole text to decide how it was garbled, which costs about
    3 ms for a news article; it is given only the article's words that are
    not ASCII, joined by spaces (the same evidence, 4x faster), and their
    mended forms are put back in place.  On 3,000 id-news texts the result
    is identical to mending the whole text.
    """
    if not _MOJIBAKE_RE.search(text):
        return text
    import ftfy

    # Only words with a character outside ASCII can hold mojibake.
    spans = [m.span() for m in _WORD_RE.finditer(text) if not m.group().isascii()]
    words = [text[start:end] for start, end in spans]
    mended = ftfy.fix_encoding(" ".join(words)).split(" ")
    if len(mended) != len(words):  # a repair that made or took away spaces
        return ftfy.fix_encoding(text)
    pieces, last = [], 0
    for (start, end), word in zip(spans, mended, strict=True):
        pieces += [text[last:start], word]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
