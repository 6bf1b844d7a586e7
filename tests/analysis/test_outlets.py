"""The outlet an article's web address names, and the outlets a dateline may name."""

from __future__ import annotations

import pytest

from warta.analysis.outlets import names_outlet, outlet_from_url


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://news.detik.com/berita/d-7712345/banjir-bekasi", "detik.com"),
        ("http://WWW.Tempo.CO/read/123", "tempo.co"),
        ("https://europe.chinadaily.com.cn/a/2017/x.html", "China Daily"),  # a suffix of two labels
        ("https://www.bbc.co.uk/news/world-123", "BBC"),
        ("http://abcnews.go.com/Politics/story?id=45310061", "ABC News"),  # go.com hosts other outlets
        ("https://www.go.com/", "go.com"),
        ("https://bisnis.tempo.co./x", "tempo.co"),  # a fully qualified host
        ("https://kabar-desa.blogspot.com/2020/01/x.html", "kabar-desa.blogspot.com"),  # a private suffix
        ("http://192.168.1.10/berita/1", None),
        ("http://[::1]/x", None),
        ("http://localhost:8080/x", None),
        ("https://co.uk/", None),
        ("berita tanpa alamat", None),
        ("http://[::1", None),
        ("www.kompas.com/read/2024/01/01/x", "kompas.com"),  # written without its scheme
        ("https://web.archive.org/web/2017/http://www.cnn.com/x", None),  # an archive: not the outlet
        ("https://t.co/abc123", None),
        ("https://www-detik-com.cdn.ampproject.org/c/s/www.detik.com/x", None),
        ("", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None):
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("KOMPAS.com", True),
        ("ANTARA", True),
        ("antara", True),
        ("CNN Indonesia", True),
        ("Reuters", True),
        ("Bulgaria", False),
        ("Occupied West Bank", False),
        ("Senayan", False),
    ],
)
def test_names_outlet(words: str, expected: bool):
    assert names_outlet(words) is expected
