"""The HTML pages: search with facets and a timeline, an article, the index's stats, errors.

Rendered on the server with Jinja2, autoescaping everything that comes from
articles; snippets keep only warta's own ``<mark>`` around matched words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from ..engine import last_changed
from ..errors import QueryError, RequestError
from ..model import FACETS, Filters
from ..requests import default_unit

if TYPE_CHECKING:
    from .app import Service

TEMPLATES = Jinja2Templates(directory=str(resources.files(__package__) / "templates"))
# The parameters a search page keeps in its links (paging, facets, the timeline).
KEPT = (
    "q", "unit", "source", "lang", "dateline", "category", "speaker", "since", "until", "match", "limit",
    "correct", "translate", "collapse",
)  # fmt: skip
_MARK_RE = re.compile(r"(<mark>|</mark>)")
FILTERS = (
    "source",
    "lang",
    "dateline",
    "category",
    "speaker",
    "since",
    "until",
)  # a filter alone lists its articles
_PIECE_RE = re.compile(r"#[pq]\d+$")
# The timeline draws at most this many months (20 years), back from the last with matches.
MAX_MONTHS = 240


def marked(snippet: str | None) -> Markup:
    """A snippet escaped, but for warta's own ``<mark>`` tags around matched words."""
    parts = _MARK_RE.split(snippet or "")
    return Markup("".join(part if part in ("<mark>", "</mark>") else str(escape(part)) for part in parts))


def article_of(hit_id: str) -> str:
    """The article a hit's id names: ``a.jsonl#41#p2`` (a paragraph) is ``a.jsonl#41``."""
    return _PIECE_RE.sub("", hit_id)


TEMPLATES.env.filters["marked"] = marked
TEMPLATES.env.filters["article_of"] = article_of


@dataclass(slots=True)
class Bar:
    """One month of the timeline: its count, where the bar is drawn, the link that narrows to it."""

    label: str
    count: int
    x: float
    height: float
    width: float
    href: str


def link(given: dict[str, str], **changed: str | None) -> str:
    """The search page's address with *given*'s parameters, some changed (None: left out)."""
    kept = {k: v for k, v in given.items() if k in KEPT and v}
    for key, value in changed.items():
        if value is None:
            kept.pop(key, None)
        else:
            kept[key] = value
    return "/?" + urlencode(kept)


def timeline(months: dict[str, int], given: dict[str, str], width: int = 600, height: int = 80) -> list[Bar]:
    """A bar per month with matches, placed on an axis of every month from the first with matches
    to the last (so that gaps show as gaps; at most `MAX_MONTHS`, the latest), scaled to the tallest."""
    counted = {m: n for m, n in months.items() if re.fullmatch(r"\d{4}-\d{2}", m)}
    if not counted:
        return []
    first = min(counted)
    year, month = int(max(counted)[:4]), int(max(counted)[5:])
    axis: list[str] = []
    while (label := f"{year:04d}-{month:02d}") >= first and len(axis) < MAX_MONTHS:
        axis.insert(0, label)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    top = max(counted.get(m, 0) for m in axis)
    step = width / len(axis)
    return [
        Bar(
            m,
            counted[m],
            round(i * step, 1),
            round(max(1.0, height * counted[m] / top), 1),
            round(max(1.0, step * 0.8), 1),
            link(given, since=m, until=m, offset=None),
        )
        for i, m in enumerate(axis)
        if counted.get(m)
    ]


def search(request: Request, service: Service) -> Response:
    """The search page: the form, and for a query its hits, facets, timeline and paging."""
    given = {k: v for k, v in request.query_params.items() if v}
    context: dict[str, Any] = {"given": given, "link": link, "facet_names": FACETS}
    if "q" not in given and not any(k in given for k in FILTERS):
        context["stats"] = service.stats()
        context["changed"] = service.following.committed
        return TEMPLATES.TemplateResponse(request, "search.html", context)
    asked = dict(given)
    if (given.get("unit") or default_unit(Filters(speaker=given.get("speaker")))) == "article":
        asked["facets"] = ",".join(FACETS)  # (they count articles)
    try:
        results, took = service.run(asked)
    except (RequestError, QueryError) as err:
        context["problem"] = str(err)
        # (a request refused before the index was opened: its commit read here, as searches do)
        context["changed"] = service.following.committed or last_changed(service.index)
        return TEMPLATES.TemplateResponse(request, "search.html", context, status_code=400)
    limit = int(given.get("limit", "10") or 10)
    offset = int(given.get("offset", "0") or 0)
    context.update(
        results=results,
        took=took,
        bars=timeline((results.facets or {}).get("month", {}), given),
        changed=service.following.committed,
        previous=link(given, offset=str(max(0, offset - limit))) if offset > 0 else None,
        following=link(given, offset=str(offset + limit))
        if limit > 0 and offset + limit < results.total
        else None,
    )
    return TEMPLATES.TemplateResponse(request, "search.html", context)


def article(request: Request, service: Service) -> Response:
    """One article: its pieces as warta read them, its quotes' speakers as links, related articles."""
    doc_id = request.path_params["id"]
    found = service.article(doc_id)
    if found is None:
        return error(request, 404, f"no article with id {doc_id!r}")
    related = service.related(found.id, limit=5)
    context = {"article": found, "related": related.hits if related else [], "link": link}
    return TEMPLATES.TemplateResponse(request, "article.html", context)


def stats(request: Request, service: Service) -> Response:
    opened = service.following.changed
    context = {
        "stats": service.stats(),
        "opened": opened.astimezone(dt.UTC) if opened else None,
        "changed": service.following.committed,
    }
    return TEMPLATES.TemplateResponse(request, "stats.html", context)


def help_page(request: Request) -> Response:
    return TEMPLATES.TemplateResponse(request, "help.html", {})


def login(request: Request, failed: bool = False) -> Response:
    return TEMPLATES.TemplateResponse(
        request, "login.html", {"failed": failed}, status_code=401 if failed else 200
    )


def error(request: Request, status: int, message: str) -> Response:
    return TEMPLATES.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
