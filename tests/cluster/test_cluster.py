"""Shards on a Dask cluster rank exactly as one index (`warta.cluster`).

One local cluster of two worker processes serves the module; the corpus of
`query_forms`, syndicated copies of two of its articles (so that near
duplicates fold) and the fixture corpus (quotes and speakers) are ingested
once into three shards.  Every query form is searched through the
cluster and through the same index opened here, and the two must give the
same totals, ids, order, scores (to 1e-9), snippets, folding and facets;
so must paging, paragraphs and quotes, ``related``, ``show`` and ``stats``.
Faults use a cluster of their own: a killed worker, a frozen one.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import invoke
from conftest import write_corpus as write_fixture_corpus
from query_forms import ARTICLES, QUERIES, write_corpus
from warta import Searcher
from warta.cluster import Cluster
from warta.errors import ClusterError
from warta.model import SearchResults

TOLERANCE = 1e-9

# Copies of two articles as another outlet ran them: near duplicates that fold into the original.
COPIES = [
    dict(record, id=f"salinan-{n}", source="Koran Salinan", title=record["title"] + " (salinan)")
    for n, record in enumerate(r for r in ARTICLES if r["id"] in ("banjir-01", "korupsi-01"))
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cluster")
    corpus = write_corpus(base / "corpus")
    (corpus / "salinan.jsonl").write_text("".join(json.dumps(r) + "\n" for r in COPIES), "utf-8")
    write_fixture_corpus(corpus / "lain")  # every format, and articles with quotes and speakers
    index = base / "ix"
    result = invoke("ingest", str(corpus), "--index", str(index), "--shards", "3", "--quiet")
    assert result.exit_code == 0, result.output
    return index


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with Cluster("local:2") as found:
        yield found


@pytest.fixture(scope="module")
def address(cluster: Cluster) -> str:
    """The scheduler's address, for commands that connect to the running cluster."""
    return str(cluster.client.scheduler.address)


@pytest.fixture(scope="module")
def one(built: Path) -> Iterator[Searcher]:
    with Searcher(built) as searcher:
        yield searcher


@pytest.fixture(scope="module")
def spread(built: Path, cluster: Cluster) -> Iterator[Searcher]:
    with Searcher(built, cluster=cluster) as searcher:
        yield searcher


def close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def assert_same(got: SearchResults, want: SearchResults) -> None:
    """The cluster's results are the single index's: totals, ids, order, scores, everything shown."""
    context = (want.query, want.unit)
    assert got.total == want.total, context
    assert [h.id for h in got.hits] == [h.id for h in want.hits], context
    for g, w in zip(got.hits, want.hits, strict=True):
        assert close(g.score, w.score), (context, g.id, g.score, w.score)
        assert (g.rank, g.snippet, g.similar, g.passage, g.speaker, g.text) == (
            w.rank,
            w.snippet,
            w.similar,
            w.passage,
            w.speaker,
            w.text,
        ), (context, g.id)
    assert got.facets == want.facets, context
    assert (got.corrected_query, got.suggestion, got.translated_query) == (
        want.corrected_query,
        want.suggestion,
        want.translated_query,
    ), context


FACETS = ("source", "month", "lang")


# Fuzzy words (their expansions come from the collection's word list) and patterns with many words.
FUZZY = ["banjr~", "jakarta~2", "kebakarn~ hutan", "polisi~1/2 warga", "b*", "h*an"]


@pytest.mark.parametrize("match", ["any", "all"])
@pytest.mark.parametrize("text", QUERIES + FUZZY)
def test_every_query_form_ranks_as_one_index(one: Searcher, spread: Searcher, text: str, match: str):
    want = one.search(text, match=match, limit=10, facets=FACETS)
    got = spread.search(text, match=match, limit=10, facets=FACETS)
    assert_same(got, want)
    assert got.shards == {"total": 3, "successful": 3, "failed": 0, "missing": []}
    assert not got.partial


@pytest.mark.parametrize("text", QUERIES[::4])
def test_without_sending_ahead_the_same(
    one: Searcher, spread: Searcher, text: str, monkeypatch: pytest.MonkeyPatch
):
    """With many shards, a page is fetched after the merge, not sent with the scores: the same results."""
    monkeypatch.setattr("warta.cluster.search.SEND_AHEAD_SHARDS", 0)
    assert_same(spread.search(text, limit=5, facets=FACETS), one.search(text, limit=5, facets=FACETS))
    assert_same(spread.search(text, limit=5, offset=5), one.search(text, limit=5, offset=5))


def test_the_forms_find_articles_in_every_shard(one: Searcher):
    """The comparison means something: most forms match, and matches lie in all three shards."""
    from warta.engine.index import shard_of

    found = [one.search(text, limit=50) for text in QUERIES]
    assert sum(1 for r in found if r.total) >= len(QUERIES) - 3
    assert {shard_of(h.id, 3) for r in found for h in r.hits} == {0, 1, 2}


def test_near_duplicates_fold_across_shards(one: Searcher, spread: Searcher):
    from warta.engine.index import shard_of

    want = one.search("banjir jakarta", limit=10)
    folded = [h for h in want.hits if h.similar]
    assert folded, "the copies fold into their originals"
    # a copy and its original in different shards: folding happens after the shards' answers merge
    assert any(shard_of(h.id, 3) != shard_of(s, 3) for h in folded for s in h.similar)
    assert_same(spread.search("banjir jakarta", limit=10), want)
    unfolded = spread.search("banjir jakarta", limit=10, collapse=False)
    assert_same(unfolded, one.search("banjir jakarta", limit=10, collapse=False))
    assert unfolded.total == want.total and any(h.id.startswith("salinan-") for h in unfolded.hits)


@pytest.mark.parametrize("text", ["banjir", "harga beras", "kpk OR korupsi", "*", "floods jakarta"])
def test_pages_are_the_single_indexs_pages(one: Searcher, spread: Searcher, text: str):
    pages = []
    for offset in range(0, 15, 4):
        want = one.search(text, limit=4, offset=offset)
        assert_same(spread.search(text, limit=4, offset=offset), want)
        pages.extend(h.id for h in want.hits)
    assert len(pages) == len(set(pages))


@pytest.mark.parametrize("unit", ["passage", "quote"])
@pytest.mark.parametrize(
    "text", ["banjir", "harga beras naik", '"kabut asap"', "polisi OR warga", "floods", "*", "perahu karet"]
)
def test_paragraphs_and_quotes_rank_as_one_index(one: Searcher, spread: Searcher, text: str, unit: str):
    for offset in (0, 3):
        assert_same(
            spread.search(text, unit=unit, limit=5, offset=offset),
            one.search(text, unit=unit, limit=5, offset=offset),
        )


def test_the_pieces_compared_are_there(one: Searcher):
    assert one.search("banjir", unit="passage").total >= 10
    assert one.search("perahu karet", unit="quote").total >= 1
    assert one.search("*", unit="quote").total >= 4


def test_quotes_of_a_speaker(one: Searcher, spread: Searcher):
    from warta.model import Filters

    want = one.search("*", unit="quote", filters=Filters(speaker="Isnawa"))
    assert want.total
    assert_same(spread.search("*", unit="quote", filters=Filters(speaker="Isnawa")), want)


def test_filters_and_typos(one: Searcher, spread: Searcher):
    from warta.model import Filters

    for text, filters in [
        ("banjir", Filters(source="kompas")),
        ("banjir", Filters(lang="id")),
        ("banjr jakarta", Filters()),  # corrected from the collection's words
        ("kebakarn hutan", Filters()),
    ]:
        want = one.search(text, filters=filters, facets=FACETS)
        assert want.total
        assert_same(spread.search(text, filters=filters, facets=FACETS), want)
    assert spread.search("banjr jakarta").corrected_query == "banjir jakarta"


def test_related_articles_are_the_single_indexs(one: Searcher, spread: Searcher):
    some = 0
    for record in ARTICLES[::3]:
        want = one.related(record["id"], limit=5)
        got = spread.related(record["id"], limit=5)
        assert want is not None and got is not None
        assert_same(got, want)
        some += bool(want.total)
    assert some >= 5
    assert spread.related("no-such-article") is None


def test_commands_on_a_running_cluster(built: Path, address: str):
    """``--cluster ADDRESS``: search, show, related and stats print what they print without it."""
    for args in (
        ["search", "harga beras", "--format", "json", "--facets", "source"],
        ["search", "perahu", "--unit", "quote", "--format", "tsv"],
        ["show", "banjir-01", "--format", "json"],
        ["related", "banjir-01", "--format", "json"],
        ["stats", "--format", "json"],
    ):
        alone = invoke(*args, "--index", str(built))
        spread = invoke(*args, "--index", str(built), "--cluster", address)
        assert spread.exit_code == alone.exit_code == 0, (args, spread.output)
        if args[0] in ("search", "related") and "json" in args:
            got, want = json.loads(spread.stdout), json.loads(alone.stdout)
            assert got.pop("shards") == {"total": 3, "successful": 3, "failed": 0, "missing": []}
            assert got.pop("partial") is False
            assert got == want
        elif args[0] == "stats":
            got, want = json.loads(spread.stdout), json.loads(alone.stdout)
            assert got == want and got["articles"] > len(ARTICLES) + len(COPIES)
        else:
            assert spread.stdout == alone.stdout, args


def test_the_cluster_from_the_environment(built: Path, address: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WARTA_CLUSTER", address)
    result = invoke("search", "banjir", "--index", str(built), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["shards"]["total"] == 3


@pytest.mark.parametrize(
    "value, words",
    [
        ("somewhere", "is not local:N"),
        ("local:0", "is not local:N"),
        ("http://x:1", "is not local:N"),
        ("tcp://127.0.0.1:notaport", "is not local:N"),
        ("local:999", "runs at most local:"),
    ],
)
def test_a_bad_cluster_address_is_a_usage_error(built: Path, value: str, words: str):
    result = invoke("search", "banjir", "--index", str(built), "--cluster", value)
    assert result.exit_code == 2
    assert words in result.stderr and "Traceback" not in result.output


def test_a_scheduler_given_as_host_and_port(built: Path, address: str):
    from warta.cluster import cluster_address

    bare = address.removeprefix("tcp://")
    assert cluster_address(bare) == address
    result = invoke("stats", "--index", str(built), "--cluster", bare, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["shards"] == 3


def test_an_unreachable_cluster_is_one_line_and_exit_3(built: Path):
    result = invoke("search", "banjir", "--index", str(built), "--cluster", "tcp://127.0.0.1:9")
    assert result.exit_code == 3, result.output
    assert "cannot reach the Dask cluster at tcp://127.0.0.1:9" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_allow_partial_needs_a_cluster(built: Path):
    result = invoke("search", "banjir", "--index", str(built), "--allow-partial")
    assert result.exit_code == 2 and "--cluster" in result.stderr


# -- faults: a cluster of their own --------------------------------------------------------------


@pytest.fixture
def fragile(built: Path) -> Iterator[Cluster]:
    with Cluster("local:2", timeout=3.0) as found:
        yield found


def _pids(cluster: Cluster) -> dict[str, int]:
    return cluster.client.run(os.getpid)


def _wait_for_a_new_worker(cluster: Cluster, gone: str) -> None:
    """Until the scheduler has two workers again, neither of them the one at *gone*."""
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        workers = cluster.workers()
        if len(workers) >= 2 and gone not in workers:
            return
        time.sleep(0.1)
    raise AssertionError(f"no worker replaced {gone}: {cluster.workers()}")


def test_a_killed_worker_names_its_shard_which_the_next_search_opens_again(
    built: Path, fragile: Cluster, one: Searcher
):
    searcher = Searcher(built, cluster=fragile)
    whole = searcher.search("banjir")
    assert whole.total == one.search("banjir").total
    victim = searcher.index.shards.workers[1]  # holds shard 1
    lost = {
        searcher.index.shards.names[n] for n, w in enumerate(searcher.index.shards.workers) if w == victim
    }
    os.kill(_pids(fragile)[victim], signal.SIGKILL)
    with pytest.raises(ClusterError) as raised:
        searcher.search("banjir")
    assert any(f"shard {name} (on {victim}) failed" in str(raised.value) for name in lost)
    # the worker's nanny starts it again: the next search opens the lost shards there, whole again
    _wait_for_a_new_worker(fragile, victim)
    again = searcher.search("banjir")
    assert again.total == whole.total and again.shards["successful"] == 3  # type: ignore[index]
    assert [h.id for h in again.hits] == [h.id for h in whole.hits]
    searcher.close()


def test_a_frozen_worker_times_out_naming_its_shard(built: Path, fragile: Cluster, one: Searcher):
    from warta.engine.index import shard_of

    strict = Searcher(built, cluster=fragile)
    lenient = Searcher(built, cluster=fragile, allow_partial=True)
    shards = strict.index.shards
    victim = shards.workers[0]  # holds shards 0 and 2
    frozen = [n for n, w in enumerate(shards.workers) if w == victim]
    whole = one.search("banjir", facets=("source",))
    pid = _pids(fragile)[victim]
    os.kill(pid, signal.SIGSTOP)
    try:
        with pytest.raises(ClusterError) as raised:
            strict.search("banjir")
        assert "did not answer within 3 s" in str(raised.value)
        assert shards.names[frozen[0]] in str(raised.value)
        part = lenient.search("banjir", facets=("source",))
    finally:
        os.kill(pid, signal.SIGCONT)
    assert part.partial
    assert part.shards == {
        "total": 3,
        "successful": 3 - len(frozen),
        "failed": len(frozen),
        "missing": [shards.names[n] for n in frozen],
    }
    # what the answering shard found, no more: its articles, counted in the total and the facets
    assert 0 < part.total < whole.total
    assert part.hits and all(shard_of(h.id, 3) not in frozen for h in part.hits)
    assert sum(part.facets["source"].values()) == part.total  # type: ignore[index]
    out = part.to_dict()
    assert out["partial"] is True and out["shards"] == part.shards
    # thawed, the same searcher answers whole again
    assert strict.search("banjir").total == whole.total
    strict.close()
    lenient.close()


# -- serving a cluster ----------------------------------------------------------------------------


def test_serve_answers_from_the_cluster_as_from_one_index(built: Path, cluster: Cluster):
    from starlette.testclient import TestClient

    from warta.web.app import create_app

    alone = TestClient(create_app(built))
    spread = TestClient(create_app(built, cluster=cluster))
    for path in (
        "/api/search?q=harga+beras&facets=source,month",
        "/api/search?q=banjir&unit=passage&limit=3",
        "/api/articles/banjir-01",
        "/api/articles/banjir-01/related?limit=3",
        "/api/stats",
    ):
        want, got = alone.get(path), spread.get(path)
        assert got.status_code == want.status_code == 200, (path, got.text)
        want_json, got_json = want.json(), got.json()
        for answer in (want_json, got_json):
            answer.pop("took_ms", None)
        if "partial" in got_json:  # a search
            assert got_json.pop("shards")["successful"] == 3 and got_json.pop("partial") is False
        assert got_json == want_json, path
    page = spread.get("/?q=harga+beras")
    assert page.status_code == 200 and "<mark>" in page.text


# -- ingest on a cluster --------------------------------------------------------------------------


def _same_searches(index: Path, reference: Path, queries: tuple[str, ...] = ("banjir", "harga beras", "*")):
    for q in queries:
        for unit in ("article", "passage"):
            args = ("search", q, "--unit", unit, "--format", "json", "-n", "20")
            got = invoke(*args, "--index", str(index))
            want = invoke(*args, "--index", str(reference))
            assert got.exit_code == want.exit_code, q
            assert json.loads(got.stdout) == json.loads(want.stdout), (q, unit)


def test_ingest_on_the_cluster_indexes_as_ingest_alone(tmp_path: Path, address: str):
    corpus = write_corpus(tmp_path / "corpus")
    write_fixture_corpus(corpus / "lain")
    ingested = {}
    for name, extra in (("alone", []), ("spread", ["--cluster", address])):
        result = invoke("ingest", str(corpus), "--index", str(tmp_path / name), "--format", "json", *extra)
        assert result.exit_code == 0, result.output
        ingested[name] = json.loads(result.stdout)
    assert ingested["spread"]["added"] == ingested["alone"]["added"] > 40
    _same_searches(tmp_path / "spread", tmp_path / "alone")
    # an update: a file changed, one gone, one new; the cluster's ingest does what ingest alone does
    first = corpus / "satu.jsonl"
    lines = first.read_text("utf-8").splitlines()
    changed = json.loads(lines[0])
    changed["body"] += " Air surut pada malam hari."
    first.write_text("\n".join([json.dumps(changed), *lines[1:]]) + "\n", "utf-8")
    (corpus / "dua.jsonl").unlink()
    (corpus / "baru.txt").write_text("Sawah Baru\n\nPetani membuka sawah baru di Riau.", "utf-8")
    for name, extra in (("alone", []), ("spread", ["--cluster", address])):
        result = invoke("ingest", str(corpus), "--index", str(tmp_path / name), "--format", "json", *extra)
        assert result.exit_code == 0, result.output
        ingested[name] = json.loads(result.stdout)
    counts = ("added", "updated", "deleted", "unchanged")
    assert [ingested["spread"][k] for k in counts] == [ingested["alone"][k] for k in counts]
    assert ingested["spread"]["updated"] == 1 and ingested["spread"]["deleted"] > 10
    _same_searches(tmp_path / "spread", tmp_path / "alone", ("surut", "sawah", "banjir", "*"))
    check = invoke("check", str(corpus), "--index", str(tmp_path / "spread"))
    assert check.exit_code == 0, check.output
    # nothing changed: nothing is written, not a shard committed
    from warta.engine.index import index_state

    before = index_state(tmp_path / "spread")
    again = invoke(
        "ingest", str(corpus), "--index", str(tmp_path / "spread"), "--format", "json", "--cluster", address
    )
    assert again.exit_code == 0 and json.loads(again.stdout)["added"] == 0
    assert index_state(tmp_path / "spread") == before


def _many_articles(path: Path, numbers: range) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    words = "banjir jakarta warga hujan sungai pompa tanggul rumah pengungsi bantuan".split()
    with open(path, "w", encoding="utf-8") as f:
        for n in numbers:
            body = " ".join(words[(n + i) % len(words)] for i in range(60)) + f" nomor{n}."
            f.write(json.dumps({"id": f"a-{n}", "title": f"Banjir {n}", "body": body}) + "\n")
    return path.parent


def test_a_worker_killed_mid_ingest_loses_nothing_committed(tmp_path: Path, fragile: Cluster):
    """The run stops with one line naming the shard; what was committed stays; the next run finishes."""
    import threading

    from warta import ingest
    from warta.cluster.ingest import cluster_sink
    from warta.errors import IndexWriteError

    corpus = _many_articles(tmp_path / "corpus" / "banyak.jsonl", range(300))
    index = tmp_path / "ix"
    ingest([corpus], index, sink=cluster_sink(fragile))  # committed: 300 articles
    _many_articles(corpus / "lagi.jsonl", range(300, 6300))  # then a long update: 6,000 more
    victim = fragile.workers()[0]
    pid = _pids(fragile)[victim]
    timer = threading.Timer(1.5, os.kill, (pid, signal.SIGKILL))
    timer.start()
    with pytest.raises(IndexWriteError) as raised:
        ingest([corpus], index, sink=cluster_sink(fragile))
    timer.join()
    assert "writing shard" in str(raised.value) and "run ingest again" in str(raised.value)
    with Searcher(index) as searcher:  # read alone: the last commit stands whole
        kept = searcher.search("*", limit=0).total
        assert kept >= 300
        assert searcher.search("nomor299").total == 1
    # the next run (the killed worker is back, restarted by its nanny) finishes the job
    _wait_for_a_new_worker(fragile, victim)
    report = ingest([corpus], index, sink=cluster_sink(fragile))
    assert report.failed == 0
    with Searcher(index) as searcher:
        assert searcher.search("*", limit=0).total == 6300
        assert searcher.search("nomor6299").total == 1
    assert invoke("check", str(corpus), "--index", str(index)).exit_code == 0


def test_check_reads_every_shard_back_on_the_workers(built: Path, address: str, tmp_path: Path):
    import shutil

    alone = invoke("check", "--index", str(built), "--format", "json")
    spread = invoke("check", "--index", str(built), "--format", "json", "--cluster", address)
    assert spread.exit_code == alone.exit_code == 0, spread.output
    assert json.loads(spread.stdout) == json.loads(alone.stdout)
    # a damaged segment is found by the worker that reads its shard, as check alone finds it
    damaged = tmp_path / "ix"
    shutil.copytree(built, damaged)
    segment = max((damaged / json.loads((damaged / "warta.json").read_text())["shards"][1]).glob("*.seg"))
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])
    alone = invoke("check", "--index", str(damaged), "--format", "json")
    spread = invoke("check", "--index", str(damaged), "--format", "json", "--cluster", address)
    assert spread.exit_code == alone.exit_code == 3, spread.output
    found, want = json.loads(spread.stdout), json.loads(alone.stdout)
    assert found["problems"] == want["problems"] and found["problems"]
