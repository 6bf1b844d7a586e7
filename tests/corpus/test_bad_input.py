"""Bad input: every kind of broken file is reported in one line, the rest is indexed, nothing is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bad_corpus import GOOD_IDS, build
from conftest import ingest_report
from warta import engine


def _matching(entries: list[dict[str, object]], name: str) -> list[dict[str, object]]:
    return [e for e in entries if str(e["path"]).endswith("/" + name)]


def test_every_kind_of_bad_file_is_reported_and_every_good_file_indexed(tmp_path: Path):
    corpus = tmp_path / "corpus"
    kinds = build(corpus)
    assert len(kinds) >= 20
    code, report, stderr = ingest_report(corpus, tmp_path / "ix")
    assert code == 1  # done, but some input failed
    failures, notices = report["failures"], report["notices"]
    indexed = engine.open_index(tmp_path / "ix").inventory()
    for kind in kinds:
        failed, noted = _matching(failures, kind.name), _matching(notices, kind.name)
        if kind.outcome == "failed":
            assert failed and any(kind.expect in str(f["reason"]) for f in failed), (kind.name, failed)
        else:
            assert not failed, (kind.name, failed)
        if kind.outcome == "note":
            assert any(kind.expect in str(n["reason"]) for n in noted), (kind.name, noted)
        if kind.line is not None:
            assert any(e["line"] == kind.line for e in failed + noted), (kind.name, failed + noted)
        for doc_id in kind.ids:
            assert doc_id in indexed, (kind.name, doc_id)
    for doc_id in GOOD_IDS:
        assert doc_id in indexed
    # One line per failure and per note on stderr, each naming its file.
    lines = stderr.splitlines()
    assert len([x for x in lines if x.startswith("warta: failed: ")]) == len(failures)
    assert len([x for x in lines if x.startswith("warta: note: ")]) == len(notices)


def test_bad_files_lose_nothing_already_indexed(tmp_path: Path):
    corpus = tmp_path / "corpus"
    build(corpus)
    index = tmp_path / "ix"
    ingest_report(corpus, index)
    before = engine.open_index(index).inventory()
    # Files that were good break: their articles stay, and the failures are reported again.
    (corpus / "baik.jsonl").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "baik.txt").write_bytes(b"")
    code, report, _ = ingest_report(corpus, index)
    assert code == 1 and report["deleted"] == 0
    assert _matching(report["failures"], "baik.jsonl") and _matching(report["failures"], "baik.txt")
    assert engine.open_index(index).inventory() == before


def _refuse_like_the_kernel(monkeypatch: pytest.MonkeyPatch, *refused: Path) -> None:
    """As root, which reads whatever the permissions say, refuse *refused* as the kernel refuses others."""
    if os.geteuid() != 0:
        return
    real_scandir, real_read_bytes = os.scandir, Path.read_bytes

    def check(path: object) -> None:
        if Path(os.fsdecode(path)) in refused:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]

    def scandir(path: object = ".") -> object:
        check(path)
        return real_scandir(path)  # type: ignore[arg-type]

    def read_bytes(self: Path) -> bytes:
        check(self)
        return real_read_bytes(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_unreadable_files_and_folders_are_reported_and_keep_their_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    corpus, index = tmp_path / "corpus", tmp_path / "ix"
    build(corpus)
    ingest_report(corpus, index)
    (corpus / "baik.txt").chmod(0)
    (corpus / "sub").chmod(0)
    os.utime(corpus / "baik.txt")  # changed since the last run, so that it is read again
    try:
        with monkeypatch.context() as patch:
            _refuse_like_the_kernel(patch, corpus / "baik.txt", corpus / "sub")
            code, report, _ = ingest_report(corpus, index)
    finally:
        (corpus / "baik.txt").chmod(0o644)
        (corpus / "sub").chmod(0o755)
    assert code == 1 and report["deleted"] == 0, report
    assert any("Permission denied" in str(f["reason"]) for f in _matching(report["failures"], "baik.txt"))
    assert any("cannot read folder" in str(f["reason"]) for f in _matching(report["failures"], "sub"))
    assert {"baik.txt", "sub/dalam.txt"} <= engine.open_index(index).inventory().keys()
