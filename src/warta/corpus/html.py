"""Saved news pages (``.html``, ``.htm``): the article, without navigation, ads and footers.

trafilatura (an optional dependency: ``pip install 'warta[html]'``) finds the
main text and the page's metadata (title, date, site name, canonical URL);
it also works out the page's encoding.
"""

from __future__ import annotations

import unicodedata

from ..analysis.dates import parse_date
from ..model import Article, Failure, SourceFile
from .decoding import repair_mojibake


def read_html(source: SourceFile, raw: bytes) -> Article | Failure:
    """The article in a saved news page (*raw*, its bytes)."""
    try:
        import trafilatura
    except ImportError:
        return Failure(source.display, "reading HTML needs trafilatura: pip install 'warta[html]'")
    try:
        page = trafilatura.bare_extraction(raw, with_metadata=True, favor_precision=True)
    except Exception as err:  # a page the extractor cannot parse is one failure, not a crash
        return Failure(source.display, f"cannot extract the article from this page ({type(err).__name__})")
    text = (getattr(page, "text", None) or "").strip() if page else ""
    if not text:
        return Failure(source.display, "no article text found in the page")
    title = (page.title or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest.strip()  # the extractor repeats the headline as the first line
    return Article(
        id=source.rel,
        generated_id=True,
        title=repair_mojibake(title),
        body=unicodedata.normalize("NFC", repair_mojibake(text)),
        source=page.sitename or page.hostname or None,
        url=page.url or None,
        date=parse_date(page.date),
        lang=(page.language or "").lower() or None,
        path=source.key,
    )
