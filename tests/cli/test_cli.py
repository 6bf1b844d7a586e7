"""The command line: exit codes, one-line errors, help, stats, and the README."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import invoke, one_article_index
from warta.cli import cli

COMMANDS = sorted(cli.commands)


def test_no_results_exits_1(corpus_index):
    _, index = corpus_index
    result = invoke("search", "zzzqqqxxx", "--index", str(index))
    assert result.exit_code == 1
    assert "0 articles for 'zzzqqqxxx'" in result.stdout


def test_missing_index_exits_2_and_names_the_command_that_builds_it(tmp_path: Path):
    result = invoke("search", "banjir", "--index", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"warta: error: no index at {tmp_path / 'nowhere'}/; build one with: "
        f"warta ingest corpus/ --index {tmp_path / 'nowhere'}\n"
    )
    assert invoke("stats", "--index", str(tmp_path / "nowhere")).exit_code == 2


def test_missing_corpus_path_exits_2(tmp_path: Path):
    result = invoke("ingest", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"warta: error: no such file or folder: {tmp_path / 'nope'}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search"], "give either a QUERY or --batch FILE"),
        (["search", "x", "--format", "xml"], "Invalid value for '--format'"),
        (["search", "x", "--limit", "-1"], "Invalid value for '-n' / '--limit'"),
        (["search", "x", "--since", "kemarin"], "cannot read date 'kemarin'"),
        (["ingest", "--field", "body"], "--field expects FIELD=NAME"),
        (["ingest", "--field", "author=penulis"], "unknown field 'author'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(corpus_index, args: list[str], message: str):
    _, index = corpus_index
    extra = ["--index", str(index)] if args and args[0] in ("search", "ingest") else []
    result = invoke(*args, *extra)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("warta: error: ")
    assert message in lines[0]


def test_stats(corpus_index):
    _, index = corpus_index
    data = json.loads(invoke("stats", "--index", str(index), "--format", "json").stdout)
    assert data["articles"] == 10
    assert sum(data["sources"].values()) == 10
    assert data["sources"]["Tempo.co"] == 1
    # two articles state their language (berita-001, riau.md); the other eight are identified
    assert data["languages"] == {"id": 10}
    assert data["first_date"] == "2019-08-15"
    assert data["last_date"] == "2025-10-21"
    assert data["size_bytes"] > 1000
    text = invoke("stats", "--index", str(index)).stdout
    assert re.search(r"articles\s+10", text)
    assert "2019-08-15 to 2025-10-21" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert cli.commands[command].help, f"{command} has no help text"
    assert "Usage: " in result.stdout


def test_help_does_not_import_the_engine():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom warta.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('whoosh' in sys.modules, 'Sastrawi' in sys.modules)",
        ],
        capture_output=True,
        text=True,
    )
    assert "ingest" in probe.stdout
    assert probe.stdout.strip().splitlines()[-1] == "False False"


def test_a_damaged_index_exits_3_and_says_to_rebuild(tmp_path: Path):
    corpus, index = one_article_index(tmp_path, "Judul\n\nIsi berita tentang sawah.", shards=1)
    for seg in index.glob("g1-s0/*.seg"):
        seg.write_bytes(seg.read_bytes()[:100])
    for args in (["search", "sawah"], ["stats"], ["ingest", str(corpus)]):
        result = invoke(*args, "--index", str(index))
        assert result.exit_code == 3, args
        assert result.stderr.startswith(f"warta: error: index at {index} is damaged")
        assert f"rebuild it with: warta ingest {corpus} --rebuild --index {index}" in result.stderr
    assert invoke("ingest", str(corpus), "--index", str(index), "--rebuild").exit_code == 0
    assert invoke("search", "sawah", "--index", str(index)).exit_code == 0


def test_search_during_the_first_ingest_says_it_is_being_built(tmp_path: Path):
    from warta import engine

    index = tmp_path / "ix"
    with engine.write_lock(index):
        result = invoke("search", "banjir", "--index", str(index))
    assert result.exit_code == 3
    assert f"is being built by PID {os.getpid()}" in result.stderr


def test_batch_reads_topic_files_with_a_header_and_extra_columns(corpus_index, tmp_path: Path):
    _, index = corpus_index
    topics = tmp_path / "topics.tsv"
    topics.write_text("topic_id\tsheet\tkeywords\n7\tKW7\tupah minimum\n", "utf-8")
    result = invoke("search", "--batch", str(topics), "--index", str(index), "--format", "json")
    runs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["qid"], r["query"]) for r in runs] == [("7", "upah minimum")]
    assert runs[0]["hits"][0]["id"] == "berita-001"


def test_output_piped_into_head_is_not_an_error(corpus_index):
    _, index = corpus_index
    proc = subprocess.run(
        f"'{sys.executable}' -m warta search di --index '{index}' -n 10 | head -1",
        shell=True,
        capture_output=True,
        text=True,
        executable="/bin/bash",
    )
    assert proc.stdout.strip() and "Traceback" not in proc.stderr and "Exception" not in proc.stderr


def test_inputs_that_once_ended_in_exit_70(corpus_index, tmp_path: Path):
    _, index = corpus_index
    topics = tmp_path / "t.tsv"
    topics.write_bytes(b"q1\tharga \xff\n")
    result = invoke("search", "--batch", str(topics), "--index", str(index))
    assert result.exit_code == 2 and "not UTF-8" in result.stderr
    result = invoke("search", "harga", "--until", "9999-12", "--index", str(index))
    assert result.exit_code in (0, 1, 2) and "unexpected" not in result.stderr
    result = invoke("search", "harga date:9999-12", "--index", str(index))
    assert result.exit_code in (0, 1, 2) and "unexpected" not in result.stderr
    result = invoke("show", "\udcff", "--index", str(index))
    assert result.exit_code == 1
