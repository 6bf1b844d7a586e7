"""A corpus of broken and awkward files, one per kind of trouble scraped folders bring.

`build(folder)` writes it and returns what ingest should make of each file:
`Kind.outcome` is "failed" (reported as a failure, nothing indexed from it),
"note" (indexed, with a note saying what was repaired or guessed) or "read"
(indexed without comment), and `Kind.expect` a piece of the message.  The
good files beside them must all be indexed.  Used by tests/test_bad_input.py
and benchmarks/bad_input.py.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

GOOD_IDS = ["baik-1", "baik-2", "baik-3", "baik.txt"]


@dataclass(frozen=True)
class Kind:
    name: str  # file (or folder) name in the corpus
    what: str  # the trouble, for the report
    outcome: str  # "failed", "note" or "read"
    expect: str  # a piece of the failure or note message ("" for "read")
    ids: tuple[str, ...] = ()  # articles that must be indexed from it
    line: int | None = None  # the line the message must name


def _jsonl(records: list[dict[str, str]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _record(n: str, body: str, title: str = "") -> dict[str, str]:
    return {"id": n, "title": title or f"Berita {n}", "body": body}


def build(folder: Path) -> list[Kind]:
    """Write the corpus into *folder* (created) and return the kinds it holds."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds: list[Kind] = []

    def add(kind: Kind, content: bytes | str | None = None) -> None:
        if isinstance(content, str):
            (folder / kind.name).write_text(content, "utf-8")
        elif content is not None:
            (folder / kind.name).write_bytes(content)
        kinds.append(kind)

    # The good files: all of them must be indexed.
    (folder / "baik.jsonl").write_text(
        _jsonl([_record(f"baik-{n}", f"Petani menanam padi di sawah nomor {n}.") for n in (1, 2, 3)]), "utf-8"
    )
    (folder / "baik.txt").write_text(
        "Nelayan Pulang Melaut\n\nNelayan pulang membawa ikan tongkol.\n", "utf-8"
    )

    rng = random.Random(8)
    # -- not text at all
    add(
        Kind("acak.txt", "random binary bytes", "failed", "binary data, not text"),
        bytes(rng.randrange(256) for _ in range(4096)),
    )
    add(
        Kind("laporan.txt", "a PDF saved as .txt", "failed", "this is a PDF document"),
        b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
    )
    add(
        Kind("arsip.jsonl", "a gzip archive named .jsonl", "failed", "gzip archive; decompress it first"),
        gzip.compress(_jsonl([_record("gz-1", "Isi terkompresi.")]).encode()),
    )
    add(
        Kind("foto.csv", "a JPEG named .csv", "failed", "this is a JPEG image"),
        b"\xff\xd8\xff\xe0\x00\x10JFIF" * 20,
    )
    add(
        Kind("halaman.html", "binary bytes named .html", "failed", "no article text found in the page"),
        bytes(rng.randrange(1, 256) for _ in range(2048)),
    )
    add(
        Kind(
            "palsu-bom.txt", "a UTF-16 byte-order mark followed by garbage", "failed", "not valid UTF-16 text"
        ),
        b"\xff\xfe broken now",
    )
    # -- text in other encodings: read, and said
    cp1252 = "Warga Mengungsi\n\n\u201cKami takut,\u201d kata warga di tepi sungai \u2013 Cipinang.\n"
    add(
        Kind(
            "cp1252.txt",
            "Windows-1252 with curly quotes and a dash",
            "note",
            "read as cp1252",
            ("cp1252.txt",),
        ),
        cp1252.encode("cp1252"),
    )
    add(
        Kind("latin1.md", "Latin-1 Markdown", "note", "not UTF-8", ("latin1.md",)),
        "# Kafe Baru\n\nSebuah café baru dibuka di Menteng; pemiliknya orang Málaga.\n".encode("latin-1"),
    )
    add(
        Kind("utf16.txt", "UTF-16 with a byte-order mark", "note", "read as UTF-16", ("utf16.txt",)),
        "Gempa Guncang Lombok\n\nGempa bermagnitudo 5,2 mengguncang Lombok Timur.\n".encode("utf-16"),
    )
    add(
        Kind(
            "utf16.tsv",
            "UTF-16 TSV, as Excel saves 'Unicode text'",
            "note",
            "read as UTF-16",
            ("utf16.tsv#1",),
        ),
        "judul\tisi\nHarga Cabai Naik\tHarga cabai rawit di pasar induk naik tajam.\n".encode("utf-16"),
    )
    add(
        Kind(
            "utf16-tanpa-bom.txt",
            "UTF-16 without a byte-order mark",
            "note",
            "read as UTF",
            ("utf16-tanpa-bom.txt",),
        ),
        "Banjir Bandang\n\nBanjir bandang menerjang tiga desa di Garut setelah hujan deras.\n".encode(
            "utf-16-le"
        ),
    )
    mixed = (
        json.dumps(_record("campur-1", "Harga kopi di café itu naik."), ensure_ascii=False).encode("utf-8")
        + b"\n"
        + json.dumps(_record("campur-2", "Harga teh di caf\u00e9 lain turun."), ensure_ascii=False).encode(
            "cp1252"
        )
        + b"\n"
    )
    add(
        Kind(
            "campur.jsonl",
            "UTF-8 and Windows-1252 lines in one file",
            "note",
            "mixed encodings",
            ("campur-1", "campur-2"),
            2,
        ),
        mixed,
    )
    add(
        Kind("bom.csv", "a UTF-8 byte-order mark before the header", "read", "", ("bom.csv#1",)),
        "\ufefftitle,body\nPanen Raya,Petani di Karawang memulai panen raya.\n".encode(),
    )
    add(
        Kind(
            "mojibake.jsonl",
            "UTF-8 that was decoded as Windows-1252 or Mac Roman and saved again",
            "note",
            "mojibake mended in 2 record(s)",
            ("mojibake-1", "mojibake-2"),
        ),
        _jsonl(
            [
                _record("mojibake-1", "Pengunjung cafÃ© itu berkata â€œenakâ€\x9d."),
                # UTF-8 read as Mac Roman, as a fifth of id-news is
                _record("mojibake-2", "Warga Kecamatan¬†Sumur diperiksa Dr Filem√≥n ‚Äì dokter relawan."),
            ]
        ),
    )
    add(
        Kind("cr.txt", "old Mac line endings (CR only)", "read", "", ("cr.txt",)),
        "Hujan Es\r\rHujan es turun di Bogor sore ini.\r",
    )
    # -- empty
    add(Kind("kosong.txt", "an empty file", "failed", "empty file"), b"")
    add(Kind("kosong.jsonl", "a JSON-lines file of blank lines", "failed", "empty file"), "\n  \n\n")
    # -- broken structure
    add(
        Kind(
            "rusak.jsonl", "JSON lines, some malformed", "failed", "malformed JSON", ("rusak-1", "rusak-4"), 2
        ),
        _jsonl([_record("rusak-1", "Baris pertama utuh.")])
        + '{"id": "rusak-2", "body": "terpotong\n'
        + "[1, 2, 3]\n"
        + _jsonl([_record("rusak-4", "Baris keempat utuh.")]),
    )
    add(
        Kind("dalam.json", "JSON nested too deeply for any parser", "failed", "nested too deeply"),
        "[" * 200_000,
    )
    add(
        Kind(
            "nul.jsonl", "a NUL byte inside one JSON line", "failed", "malformed JSON", ("nul-1", "nul-3"), 2
        ),
        _jsonl([_record("nul-1", "Baris pertama.")])
        + '{"id": "nul-2", "body": "ada \x00 di sini"}\n'
        + _jsonl([_record("nul-3", "Baris ketiga.")]),
    )
    add(
        Kind("angka.jsonl", "a number of 5,000 digits", "failed", "cannot be read", ("angka-2",), 1),
        '{"id": "angka-1", "body": "x", "n": '
        + "7" * 5000
        + "}\n"
        + _jsonl([_record("angka-2", "Angka wajar.")]),
    )
    add(
        Kind("mac.csv", "CSV with old Mac line endings (CR only)", "read", "", ("mac.csv#1", "mac.csv#2")),
        "title,body\rBerita Satu,Isi berita satu.\rBerita Dua,Isi berita dua.\r",
    )
    add(
        Kind("kepala.csv", "CSV with a header and no rows", "failed", "no records after the header row"),
        "title,body\n",
    )
    add(
        Kind("potong.json", "a JSON array cut off half-way", "failed", "malformed JSON"),
        '[{"id": "p-1", "body": "ada"},\n{"id": ',
    )
    add(
        Kind("teks.json", "a JSON file holding a bare string", "failed", "is not a JSON object"),
        '"hanya teks"',
    )
    add(
        Kind(
            "pincang.csv",
            "CSV rows with missing and extra cells",
            "note",
            "more or fewer cells",
            ("pincang.csv#1", "pincang.csv#2", "pincang.csv#3"),
            3,
        ),
        "title,body,date\nSatu,Isi satu,2020-01-01\nDua,Isi dua\nTiga,Isi tiga,2020-01-03,lebih\n",
    )
    add(
        Kind("caret.csv", "CSV separated by ^", "note", "separated by '^'", ("caret.csv#1",)),
        "title^body^date\nPemilu Damai^KPU mengajak warga menjaga pemilu damai.^2019-04-01\n",
    )
    add(
        Kind("kolom.csv", "CSV whose columns have no usable names", "failed", "no title or body column"),
        "a;b;c\n1;2;3\n",
    )
    add(
        Kind("kutip.csv", "CSV with a quote never closed", "failed", "never closed"),
        'title,body\nAman,Baris aman.\n"Rusak,Baris ini membuka kutip\nLain,Baris lain.\n',
    )
    add(
        Kind("kendali.jsonl", "control characters and NUL inside JSON strings", "read", "", ("kendali-1",)),
        _jsonl([_record("kendali-1", "Teks dengan\u0000NUL,\u0007bel dan\u001bescape di dalamnya.")]),
    )
    # -- file-system trouble
    (folder / "mati.txt").symlink_to(folder / "tidak-ada.txt")
    kinds.append(Kind("mati.txt", "a link to a file that is gone", "failed", "cannot read"))
    (folder / "diri.txt").symlink_to(folder / "diri.txt")
    kinds.append(Kind("diri.txt", "a link to itself", "failed", "cannot read"))
    os.mkfifo(folder / "pipa.jsonl")
    kinds.append(Kind("pipa.jsonl", "a named pipe", "failed", "not a regular file"))
    sub = folder / "sub"
    sub.mkdir()
    (sub / "dalam.txt").write_text("Jalan Rusak\n\nJalan desa rusak parah sejak Januari.\n", "utf-8")
    (sub / "balik").symlink_to(folder, target_is_directory=True)
    kinds.append(
        Kind(
            "sub/balik",
            "a link back to a folder above (a loop)",
            "failed",
            "a loop: not followed",
            ("sub/dalam.txt",),
        )
    )
    raw_name = os.fsencode(folder) + b"/berita-caf\xe9.txt"  # a name that is not UTF-8
    with open(raw_name, "wb") as fh:
        fh.write(b"Nama Berkas Aneh\n\nBerkas ini bernama dengan byte Latin-1.\n")
    kinds.append(
        Kind(
            "berita-caf\ufffd.txt",
            "a file name that is not valid UTF-8",
            "read",
            "",
            ("berita-caf\ufffd.txt",),
        )
    )
    return kinds
