"""Files that hold one article: ``.txt`` and ``.md``.

A first line that looks like a headline (short, followed by a blank line, no
final full stop) becomes the title.  Markdown may open with a ``---`` front
matter block of ``key: value`` lines (title, date, source, url, lang,
category, id), and its first ``# heading`` is the title when the front matter
has none; Markdown's emphasis and link syntax is taken out of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analysis.dates import parse_date
from ..model import Article, Failure, Notice, SourceFile
from .decoding import repair_mojibake

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING_RE = re.compile(r"^#{1,6}[ \t]+", re.M)
_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)")


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line) <= 200 and not line.rstrip().endswith((".", ",", ";", ":", "”", '"'))


def read_one_article(source: SourceFile, text: str, markdown: bool) -> Iterator[Article | Failure | Notice]:
    meta: dict[str, str] = {}
    if markdown:
        m = _FRONT_MATTER_RE.match(text)
        if m:
            for line in m.group(1).splitlines():
                key, sep, value = line.partition(":")
                if sep:
                    meta[key.strip().lower()] = value.strip().strip("'\"")
            text = text[m.end() :]
    text = text.strip()
    title = meta.get("title", "")
    if markdown and not title:
        first, _, rest = text.partition("\n")
        if first.startswith("# "):
            title, text = first[2:].strip(), rest.strip()
    if not title:
        first, sep, rest = text.partition("\n")
        if sep and rest.startswith("\n") and _looks_like_headline(first.strip()):
            title, text = first.strip(), rest.strip()
    if markdown:
        text = _MD_EMPHASIS_RE.sub("", _MD_LINK_RE.sub(r"\1", _MD_HEADING_RE.sub("", text)))
    if not text and not title:
        yield Failure(source.display, "empty file: no article text")
        return
    mended_title, mended_text = repair_mojibake(title), repair_mojibake(text)
    if (mended_title, mended_text) != (title, text):
        title, text = mended_title, mended_text
        yield Notice(source.display, "mojibake mended by ftfy")
    yield Article(
        id=meta.get("id") or source.rel,
        generated_id=not meta.get("id"),
        title=title,
        body=text,
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        date=parse_date(meta.get("date")),
        lang=(meta.get("lang") or "").lower() or None,
        category=meta.get("category") or None,
        path=source.key,
    )
