"""The README is true: every command, option and JSON field is documented, and its examples run."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from conftest import REPO, invoke, write_corpus
from warta.cli import cli

COMMANDS = sorted(cli.commands)


README = (REPO / "README.md").read_text("utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_documents_every_command_and_option(command: str):
    assert f"warta {command}" in README
    for param in cli.commands[command].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in README, f"README does not mention {command} {opt}"


def test_readme_documents_every_json_field(corpus_index):
    _, index = corpus_index
    hit = json.loads(invoke("search", "harga", "--index", str(index), "--format", "json").stdout)["hits"][0]
    for key in hit:
        assert f'"{key}"' in README, f"README does not document hit field {key}"


def test_readme_quick_start_is_the_two_make_commands():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(?:\$ )?(make .+)$", quick, re.M)
    assert commands == ['make search q="gencatan senjata"', "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()


# -- the README's examples run -------------------------------------------------------------


def _code_blocks(section: str, language: str = "") -> list[str]:
    """The code blocks fenced with ```LANGUAGE in the README's section *section*."""
    text = README.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks: list[str] = []
    current: list[str] | None = None
    fence = None
    for line in text.splitlines():
        if fence is None and line.startswith("```"):
            fence, current = line, []
        elif fence is not None and line == "```":
            if fence == "```" + language and current is not None:
                blocks.append("\n".join(current))
            fence = current = None
        elif current is not None:
            current.append(line)
    return blocks


def _examples(section: str) -> list[str]:
    """The ``warta ...`` command lines of the README's code blocks under *section*, continuations joined."""
    lines = "\n".join(_code_blocks(section)).replace("\\\n", " ").splitlines()
    return [line for line in lines if line.startswith("warta ")]


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding every file the README's examples name, made the working folder."""
    write_corpus(tmp_path / "corpus")
    home = tmp_path / "home"
    (home / "berita").mkdir(parents=True)
    (home / "berita" / "sawah.txt").write_text("Petani Membuka Sawah\n\nPetani membuka sawah baru.", "utf-8")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "detik.csv").write_text("judul,isi\nKebun Teh,Pemetik teh bekerja.\n", "utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "naskah.jsonl").write_text(
        json.dumps({"kepala": "Harga Beras Naik", "naskah": "Harga beras naik di pasar."}) + "\n", "utf-8"
    )
    (tmp_path / "topics.tsv").write_text("qid\tquery\nq1\tbanjir\nq2\tharga beras\n", "utf-8")
    (tmp_path / "qrels.txt").write_text("q1 0 banjir.txt 2\nq2 0 berita-003 1\n", "utf-8")
    (tmp_path / "baseline.run").write_text(
        "q1 Q0 banjir.txt 1 3.5 bm25\nq2 Q0 berita-003 1 2.0 bm25\n", "utf-8"
    )
    for data in ("idnews-rel", "crosslingual"):
        shutil.copytree(REPO / "benchmarks" / "data" / data, tmp_path / "benchmarks" / "data" / data)
    for index in ("idnews-index", "berita-index"):
        assert invoke("ingest", "corpus", "--index", str(tmp_path / index), "-q").exit_code == 0
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("WARTA_INDEX", raising=False)
    return tmp_path


def _run(line: str) -> Result:
    words = [os.path.expanduser(w) for w in shlex.split(line, comments=True)]
    target = None
    if ">" in words:  # a shell redirection: the output goes to that file
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    result = invoke(*words[1:])
    if target:
        Path(target).write_text(result.stdout, "utf-8")
    return result


def test_every_command_example_of_the_readme_runs(sandbox: Path, monkeypatch: pytest.MonkeyPatch):
    served: list[dict[str, object]] = []  # warta serve goes as far as starting the server, not further
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.append(options))
    watched: list[tuple[object, ...]] = []  # and --watch as far as watching, not for ever
    monkeypatch.setattr("warta.indexing.watch.watch", lambda paths, index, **options: watched.append(paths))
    monkeypatch.setattr(
        "warta.indexing.watch.watch_in_background", lambda paths, index, *callbacks: watched.append(paths)
    )
    examples = _examples("Commands")
    assert len(examples) > 30 and {line.split()[1] for line in examples} == set(COMMANDS)
    for line in examples:  # in the README's order: ingest builds index/ first
        result = _run(line)
        # 1 is an answer (no hits, input that failed): what matters is that the command is one warta runs
        assert result.exit_code in (0, 1), f"{line}: exit {result.exit_code}: {result.stderr}"
        assert "warta: error" not in result.stderr and "Traceback" not in result.output, line
    assert [options["port"] for options in served] == [8080, 8090, 8080, 8080]
    assert watched == [("exports/",), ("exports",)]


def test_the_library_example_of_the_readme_runs(sandbox: Path, capsys: pytest.CaptureFixture[str]):
    (code,) = _code_blocks("Library API", "python")
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("1 000_1f04c6eb8e8ae419.txt ")  # the seed is about gencatan senjata
    assert "10" in printed  # the articles of the fixture corpus, as index_stats counts them
