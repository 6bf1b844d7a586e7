"""A request's parameters (query string, form or JSON body) as the library's search options.

Text comes in; the library's `requests.search_request` checks the values and
raises `RequestError` naming the parameter, which the server turns into a 400
with the same message.  What is checked here is only what text cannot say
directly: numbers, booleans, lists, and the limits a shared server needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import RequestError
from ..model import Filters

# A server shares one machine among its users: no page of more than this many hits, no query
# longer than this (a long query is slow to compile and to score, and no one types one).
MAX_LIMIT = 100
MAX_QUERY_CHARS = 1000
DEFAULT_LIMIT = 10

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def search_options(given: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The query and the options of `Searcher.search` that *given* holds (strings, or JSON values)."""
    query = given.get("q", "")
    if not isinstance(query, str):
        raise RequestError("q", "{q} must be text")
    query = query.strip() or "*"
    if len(query) > MAX_QUERY_CHARS:
        raise RequestError("q", "{q} is longer than {most} characters", most=MAX_QUERY_CHARS)
    limit = _number(given, "limit", DEFAULT_LIMIT)
    if limit > MAX_LIMIT:
        raise RequestError(
            "limit", "{limit} is at most {most} here, not {value}", most=MAX_LIMIT, value=limit
        )
    options: dict[str, Any] = {
        "limit": limit,
        "offset": _number(given, "offset", 0),
        "filters": Filters(
            source=_text(given, "source"),
            lang=_text(given, "lang"),
            dateline=_text(given, "dateline"),
            speaker=_text(given, "speaker"),
            since=_text(given, "since"),  # type: ignore[arg-type]
            until=_text(given, "until"),  # type: ignore[arg-type]
            category=_text(given, "category"),
        ),
        "match": _text(given, "match") or "any",
        "unit": _text(given, "unit"),
        "facets": _names(given.get("facets")),
        "collapse": _flag(given, "collapse", True),
        "correct": _flag(given, "correct", True),
        "translate": _flag(given, "translate", None),
    }
    return query, options


def related_limit(given: Mapping[str, Any]) -> int:
    """How many related articles *given* asks for (``limit``, 10 by default, at most `MAX_LIMIT`)."""
    limit = _number(given, "limit", DEFAULT_LIMIT)
    if not 0 <= limit <= MAX_LIMIT:
        raise RequestError("limit", "{limit} is 0 to {most} here, not {value}", most=MAX_LIMIT, value=limit)
    return limit


def _text(given: Mapping[str, Any], name: str) -> str | None:
    value = given.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RequestError(name, "{" + name + "} must be text, not {value!r}", value=value)
    return value


def _number(given: Mapping[str, Any], name: str, default: int) -> int:
    value = given.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise RequestError(name, "{" + name + "} must be a whole number, not {value!r}", value=value)
    try:
        return int(value)
    except ValueError:
        raise RequestError(
            name, "{" + name + "} must be a whole number, not {value!r}", value=value
        ) from None


def _flag(given: Mapping[str, Any], name: str, default: bool | None) -> bool | None:
    value = given.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise RequestError(name, "{" + name + "} must be true or false, not {value!r}", value=value)


def _names(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(name.strip() for name in value.split(",") if name.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RequestError("facets", "{facets} must be names separated by commas, not {value!r}", value=value)
