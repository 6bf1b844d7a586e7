"""Files left out of a corpus: README and licence files by default, --exclude, .wartaignore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import warta
from conftest import ingest_json, invoke, search_ids
from warta.errors import EXIT_NO_RESULTS, EXIT_OK, EXIT_USAGE


def _export(folder: Path) -> Path:
    """An export as people get them: articles, and the notes that came with them."""
    (folder / "berita").mkdir(parents=True)
    (folder / "berita" / "banjir.txt").write_text("Banjir di Bekasi\n\nBanjir merendam Bekasi.", "utf-8")
    (folder / "berita" / "changes-to-tax-law.txt").write_text("Pajak baru\n\nPajak karbon berlaku.", "utf-8")
    (folder / "README.md").write_text("# Dataset\n\nHow to cite this dataset of banjir news.", "utf-8")
    (folder / "berita" / "README.TXT").write_text("Columns: title, body. Banjir etc.", "utf-8")
    (folder / "LICENSE-data.txt").write_text("Creative Commons banjir licence.", "utf-8")
    (folder / "CHANGELOG.md").write_text("v2: more banjir.", "utf-8")
    (folder / "SOURCE.txt").write_text("Scraped from detik.com in 2025, banjir included.", "utf-8")
    return folder


def test_readme_licence_and_changelog_files_are_left_out_by_default(tmp_path: Path):
    data = _export(tmp_path / "data")
    index = tmp_path / "ix"
    code, report = ingest_json(str(data), "--index", str(index))
    assert code == EXIT_OK
    assert report["excluded_files"] == 4
    assert report["excluded"] == {"README, licence or changelog (by default)": 4}
    assert sorted(search_ids(index, "banjir")) == ["SOURCE.txt", "berita/banjir.txt"]
    assert search_ids(index, "pajak") == ["berita/changes-to-tax-law.txt"]  # a name that only starts alike


def test_exclude_patterns_leave_out_more_and_the_summary_says_why(tmp_path: Path):
    data = _export(tmp_path / "data")
    index = tmp_path / "ix"
    result = invoke(
        "ingest", str(data), "--index", str(index), "--exclude", "SOURCE*", "--exclude", "berita/c*"
    )
    assert result.exit_code == EXIT_OK
    assert "6 left out" in result.stdout
    assert (
        "Left out 6 files: 4 README, licence or changelog (by default), 1 matching --exclude SOURCE*, "
        "1 matching --exclude berita/c*" in result.stdout
    )
    assert search_ids(index, "banjir") == ["berita/banjir.txt"]
    assert search_ids(index, "pajak") == []


def test_wartaignore_at_the_root_applies_and_can_take_a_default_back(tmp_path: Path):
    data = _export(tmp_path / "data")
    (data / ".wartaignore").write_text("# notes of the export\nSOURCE.txt\n!README.md\n\n!\n", "utf-8")
    index = tmp_path / "ix"
    code, report = ingest_json(str(data), "--index", str(index))
    assert report["excluded"] == {
        "README, licence or changelog (by default)": 3,
        "matching .wartaignore's SOURCE.txt": 1,
    }
    assert sorted(search_ids(index, "banjir")) == ["README.md", "berita/banjir.txt"]
    # a line that is not a pattern is reported where it is; the others still apply
    assert code == EXIT_NO_RESULTS
    assert [(f["path"].endswith(".wartaignore"), f["line"]) for f in report["failures"]] == [(True, 5)]


def test_a_file_left_out_later_loses_its_articles_and_comes_back_when_allowed(tmp_path: Path):
    data = _export(tmp_path / "data")
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    code, report = ingest_json(str(data), "--index", str(index), "--exclude", "SOURCE.txt")
    assert (code, report["deleted"]) == (EXIT_OK, 1)
    assert search_ids(index, "banjir") == ["berita/banjir.txt"]
    code, report = ingest_json(str(data), "--index", str(index))
    assert (code, report["added"]) == (EXIT_OK, 1)


def test_a_file_named_on_the_command_line_is_read_even_if_it_is_a_readme(tmp_path: Path):
    data = _export(tmp_path / "data")
    code, report = ingest_json(str(data / "README.md"), "--index", str(tmp_path / "ix"))
    assert (code, report["added"], report["excluded_files"]) == (EXIT_OK, 1, 0)


def test_check_leaves_out_what_ingest_left_out(tmp_path: Path):
    data = _export(tmp_path / "data")
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index), "--exclude", "SOURCE*")
    same = invoke("check", str(data), "--index", str(index), "--exclude", "SOURCE*", "--format", "json")
    assert same.exit_code == EXIT_OK and json.loads(same.stdout)["ok"] is True
    # without --exclude, check leaves out what the last ingest of that folder was told to
    remembered = invoke("check", str(data), "--index", str(index), "--format", "json")
    assert remembered.exit_code == EXIT_OK and json.loads(remembered.stdout)["ok"] is True
    other = json.loads(
        invoke("check", str(data), "--index", str(index), "--exclude", "x", "--format", "json").stdout
    )
    assert [m["id"] for m in other["missing"]] == ["SOURCE.txt"]
    assert other["remedy"] == f"warta ingest {data} --index {index} --exclude x"


@pytest.mark.parametrize("pattern", ["", "  ", "!", "a\nb", " SOURCE*", "#SOURCE"])
def test_a_pattern_that_is_not_one_is_a_usage_error(tmp_path: Path, pattern: str):
    data = _export(tmp_path / "data")
    result = invoke("ingest", str(data), "--index", str(tmp_path / "ix"), "--exclude", pattern)
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith("warta: error: --exclude ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "ix").exists()


def test_the_library_takes_patterns_as_a_list(tmp_path: Path):
    data = _export(tmp_path / "data")
    report = warta.ingest([data], tmp_path / "ix", exclude=["SOURCE*"])
    assert report.excluded_files == 5 and report.added == 2
    with pytest.raises(warta.RequestError, match="list of patterns"):
        warta.ingest([data], tmp_path / "ix", exclude="SOURCE*")


def test_default_names_are_file_names_not_folders_or_slugs(tmp_path: Path):
    data = tmp_path / "data"
    (data / "changes").mkdir(parents=True)
    (data / "changes" / "2024-01.txt").write_text("Pajak\n\nAturan pajak berubah.", "utf-8")
    (data / "license-plate-fraud.txt").write_text("Pelat palsu\n\nPolisi menyita pelat palsu.", "utf-8")
    (data / "LICENSE-MIT.txt").write_text("MIT licence text.", "utf-8")
    code, report = ingest_json(str(data), "--index", str(tmp_path / "ix"))
    assert (code, report["added"], report["excluded_files"]) == (EXIT_OK, 2, 1)


def test_patterns_that_leave_out_every_file_are_refused_and_those_that_match_nothing_noted(tmp_path: Path):
    data = _export(tmp_path / "data")
    index = tmp_path / "ix"
    ingest_json(str(data), "--index", str(index))
    result = invoke("ingest", str(data), "--index", str(index), "--exclude", "***")
    assert result.exit_code == EXIT_USAGE and result.stderr.count("\n") == 1
    assert "every file under" in result.stderr and "--exclude ***" in result.stderr
    assert sorted(search_ids(index, "banjir")) == ["SOURCE.txt", "berita/banjir.txt"]  # nothing deleted
    result = invoke("ingest", str(data), "--index", str(index), "--exclude", "SOURCE*.TXT")
    assert result.exit_code == EXIT_OK
    assert "no file matching --exclude SOURCE*.TXT: the pattern left out nothing" in result.stderr
