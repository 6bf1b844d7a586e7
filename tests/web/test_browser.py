"""`warta serve` in a real browser: Playwright driving Debian's chromium against a running server.

A person's path through the page: search, click a facet, page, open an article and a speaker,
follow the timeline.  Screenshots are kept in ``.test-artifacts/`` (not tracked).  The tests are
skipped, saying why, where chromium is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("starlette", reason="warta serve needs the 'serve' extra")
playwright = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium here: apt-get install -y --no-install-recommends chromium"
)

import uvicorn  # noqa: E402

from conftest import REPO, invoke  # noqa: E402
from warta.web.app import create_app  # noqa: E402

ARTIFACTS = REPO / ".test-artifacts"


def _articles() -> list[dict[str, str]]:
    """Twelve articles over three months and two sources, two of them quoting a speaker."""
    out = []
    for n in range(12):
        month = ("2024-07", "2024-08", "2024-09")[n % 3]
        out.append(
            {
                "id": f"gaza-{n:02d}",
                "title": f"Perundingan Gencatan Senjata Gaza Hari ke-{n + 1}",
                "body": f"Perundingan gencatan senjata di Gaza berlanjut pada hari ke-{n + 1}.\n\n"
                + ('"Kami ingin damai," kata Antony Blinken di Doha.' if n < 2 else "Warga menunggu kabar."),
                "source": "Kompas.com" if n % 2 else "Tempo.co",
                "date": f"{month}-{10 + n:02d}",
                "lang": "id",
            }
        )
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("browser")
    (base / "corpus").mkdir()
    (base / "corpus" / "a.jsonl").write_text("".join(json.dumps(a) + "\n" for a in _articles()), "utf-8")
    assert invoke("ingest", str(base / "corpus"), "--index", str(base / "ix")).exit_code == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(base / "ix"), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--disable-dev-shm-usage"])
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        messages: list[str] = []
        tab.on("console", lambda message: messages.append(message.text))
        yield tab
        browser.close()
        # nothing the page did was refused by its Content-Security-Policy, or failed
        assert not [m for m in messages if "Content Security Policy" in m or "error" in m.lower()], messages


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_facet_and_paging(page: Any, server: str):
    page.goto(server + "/")
    page.fill("input[name=q]", "gencatan senjata")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("p.count").inner_text().startswith("12 articles")
    assert page.locator("ol.hits li.hit").count() == 10
    assert page.locator("li.hit mark").count() >= 10
    _shot(page, "search")
    page.click("aside.facets >> text=Kompas.com")
    page.wait_for_selector("a.chip")
    assert page.locator("p.count").inner_text().startswith("6 articles")
    assert all(meta.startswith("Kompas.com") for meta in page.locator("li.hit .meta").all_inner_texts())
    page.click("a.chip")  # the filter removed
    page.wait_for_selector("a[rel=next]")
    page.click("a[rel=next]")
    page.wait_for_selector("a[rel=prev]")
    assert page.locator("ol.hits li.hit").count() == 2  # 12 hits, 10 a page
    _shot(page, "page-2")


def test_timeline_narrows_to_a_month(page: Any, server: str):
    page.goto(server + "/?q=gencatan+senjata")
    bars = page.locator("figure.timeline rect")
    assert bars.count() == 3  # July, August, September
    page.click("figure.timeline a >> nth=1")
    page.wait_for_selector("a.chip")
    assert "since=2024-08" in page.url and "until=2024-08" in page.url
    assert page.locator("p.count").inner_text().startswith("4 articles")
    _shot(page, "timeline")


def test_article_and_speaker(page: Any, server: str):
    page.goto(server + "/?q=blinken")
    page.click("ol.hits li.hit a.title >> nth=0")
    page.wait_for_selector("article.article h1")
    assert "Kami ingin damai" in page.locator("section.quotes").inner_text()
    _shot(page, "article")
    page.click("section.quotes >> text=Antony Blinken")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("p.count").inner_text().startswith("2 quotes")
    _shot(page, "speaker")


def test_apply_takes_the_query_typed_and_a_speaker_alone_lists_quotes(page: Any, server: str):
    page.goto(server + "/?q=gencatan+senjata")
    page.fill("input[name=q]", "damai")
    page.select_option("select[name=unit]", "passage")
    page.click("button:has-text('Apply')")
    page.wait_for_selector("p.count")
    assert "q=damai" in page.url and "unit=passage" in page.url
    assert page.locator("p.count").inner_text().startswith("2 paragraphs")
    page.goto(server + "/")
    page.fill("input[name=speaker]", "Blinken")
    page.click("button:has-text('Apply')")
    page.wait_for_selector("p.count")
    assert page.locator("p.count").inner_text().startswith("2 quotes")
