"""`warta serve` over HTTP, in process (Starlette's TestClient): the JSON API, the pages, errors,
the access token, and what a hostile corpus cannot do to a page."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="warta serve needs the 'serve' extra")
from starlette.testclient import TestClient

import warta
from conftest import invoke
from warta.web.app import create_app

HOSTILE = {
    "id": "evil/one",
    "title": "<script>alert('title')</script> Banjir di Jakarta",
    "body": "JAKARTA - Banjir <img src=x onerror=alert(1)> merendam rumah warga.\n\n"
    '"Kami <script>alert(2)</script> mengungsi," kata <b>Budi</b> <script>alert(3)</script>.',
    "source": "<i>Evil</i> News",
    "date": "2020-01-02",
    "lang": "id",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("serve")
    corpus = base / "corpus"
    corpus.mkdir()
    records = [
        HOSTILE,
        {
            "id": "gaza-1",
            "title": "Perundingan Gencatan Senjata di Gaza",
            "body": "Para pihak melanjutkan perundingan gencatan senjata di Gaza.\n\n"
            '"Kami ingin damai," kata Antony Blinken di Doha.',
            "source": "Kompas.com",
            "date": "2024-08-19",
            "lang": "id",
        },
        {
            "id": "gaza-2",
            "title": "Gencatan Senjata Berlaku",
            "body": "Gencatan senjata mulai berlaku di Gaza setelah perundingan panjang.",
            "source": "Tempo.co",
            "date": "2024-09-02",
            "lang": "id",
        },
    ]
    (corpus / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    result = invoke("ingest", str(corpus), "--index", str(base / "ix"))
    assert result.exit_code == 0, result.output
    return base / "ix"


@pytest.fixture(scope="module")
def client(index: Path) -> TestClient:
    return TestClient(create_app(index))


# -- the API -----------------------------------------------------------------------------------


def test_api_search_answers_as_the_command_line_does(client: TestClient, index: Path):
    reply = client.get("/api/search", params={"q": "gencatan senjata", "facets": "source,month"})
    assert reply.status_code == 200
    data = reply.json()
    cli = json.loads(invoke("search", "gencatan senjata", "--index", str(index), "--format", "json").stdout)
    assert [h["id"] for h in data["hits"]] == [h["id"] for h in cli["hits"]] == ["gaza-2", "gaza-1"]
    assert data["total"] == cli["total"] == 2 and isinstance(data["took_ms"], float)
    assert data["facets"]["source"] == {"Kompas.com": 1, "Tempo.co": 1}
    assert data["facets"]["month"] == {"2024-08": 1, "2024-09": 1}


def test_api_search_by_post_takes_a_json_body(client: TestClient):
    data = client.post("/api/search", json={"q": "ceasefire talks", "limit": 1}).json()
    assert data["translation"] == "en-id" and [h["id"] for h in data["hits"]] == ["gaza-1"]
    assert client.post("/api/search", content=b"[1]").status_code == 400


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "banjir", "limit": "ten"}, "limit"),
        ({"q": "banjir", "limit": "1000"}, "limit"),
        ({"q": "banjir", "facets": "author"}, "facets"),
        ({"q": "banjir", "lang": "klingon"}, "lang"),
        ({"q": "banjir", "since": "2025-13"}, "since"),
        ({"q": "banjir", "collapse": "maybe"}, "collapse"),
        ({"q": "x" * 1001}, "q"),
    ],
)
def test_api_errors_name_the_parameter_with_a_400(client: TestClient, params: dict, parameter: str):
    reply = client.get("/api/search", params=params)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["parameter"] == parameter and error["status"] == 400
    assert parameter in error["message"] and "Traceback" not in reply.text


def test_a_query_with_nothing_to_search_is_a_400(client: TestClient):
    reply = client.get("/api/search", params={"q": "title:"})
    assert reply.status_code == 400  # the command line's message: what is missing, and an example
    assert (
        reply.json()["error"]["message"] == "'title:' needs a word or a \"phrase\" after it, as in title:gaza"
    )


def test_api_article_related_stats_and_health(client: TestClient):
    article = client.get("/api/articles/gaza-1").json()
    assert article["title"] == "Perundingan Gencatan Senjata di Gaza"
    assert [q["speaker"] for q in article["quotes"]] == ["Antony Blinken"]
    # an id with a slash is an id, not a path
    assert client.get("/api/articles/evil/one").json()["id"] == "evil/one"
    related = client.get("/api/articles/gaza-1/related").json()
    assert related["hits"][0]["id"] == "gaza-2"  # the same story first
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "no article with id 'nope'"
    assert client.get("/api/stats").json()["articles"] == 3
    assert client.get("/api/health").json()["status"] == "ok"


def test_a_missing_index_is_a_503_with_the_command_to_build_one(tmp_path: Path):
    reply = TestClient(create_app(tmp_path / "nothing")).get("/api/search", params={"q": "banjir"})
    assert reply.status_code == 503 and "warta ingest" in reply.json()["error"]["message"]


def test_the_server_follows_the_index_after_an_ingest(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Banjir Jakarta\n\nBanjir merendam Jakarta.", "utf-8")
    invoke("ingest", str(corpus), "--index", str(tmp_path / "ix"))
    live = TestClient(create_app(tmp_path / "ix"))
    assert live.get("/api/search", params={"q": "gempa"}).json()["total"] == 0
    (corpus / "b.txt").write_text("Gempa Lombok\n\nGempa mengguncang Lombok.", "utf-8")
    invoke("ingest", str(corpus), "--index", str(tmp_path / "ix"))
    assert live.get("/api/search", params={"q": "gempa"}).json()["total"] == 1  # no restart


# -- the pages ---------------------------------------------------------------------------------


def test_the_search_page_lists_hits_facets_timeline_and_marks(client: TestClient):
    page = client.get("/", params={"q": "gencatan senjata"})
    assert page.status_code == 200
    html = page.text
    assert html.index("Gencatan Senjata Berlaku") < html.index("Perundingan Gencatan Senjata di Gaza")
    assert "<mark>Gencatan</mark>" in html or "<mark>gencatan</mark>" in html
    assert 'href="/?q=gencatan+senjata&amp;source=Kompas.com"' in html  # a facet is a filter
    bars = re.findall(r'<a href="([^"]*since=2024-0[89][^"]*)"><rect', html)  # a bar a month
    assert len(bars) == 2 and "until=2024-08" in bars[0]


def test_a_facet_link_narrows_and_can_be_removed(client: TestClient):
    html = client.get("/", params={"q": "gencatan senjata", "source": "Kompas.com"}).text
    assert "Perundingan Gencatan Senjata di Gaza" in html and "Gencatan Senjata Berlaku" not in html
    assert 'href="/?q=gencatan+senjata" title="remove this filter"' in html


def test_the_article_page_links_speakers_and_related_articles(client: TestClient):
    html = client.get("/articles/gaza-1").text
    assert "Kami ingin damai" in html
    assert 'href="/?q=%2A&amp;unit=quote&amp;speaker=Antony+Blinken"' in html
    assert 'href="/articles/gaza-2"' in html  # related
    speaker = client.get("/", params={"q": "*", "unit": "quote", "speaker": "Antony Blinken"}).text
    assert "Kami ingin damai" in speaker


def test_pages_for_no_results_bad_queries_and_unknown_pages(client: TestClient):
    assert "No articles match" in client.get("/", params={"q": "zzzqqq"}).text
    bad = client.get("/", params={"q": "banjir", "since": "2025-13"})
    assert bad.status_code == 400 and 'class="problem"' in bad.text
    missing = client.get("/articles/nope")
    assert missing.status_code == 404 and "no article with id" in missing.text
    assert client.get("/nothing-here").status_code == 404


def test_nothing_from_an_article_runs_in_a_page(client: TestClient):
    for page in (client.get("/", params={"q": "banjir"}), client.get("/articles/evil/one")):
        assert page.status_code == 200
        assert "<script>" not in page.text and "<img src=x" not in page.text and "<b>Budi" not in page.text
        assert "&lt;script&gt;" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"


# -- the access token --------------------------------------------------------------------------


def test_a_token_is_asked_for_by_the_api_and_the_pages(index: Path):
    guarded = TestClient(create_app(index, token="s3cret"))
    assert guarded.get("/api/search", params={"q": "banjir"}).status_code == 401
    ok = guarded.get("/api/search", params={"q": "banjir"}, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    first = guarded.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/login"
    assert guarded.post("/login", data={"token": "wrong"}).status_code == 401
    signed = guarded.post("/login", data={"token": "s3cret"}, follow_redirects=False)
    assert signed.status_code == 303 and "warta_token" in signed.headers["set-cookie"]
    assert guarded.get("/", params={"q": "banjir"}).status_code == 200  # the cookie now


def test_serve_refuses_to_listen_beyond_this_machine_without_a_token(index: Path):
    result = invoke("serve", "--index", str(index), "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert "--token" in result.output and "--no-auth" in result.output


def test_the_library_follows_the_index_too(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Banjir\n\nBanjir di kota.", "utf-8")
    warta.ingest([corpus], tmp_path / "ix", workers=False)
    following = warta.FollowingSearcher(tmp_path / "ix")
    first = following.current()
    assert following.current() is first  # nothing changed: the same searcher
    (corpus / "b.txt").write_text("Gempa\n\nGempa di kota.", "utf-8")
    warta.ingest([corpus], tmp_path / "ix", workers=False)
    assert following.current() is not first and following.current().search("gempa").total == 1
    following.close()


def test_the_timeline_is_an_axis_of_months_with_gaps_shown(client: TestClient):
    # the three articles: 2020-01, 2024-08, 2024-09; every month between drawn, 57 in all
    html = client.get("/", params={"q": "*"}).text
    xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)"', html)]
    step = 600 / 57
    assert xs == [0.0, round(55 * step, 1), round(56 * step, 1)]


def test_a_body_past_the_limit_is_refused_as_it_arrives(client: TestClient):
    def chunks():  # no Content-Length: sent chunked, counted as it comes
        for _ in range(100):
            yield b"x" * 1024

    reply = client.post("/api/search", content=chunks())
    assert reply.status_code == 413 and "65536 bytes" in reply.json()["error"]["message"]
    assert "script-src 'self'" in reply.headers["content-security-policy"]
    deep = client.post("/api/search", content=b"[" * 40_000)
    assert deep.status_code == 400 and deep.headers["x-content-type-options"] == "nosniff"


def test_a_speaker_alone_lists_their_quotes_and_choices_survive_paging(client: TestClient):
    quotes = client.get("/", params={"speaker": "Antony Blinken"})
    assert quotes.status_code == 200 and "Kami ingin damai" in quotes.text
    html = client.get("/", params={"q": "gencatan senjata", "correct": "false", "limit": "1"}).text
    assert re.search(r'rel="next" href="[^"]*correct=false', html)


def test_a_watched_folder_is_ingested_again_when_it_changes(tmp_path: Path):
    from warta.indexing.watch import watch_in_background

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Banjir Jakarta\n\nBanjir merendam Jakarta.", "utf-8")
    reports: list[object] = []
    stop = watch_in_background([corpus], tmp_path / "ix", reports.append, lambda err: reports.append(err))
    live = TestClient(create_app(tmp_path / "ix"))
    try:
        for _ in range(200):  # the first ingest, as the watcher starts
            if reports:
                break
            time.sleep(0.05)
        assert live.get("/api/search", params={"q": "banjir"}).json()["total"] == 1
        (corpus / "b.txt").write_text("Gempa Lombok\n\nGempa mengguncang Lombok.", "utf-8")
        for _ in range(400):  # a change: seen, debounced, ingested (a wait, not a timing)
            if len(reports) >= 2:
                break
            time.sleep(0.05)
        assert [getattr(r, "added", r) for r in reports] == [1, 1]
        assert live.get("/api/search", params={"q": "gempa"}).json()["total"] == 1
    finally:
        stop.set()


def test_related_takes_a_limit_and_pieces_have_anchors(client: TestClient):
    assert len(client.get("/api/articles/gaza-1/related", params={"limit": 1}).json()["hits"]) == 1
    assert client.get("/api/articles/gaza-1/related", params={"limit": "abc"}).status_code == 400
    html = client.get("/articles/gaza-1").text
    assert 'id="p1"' in html and 'id="q1"' in html  # a paragraph or quote hit links to #p1, #q1
    past = client.get("/", params={"q": "gencatan senjata", "offset": 50}).text
    assert "past the last of the 2" in past and "No articles match" not in past


def test_pages_say_when_the_index_last_changed(client: TestClient, index: Path):
    from warta.engine import last_changed

    changed = last_changed(index)
    assert changed is not None
    stamp = changed.strftime("%Y-%m-%d %H:%M")
    assert f"The index last changed {stamp} UTC" in client.get("/", params={"q": "banjir"}).text
    assert stamp in client.get("/stats").text


def test_a_category_facet_is_a_filter_in_the_page_and_on_the_command_line(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [
        {"id": "a", "title": "Banjir Jakarta", "body": "Banjir di Jakarta.", "category": "Nasional"},
        {"id": "b", "title": "Banjir Bandang", "body": "Banjir di Garut.", "category": "Daerah"},
    ]
    (corpus / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    invoke("ingest", str(corpus), "--index", str(tmp_path / "ix"))
    live = TestClient(create_app(tmp_path / "ix"))
    html = live.get("/", params={"q": "banjir"}).text
    assert 'href="/?q=banjir&amp;category=Daerah"' in html
    narrowed = live.get("/api/search", params={"q": "banjir", "category": "daerah"}).json()
    assert [h["id"] for h in narrowed["hits"]] == ["b"]
    cli = invoke(
        "search", "banjir", "--category", "Nasional", "--index", str(tmp_path / "ix"), "--format", "json"
    )
    assert [h["id"] for h in json.loads(cli.stdout)["hits"]] == ["a"]
