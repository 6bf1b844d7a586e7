"""`warta eval` end to end on a collection small enough to score by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from conftest import invoke
from warta import evaluation

ARTICLES = [
    {
        "id": "a1",
        "title": "Banjir besar melanda Jakarta",
        "body": "Banjir merendam Jakarta. Banjir setinggi satu meter.",
    },
    {
        "id": "a2",
        "title": "Warga Bekasi mengungsi",
        "body": "Sebagian warga Bekasi mengungsi karena banjir kiriman.",
    },
    {"id": "a3", "title": "Harga cabai naik", "body": "Harga cabai rawit naik di pasar induk."},
    {
        "id": "a4",
        "title": "Gempa mengguncang Ambon",
        "body": "Gempa magnitudo 6,8 mengguncang Ambon pagi ini.",
    },
]
TOPICS = "qid\tquery\nq1\tbanjir\nq2\tgempa ambon\nq3\tpemilu\nq4\t\n"
QRELS = "q1 0 a1 2\nq1 0 a2 1\nq1 0 a3 0\nq2 0 a4 2\nq3 0 a3 0\n"


@pytest.fixture
def collection(tmp_path: Path) -> dict[str, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with (corpus / "berita.jsonl").open("w", encoding="utf-8") as fh:
        for article in ARTICLES:
            fh.write(json.dumps({**article, "lang": "id"}) + "\n")
    index = tmp_path / "index"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    (tmp_path / "topics.tsv").write_text(TOPICS, "utf-8")
    (tmp_path / "qrels.txt").write_text(QRELS, "utf-8")
    return {
        "index": index,
        "topics": tmp_path / "topics.tsv",
        "qrels": tmp_path / "qrels.txt",
        "dir": tmp_path,
    }


def _eval_topics(c: dict[str, Path], qrels: Path | None = None, *extra: str):
    """``warta eval`` of the collection's topics against *qrels* (its own by default), searching its index."""
    return invoke("eval", "--topics", str(c["topics"]), "--qrels", str(qrels or c["qrels"]),
                  "--index", str(c["index"]), *extra)  # fmt: skip


def _eval(c: dict[str, Path], *extra: str) -> dict:
    result = invoke(
        "eval", "--qrels", str(c["qrels"]), "--index", str(c["index"]), "--format", "json", *extra
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_eval_searches_the_topics_and_scores_them(collection):
    report = _eval(collection, "--topics", str(collection["topics"]))
    # q3 has no relevant judgment and q4 no text: neither is averaged
    assert [q["qid"] for q in report["per_query"]] == ["q1", "q2"]
    assert report["without_judgments"] == ["q3"]
    q1, q2 = report["per_query"]
    # "banjir": a1 (title and twice in the body) above a2 (once in the body): the ideal order
    assert q1["ndcg@10"] == pytest.approx(1.0)
    assert q1["p@10"] == pytest.approx(0.2)  # two relevant articles in ten places
    assert q2["ndcg@10"] == pytest.approx(1.0) and q2["mrr@10"] == 1.0
    assert report["means"]["p@10"] == pytest.approx(0.15)
    assert report["unjudged@10"] == 0


def test_eval_scores_a_run_file_against_another(collection):
    d = collection["dir"]
    (d / "mine.run").write_text(
        "q1 Q0 a3 1 3.0 x\nq1 Q0 a2 2 2.0 x\nq1 Q0 a1 3 1.0 x\nq2 Q0 zz 1 9 x\nq2 Q0 a4 2 8 x\n"
    )
    (d / "base.run").write_text("q1 Q0 a1 1 2.0 y\nq1 Q0 a2 2 1.0 y\nq2 Q0 a4 1 1.0 y\n")
    report = _eval(collection, "--run", str(d / "mine.run"), "--compare", str(d / "base.run"))
    q1, q2 = report["per_query"]
    # q1: gains 0, 1, 2 -> (1/log2 3 + 2/log2 4) / (2 + 1/log2 3)
    expected_q1 = (1 / math.log2(3) + 1.0) / (2 + 1 / math.log2(3))
    assert q1["ndcg@10"] == pytest.approx(expected_q1, abs=1e-4)
    assert q1["mrr@10"] == pytest.approx(0.5)
    # q2: the unjudged "zz" first counts as not relevant, and is counted
    assert q2["ndcg@10"] == pytest.approx(2 / math.log2(3) / 2, abs=1e-4)
    assert q2["unjudged@10"] == 1 and report["unjudged@10"] == 1
    compared = report["compare"]
    assert compared["run"] == "base.run"
    assert compared["means"]["ndcg@10"] == pytest.approx(1.0)
    assert compared["difference"]["ndcg@10"] == pytest.approx(
        (expected_q1 + 2 / math.log2(3) / 2) / 2 - 1, abs=1e-4
    )
    assert (compared["better"], compared["worse"], compared["equal"]) == (0, 2, 0)
    assert 0 < compared["p_values"]["ndcg@10"] <= 1
    assert q1["difference"]["ndcg@10"] == pytest.approx(expected_q1 - 1, abs=1e-4)


def test_eval_text_report_lists_queries_and_means(collection):
    result = _eval_topics(collection)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("q1 banjir") for line in lines)
    assert any(line.startswith("mean") for line in lines)
    assert "1 topic(s) without query text left out: q4" in result.stderr


def test_eval_counts_folded_near_duplicates_as_found(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    story = "Banjir bandang melanda Garut. Ratusan rumah terendam dan warga mengungsi ke masjid. " * 3
    with (corpus / "dua.jsonl").open("w", encoding="utf-8") as fh:
        for doc_id in ("s1", "s2"):  # the same story from two outlets
            fh.write(json.dumps({"id": doc_id, "title": "Banjir bandang di Garut", "body": story}) + "\n")
    index = tmp_path / "ix"
    assert invoke("ingest", str(corpus), "--index", str(index)).exit_code == 0
    (tmp_path / "t.tsv").write_text("q1\tbanjir garut\n")
    (tmp_path / "q.txt").write_text("q1 0 s1 2\nq1 0 s2 2\n")
    found = json.loads(invoke("search", "banjir garut", "--index", str(index), "--format", "json").stdout)
    assert len(found["hits"]) == 1 and len(found["hits"][0]["similar"]) == 1  # shown as one hit, "+1 similar"
    result = invoke("eval", "--topics", str(tmp_path / "t.tsv"), "--qrels", str(tmp_path / "q.txt"),
                    "--index", str(index), "--format", "json")  # fmt: skip
    scores = json.loads(result.stdout)["per_query"][0]
    assert scores["recall@100"] == pytest.approx(1.0) and scores["ndcg@10"] == pytest.approx(1.0)


def test_eval_bad_files_get_one_line_and_exit_2(collection):
    bad = collection["dir"] / "bad.qrels"
    bad.write_text("q1 0 a1 2\nq1 a2 relevant\n")
    result = _eval_topics(collection, bad)
    assert result.exit_code == 2
    assert "bad.qrels:2" in result.stderr and "Traceback" not in result.output
    missing = invoke("eval", "--qrels", str(collection["qrels"]))
    assert missing.exit_code == 2 and "--topics" in missing.stderr
    no_index = invoke("eval", "--topics", str(collection["topics"]), "--qrels", str(collection["qrels"]),
                      "--index", str(collection["dir"] / "nowhere"))  # fmt: skip
    assert no_index.exit_code == 2


def test_eval_with_nothing_judged_exits_1(collection):
    other = collection["dir"] / "other.qrels"
    other.write_text("x9 0 a1 2\n")
    result = _eval_topics(collection, other)
    assert result.exit_code == 1
    assert "nothing to evaluate" in result.stderr


def test_run_files_are_ordered_by_score_as_trec_eval_does(tmp_path):
    path = tmp_path / "r.run"
    path.write_text("q1 Q0 low 1 0.5 t\nq1 Q0 high 2 7.25 t\nq1 Q0 mid 3 1.0 t\n")
    assert evaluation.read_run(path) == {"q1": ["high", "mid", "low"]}
    path.write_text("q1 Q0 a 1\n")
    with pytest.raises(ValueError, match=r"r\.run:1"):
        evaluation.read_run(path)


def test_eval_refuses_what_trec_eval_refuses(collection):
    d = collection["dir"]
    cases = {
        "dup.run": "q1 Q0 a1 1 2.0 x\nq1 Q0 a1 2 1.0 x\n",  # one document ranked twice
        "nan.run": "q1 Q0 a1 1 nan x\n",
    }
    for name, text in cases.items():
        (d / name).write_text(text)
        result = invoke("eval", "--qrels", str(collection["qrels"]), "--run", str(d / name))
        assert result.exit_code == 2, name
        assert f"{name}:" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    (d / "dup.qrels").write_text("q1 0 a1 2\nq1 0 a1 1\n")
    assert invoke("eval", "--qrels", str(d / "dup.qrels"), "--run", str(d / "dup.run")).exit_code == 2
    (d / "odd.qrels").write_text("q1 0 a1 \u00b2\n")  # a superscript two is not a grade
    assert invoke("eval", "--qrels", str(d / "odd.qrels"), "--run", str(d / "nan.run")).exit_code == 2


def test_eval_reads_files_saved_with_a_byte_order_mark(collection):
    d = collection["dir"]
    (d / "bom-topics.tsv").write_text("\ufeffq1\tbanjir\n", "utf-8")
    (d / "bom-qrels.txt").write_text("\ufeff" + QRELS, "utf-8")
    result = invoke("eval", "--topics", str(d / "bom-topics.tsv"), "--qrels", str(d / "bom-qrels.txt"),
                    "--index", str(collection["index"]), "--format", "json")  # fmt: skip
    report = json.loads(result.stdout)
    assert [q["qid"] for q in report["per_query"]] == ["q1"]
    assert report["per_query"][0]["ndcg@10"] == pytest.approx(1.0)  # a1's grade 2 was read


def test_a_run_missing_judged_topics_is_warned_about(collection):
    d = collection["dir"]
    (d / "part.run").write_text("q1 Q0 a1 1 2.0 x\n")
    result = invoke("eval", "--qrels", str(collection["qrels"]), "--run", str(d / "part.run"))
    assert result.exit_code == 0
    assert "1 judged topic(s) have no ranking" in result.stderr and "q2" in result.stderr


def test_randomisation_p_value_is_never_zero():
    p = evaluation.randomization_test([1.0] * 30, [0.0] * 30, trials=1000)
    assert 0 < p <= 1 / 1000 + 1e-9
