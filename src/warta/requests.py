"""What callers may ask of warta, checked in one place.

The command line, scripts and the web API hand what they were given to these
functions, directly or through the library calls that use them
(`Searcher.search`, `ingest`, `check_index`), and get back values that can be
run, or an `RequestError` saying what is wrong.  Messages name the
library's parameters (``limit must not be negative``); each front end words
them in its own terms (`RequestError.worded`: the command line says
``--limit``).

Text that arrived as bytes that were not UTF-8 (a command-line argument, a
JSON string with half a surrogate pair) is read with U+FFFD in their place,
so that it can be searched for and printed back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from .analysis.dates import parse_period
from .analysis.language import normalise_language
from .analysis.words import fold_label
from .errors import RequestError
from .model import FACETS, MATCHES, UNITS, Filters, SearchRequest


def text(value: str) -> str:
    """*value* as text that can be printed: lone surrogates (bytes that were not UTF-8) as U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _optional_text(value: str | None) -> str | None:
    return None if value is None else text(value)


def search_request(
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    filters: Filters | None = None,
    match: str = "any",
    unit: str | None = None,
    facets: str | Iterable[str] = (),
    collapse: bool = True,
    qid: str | None = None,
    correct: bool = True,
    translate: bool | None = None,
    snippets: bool = True,
) -> SearchRequest:
    """A search that can be run, or `RequestError`.

    *unit* defaults to quotes when *filters* name a speaker, else articles;
    *facets* is a list of names or one comma-separated string
    (``"source,month"``).  Whether the query has anything to search for is
    known only once it is read against the index (`QueryError`).
    """
    given = SearchRequest(
        query=query,
        limit=limit,
        offset=offset,
        filters=filters if filters is not None else Filters(),
        match=match,
        unit=unit or "",  # type: ignore[arg-type]  # filled in by check_search
        facets=facets,  # type: ignore[arg-type]
        collapse=collapse,
        qid=qid,
        correct=correct,
        translate=translate,
        snippets=snippets,
    )
    return check_search(given)


def check_search(request: SearchRequest) -> SearchRequest:
    """*request* if it can be run, with its defaults filled in (the unit) and its facets as names.

    `Searcher.run` checks what it is given here, so that a request made by
    hand gets the same messages as one made by `search_request`.
    """
    if not isinstance(request.query, str):
        raise RequestError("query", "{query} must be text, not {value!r}", value=request.query)
    check_count("limit", request.limit)
    check_count("offset", request.offset)
    names = facet_names(request.facets)
    filters = check_filters(request.filters)
    unit = request.unit or default_unit(filters)
    if unit not in UNITS:
        raise RequestError(
            "unit", "{unit} must be one of {units}, not {value!r}", units=", ".join(UNITS), value=unit
        )
    if names and unit != "article":
        raise RequestError("facets", "{facets} counts articles; use it with {unit} article")
    if request.match not in MATCHES:
        raise RequestError("match", "{match} must be 'any' or 'all', not {value!r}", value=request.match)
    if not isinstance(request.snippets, bool):
        raise RequestError(
            "snippets", "{snippets} must be True or False, not {value!r}", value=request.snippets
        )
    if request.translate is not None and not isinstance(request.translate, bool):  # "false" is true
        raise RequestError(
            "translate",
            "{translate} must be True, False or None (as detected), not {value!r}",
            value=request.translate,
        )
    return dataclasses.replace(
        request,
        query=text(request.query),
        filters=filters,
        unit=unit,
        facets=names,
        collapse=bool(request.collapse),
        correct=bool(request.correct),
        translate=request.translate,
        snippets=request.snippets,
    )


def default_unit(filters: Filters) -> str:
    """What a search lists when no unit is asked for: quotes when a speaker is, else articles."""
    return "quote" if filters.speaker else "article"


def check_count(parameter: str, value: int) -> int:
    """A number of hits (``limit``, ``offset``): a whole number, not negative."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(
            parameter, "{" + parameter + "} must be a whole number, not {value!r}", value=value
        )
    if value < 0:
        raise RequestError(parameter, "{" + parameter + "} must not be negative")
    return value


def check_jobs(jobs: int) -> int:
    """Processes a batch may run in: a whole number, at least 1."""
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise RequestError("jobs", "{jobs} must be a whole number, not {value!r}", value=jobs)
    if jobs < 1:
        raise RequestError("jobs", "{jobs} must be at least 1")
    return jobs


def facet_names(facets: str | Iterable[str]) -> tuple[str, ...]:
    """Facet names from a list or a comma-separated string, each one of `FACETS`."""
    given = facets.split(",") if isinstance(facets, str) else list(facets)
    if not all(isinstance(name, str) for name in given):
        raise RequestError("facets", "{facets} must be names, not {value!r}", value=facets)
    names = tuple(name.strip().lower() for name in given if name.strip())
    unknown = [name for name in names if name not in FACETS]
    if unknown:
        raise RequestError(
            "facets",
            "cannot count by {value!r}; {facets} takes {names}",
            value=unknown[0],
            names=", ".join(FACETS),
        )
    return names


def filters(
    *,
    source: str | None = None,
    lang: str | None = None,
    dateline: str | None = None,
    speaker: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    category: str | None = None,
) -> Filters:
    """Filters from what a person typed: *since* and *until* as ``YYYY``, ``YYYY-MM`` or a full date."""
    return check_filters(
        Filters(
            source=_optional_text(source),
            lang=_optional_text(lang),
            dateline=_optional_text(dateline),
            speaker=_optional_text(speaker),
            since=since,  # type: ignore[arg-type]  # read by check_filters
            until=until,  # type: ignore[arg-type]
            category=_optional_text(category),
        )
    )


def check_filters(given: Filters) -> Filters:
    """*given*, checked: labels with a letter or digit to match, a language warta knows, dates.

    *since* and *until* may be given as text (``2019``, ``2019-09``, a full
    date), which is read here: since as the first day of the period, until as
    the last.  A period that matches nothing (since after until) is a search
    that finds nothing, not an error.
    """
    if not isinstance(given, Filters):
        raise RequestError("filters", "{filters} must be warta.Filters, not {value!r}", value=given)
    for parameter in ("source", "lang", "dateline", "speaker", "category"):
        value = getattr(given, parameter)
        if value is not None and not isinstance(value, str):
            raise RequestError(parameter, "{" + parameter + "} must be text, not {value!r}", value=value)
    for parameter in ("source", "dateline", "speaker", "category"):
        value = getattr(given, parameter)
        if value and not fold_label(value).split():
            raise RequestError(
                parameter, "{" + parameter + "} {value!r} has no letters or digits", value=value
            )
    if given.lang and normalise_language(given.lang) is None:
        raise RequestError(
            "lang",
            "{lang} {value!r} is not a language warta knows: give a code (id, en) or a name (Indonesian)",
            value=given.lang,
        )
    since, until = _day("since", given.since, end=False), _day("until", given.until, end=True)
    if (since, until) != (given.since, given.until):
        given = dataclasses.replace(given, since=since, until=until)
    return given


def _day(parameter: str, value: object, end: bool) -> dt.date | None:
    """A date given as a date, or as text (a year, a month or a day), or None."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise RequestError(parameter, "{" + parameter + "} must be a date, not {value!r}", value=value)
    try:
        return parse_period(value, end=end)
    except (ValueError, OverflowError) as err:
        raise RequestError(parameter, "{" + parameter + "}: {reason}", reason=str(err)) from None


def article_id(doc_id: str) -> str | None:
    """*doc_id* if some article could have it, else None (control characters, bytes that were not text).

    An id no article can have is answered as an unknown one, not as an error.
    """
    if not isinstance(doc_id, str):
        raise RequestError("id", "{id} must be text, not {value!r}", value=doc_id)
    return doc_id if doc_id.isprintable() else None


# -- ingest and check ----------------------------------------------------------------------


def field_map(specs: Iterable[str]) -> dict[str, str]:
    """``body=isi`` overrides of which record field holds which article field, as ``{"body": "isi"}``."""
    mapping: dict[str, str] = {}
    for spec in specs:  # in order: the first spec that is wrong is the one reported
        target, sep, column = spec.partition("=")
        if not sep or not column.strip():
            raise RequestError("field_map", "{field_map} expects FIELD=NAME, got {spec!r}", spec=spec)
        mapping.update(check_field_map({target.strip().lower(): column.strip()}))
    return mapping


def check_field_map(mapping: Mapping[str, str] | None) -> dict[str, str]:
    """A field map whose keys are article fields (`corpus.fields.TARGET_FIELDS`) and values names."""
    from .corpus.fields import TARGET_FIELDS  # here: a search does not load the readers

    for target, column in (mapping or {}).items():
        if target not in TARGET_FIELDS:
            raise RequestError(
                "field_map",
                "{field_map}: unknown field {target!r}; choose from {fields}",
                target=target,
                fields=", ".join(TARGET_FIELDS),
            )
        if not column:
            raise RequestError("field_map", "{field_map} names no field for {target!r}", target=target)
    return dict(mapping or {})


def check_evaluation_sources(topics: object | None, run: object | None) -> None:
    """What ``warta eval`` scores: the index's run of *topics*, or the run file *run*; one at least."""
    if topics is None and run is None:
        raise RequestError("topics", "give {topics} to search the index, or {run} to score a run file")


def check_ingest_options(
    *, shards: int, wait: float, field_map: Mapping[str, str] | None, exclude: Sequence[str] = ()
) -> None:
    """An ingest's options: at least one shard, a wait not negative, a valid field map and exclusions."""
    if shards < 1:
        raise RequestError("shards", "{shards} must be at least 1")
    if wait < 0:
        raise RequestError("wait", "{wait} must not be negative")
    check_field_map(field_map)
    check_exclude(exclude)


def check_exclude(patterns: Sequence[str]) -> list[str]:
    """Gitignore patterns of files to leave out (``--exclude``): one pattern each, not blank."""
    from pathspec import GitIgnoreSpec  # here: a search does not need it

    if isinstance(patterns, str):  # a lone pattern would be taken letter by letter
        raise RequestError("exclude", "{exclude} must be a list of patterns, not one text")
    for pattern in patterns:
        if not isinstance(pattern, str):
            raise RequestError("exclude", "{exclude} takes patterns as text, not {value!r}", value=pattern)
        if not pattern.strip() or "\n" in pattern or "\r" in pattern or pattern != pattern.strip():
            raise RequestError(
                "exclude",
                "{exclude} {value!r} is not a pattern: give one glob, no spaces around it, such as 'SOURCE*'",
                value=pattern,
            )
        try:
            spec = GitIgnoreSpec.from_lines([pattern])
        except ValueError as err:
            raise RequestError(
                "exclude", "{exclude} {value!r} is not a pattern: {why}", value=pattern, why=err
            ) from None
        if not spec.patterns or spec.patterns[0].include is None:  # "#x" is a comment in gitignore
            raise RequestError("exclude", "{exclude} {value!r} is a comment, not a pattern", value=pattern)
    return list(patterns)
