"""The ``warta`` command: a thin Click layer over the library.

Commands validate their options, call one library function and hand the result
to a renderer.  Every error reaches the user as one line on stderr with a
distinct exit code (see `warta.errors`); no traceback is ever shown.

The engine is imported inside the commands, not at module level, so that
``warta --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

from .errors import EXIT_NO_RESULTS, EXIT_OK, EXIT_USAGE, WartaError

DEFAULT_INDEX = "index"
FAILURES_SHOWN = 50
EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70


def _error(message: str) -> None:
    click.echo(f"warta: error: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"warta: warning: {message}", err=True)


class _CtrlCError(Exception):
    """Ctrl-C, carried past Click, which would print a blank line of its own for it."""


class WartaGroup(click.Group):
    """Runs commands so that every failure is one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _CtrlCError from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help())
            code = EXIT_USAGE
        except click.ClickException as err:
            hint = f" (see '{err.ctx.command_path} --help')" if getattr(err, "ctx", None) else ""
            _error(err.format_message() + hint)
            code = err.exit_code
        except click.exceptions.Abort as err:
            # Click turns both Ctrl-C and an EOFError into Abort.
            cause = err.__context__
            if isinstance(cause, EOFError):
                _error(f"unexpected end of data ({cause or 'EOFError'}) (please report this)")
                code = EXIT_INTERNAL
            else:
                _error("interrupted")
                code = EXIT_INTERRUPTED
        except WartaError as err:
            _error(str(err))
            code = err.exit_code
        except (KeyboardInterrupt, _CtrlCError):
            if sys.stderr.isatty():
                click.echo(err=True)  # past the ^C the terminal shows
            _error("interrupted")
            code = EXIT_INTERRUPTED
        except BrokenPipeError:
            # Output piped into head, which has read enough: not an error.  Point
            # stdout at /dev/null so that the final flush at exit stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = EXIT_OK
        except Exception as err:  # pragma: no cover - the last line of defence
            _error(f"unexpected {type(err).__name__}: {err} (please report this)")
            code = EXIT_INTERNAL
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def index_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--index",
        "index_dir",
        default=lambda: os.environ.get("WARTA_INDEX", DEFAULT_INDEX),
        show_default="index, or $WARTA_INDEX",
        type=click.Path(file_okay=False),
        help="Index folder.",
    )(f)


def format_option(choices: tuple[str, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help="Output format.",
    )


@click.group(cls=WartaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="warta")
def cli() -> None:
    """warta: search folders of news articles (Indonesian and more).

    \b
    Build an index:  warta ingest corpus/
    Search it:       warta search "gencatan senjata"
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@index_option
@click.option("--rebuild", is_flag=True, help="Build the index from scratch instead of updating it.")
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="FIELD=NAME",
    help="Read FIELD (id, title, body, date, url, source, lang, category) from the record key "
    "or column NAME. Repeatable.",
)
@click.option(
    "--shards", type=click.IntRange(1, 64), default=None, help="Shards for a new index [default: 2]."
)
@click.option(
    "--wait",
    type=click.FloatRange(0),
    default=0,
    metavar="SECONDS",
    help="If another ingest is writing the index, wait up to SECONDS for it instead of failing at once.",
)
@format_option(("text", "json"))
@click.option("-q", "--quiet", is_flag=True, help="Print nothing unless something failed.")
def ingest(
    paths: tuple[str, ...],
    index_dir: str,
    rebuild: bool,
    fields: tuple[str, ...],
    shards: int | None,
    wait: float,
    fmt: str,
    quiet: bool,
) -> None:
    """Index the articles in PATHS (folders or files; default: corpus/).

    Re-running updates only what changed: new articles are added, changed ones
    replaced, and those whose file or record is gone are deleted.

    \b
    Reads .txt, .md, .html (one article each), .jsonl, .json, .csv, .tsv (one per
    record), in any encoding; what was repaired to read a file is noted, what could
    not be read is reported, file and line, and the rest is indexed.
    Exit status: 0 done, 1 done but some input failed, 2 usage error,
    3 index locked by another ingest or cannot be written, 130 interrupted.
    """
    from . import engine
    from .ingestion import ingest as run_ingest
    from .readers import parse_field_map
    from .render import render_ingest

    field_map = parse_field_map(fields)
    show_progress = not quiet and fmt == "text" and sys.stderr.isatty()
    with _progress_bar(show_progress) as progress:
        report = run_ingest(
            paths or ("corpus",),
            index_dir,
            rebuild=rebuild,
            field_map=field_map,
            shards=shards or engine.DEFAULT_SHARDS,
            progress=progress,
            wait=wait,
        )
    notices = report.notices if not quiet or report.failed else []  # -q: quiet unless something failed
    for notice in notices[:FAILURES_SHOWN]:
        click.echo(f"warta: note: {notice}", err=True)
    if len(notices) > FAILURES_SHOWN:
        click.echo(
            f"warta: … and {len(notices) - FAILURES_SHOWN} more notes (--format json lists all)",
            err=True,
        )
    for failure in report.failures[:FAILURES_SHOWN]:
        click.echo(f"warta: failed: {failure}", err=True)
    if report.failed > FAILURES_SHOWN:
        click.echo(
            f"warta: … and {report.failed - FAILURES_SHOWN} more failures (--format json lists all)", err=True
        )
    if not quiet or report.failed:
        render_ingest(report, fmt, sys.stdout)
    sys.exit(EXIT_NO_RESULTS if report.failed else EXIT_OK)


class _ProgressBar:
    """Adapts ingest's progress callback to a Click progress bar on stderr."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "writing":
            self.close()
            click.echo("Writing the index …", err=True)
            return
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label="Reading and indexing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class _progress_bar:  # noqa: N801 - used as a context manager like a function
    def __init__(self, enabled: bool) -> None:
        self.bar = _ProgressBar() if enabled else None

    def __enter__(self) -> _ProgressBar | None:
        return self.bar

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


@cli.command()
@click.argument("query", required=False)
@index_option
@click.option("-n", "--limit", type=click.IntRange(0), default=10, show_default=True, help="Hits to show.")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Hits to skip (paging).")
@click.option("--source", help="Only articles from this source (e.g. kompas, detik.com).")
@click.option("--lang", help="Only articles in this language (e.g. id, en).")
@click.option(
    "--since", metavar="DATE", help="Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD)."
)
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
@click.option("--dateline", metavar="PLACE", help="Only articles datelined PLACE (e.g. JAKARTA).")
@click.option(
    "--speaker",
    metavar="NAME",
    help="Only quotes by NAME (a word of it will do: Blinken); searches quotes unless --unit says otherwise.",
)
@click.option(
    "--unit",
    type=click.Choice(["article", "passage", "quote"]),
    default=None,
    help="What to search and list: whole articles (default), paragraphs, or quotes.",
)
@click.option(
    "--collapse/--no-collapse",
    default=True,
    show_default=True,
    help="Fold near-duplicate hits (the same story from several outlets or files) into the best one.",
)
@click.option(
    "--match",
    type=click.Choice(["any", "all"]),
    default="any",
    show_default=True,
    help="any: rank articles by how many query words they match; all: require every word.",
)
@click.option(
    "--facets",
    metavar="NAMES",
    default="",
    help="Count all matching articles by source, month, lang, category and/or dateline (comma-separated).",
)
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    help="Run every query in FILE (QID<TAB>QUERY or QUERY per line; - for stdin).",
)
@format_option(("text", "json", "jsonl", "tsv", "trec"))
def search(
    query: str | None,
    index_dir: str,
    limit: int,
    offset: int,
    source: str | None,
    lang: str | None,
    since: str | None,
    until: str | None,
    dateline: str | None,
    speaker: str | None,
    unit: str | None,
    collapse: bool,
    match: str,
    facets: str,
    batch: TextIO | None,
    fmt: str,
) -> None:
    """Search the index for QUERY.

    \b
    Words:          gencatan senjata        (ranked; stems match: berunding ~ perundingan)
    Phrase:         "gencatan senjata"
    Operators:      israel OR hamas, israel NOT hamas, israel -hamas, +israel
    Fields:         title:gaza  source:kompas  lang:id  date:2019-09  dateline:jakarta
    Pieces:         --unit passage (paragraphs), --unit quote, --speaker Blinken
    Exit status: 0 hits found, 1 no hits, 2 usage error or no index, 3 index locked/unreadable.
    """
    from .dates import parse_period
    from .errors import QueryError
    from .model import SearchResults
    from .render import RENDERERS
    from .searcher import Filters, Searcher, default_unit

    if (query is None) == (batch is None):
        raise click.UsageError("give either a QUERY or --batch FILE")
    query, source, lang, dateline, speaker = map(_as_text, (query, source, lang, dateline, speaker))
    try:
        filters = Filters(
            source=source,
            lang=lang,
            dateline=dateline,
            speaker=speaker,
            since=parse_period(since, end=False) if since else None,
            until=parse_period(until, end=True) if until else None,
        )
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--since/--until") from None
    try:
        queries = list(_read_batch(batch)) if batch is not None else [(None, query)]
    except UnicodeDecodeError:
        raise click.BadParameter("the file is not UTF-8 text", param_hint="--batch") from None
    facet_names = tuple(name.strip().lower() for name in facets.split(",") if name.strip())
    found = False
    with Searcher(index_dir) as searcher:
        _warn_if_incomplete(searcher.index, index_dir)

        def run() -> Iterator[Any]:
            nonlocal found
            for qid, text in queries:
                try:
                    results = searcher.search(
                        text,
                        limit=limit,
                        offset=offset,
                        filters=filters,
                        match=match,
                        qid=qid,
                        facets=facet_names,
                        unit=unit,
                        collapse=collapse,
                    )
                except QueryError as err:
                    if batch is None:
                        raise
                    _error(f"query {qid}: {err}")  # one bad line does not stop the batch
                    empty_facets = {name: {} for name in facet_names} if facet_names else None
                    results = SearchResults(
                        query=text,
                        total=0,
                        hits=[],
                        qid=qid,
                        facets=empty_facets,
                        unit=unit or default_unit(filters),
                    )
                found = found or results.total > 0
                yield results

        RENDERERS[fmt](run(), sys.stdout, batch=batch is not None)
    sys.exit(EXIT_OK if found else EXIT_NO_RESULTS)


def _warn_if_incomplete(index: Any, index_dir: str) -> None:
    if index.incomplete:
        _warn(
            f"index at {index_dir} is incomplete: the ingest building it stopped before finishing; "
            "run warta ingest again to complete it"
        )


def _as_text(value: str | None) -> str | None:
    """An argument as text that can be printed back: bytes that were not UTF-8 as U+FFFD.

    Python hands such bytes over as lone surrogates, which no output can encode.
    """
    if value is None:
        return None
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _read_batch(lines: TextIO) -> Iterator[tuple[str, str]]:
    """(qid, query) pairs from a topics file.

    A line is ``QUERY``, ``QID<TAB>QUERY``, or several tab-separated columns
    of which the first is the id and the last the query; a first line whose
    first column is a heading such as ``qid`` or ``topic_id`` is skipped.
    """
    from .evaluation import TOPIC_HEADINGS  # one list of heading names for --batch and eval

    number = 0
    for lineno, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if lineno == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark, as Windows editors write
        if not line.strip():
            continue
        columns = line.split("\t")
        if lineno == 1 and len(columns) > 1 and columns[0].strip().lower() in TOPIC_HEADINGS:
            continue
        number += 1
        yield (columns[0].strip(), columns[-1]) if len(columns) > 1 else (str(number), line)


@cli.command()
@click.argument("doc_id", metavar="ID")
@index_option
@format_option(("text", "json"))
def show(doc_id: str, index_dir: str, fmt: str) -> None:
    """Show article ID as warta understood it: outlet, dateline, date, paragraphs, quotes.

    Exit status: 0 shown, 1 no article with that id, 2 no index, 3 index locked/unreadable.
    """
    from .render import render_article
    from .searcher import show as show_article

    parsed = show_article(doc_id, index_dir)
    if parsed is None:
        click.echo(f"warta: no article with id {doc_id!r} in {index_dir}", err=True)
        sys.exit(EXIT_NO_RESULTS)
    render_article(parsed, fmt, sys.stdout)


@cli.command()
@click.argument("doc_id", metavar="ID")
@index_option
@click.option(
    "-n", "--limit", type=click.IntRange(0), default=10, show_default=True, help="Articles to show."
)
@format_option(("text", "json", "jsonl", "tsv", "trec"))
def related(doc_id: str, index_dir: str, limit: int, fmt: str) -> None:
    """Show other articles about the same story as article ID ("more like this").

    Exit status: 0 found some, 1 none or no article with that id, 2 no index, 3 index locked/unreadable.
    """
    from .render import RENDERERS
    from .searcher import Searcher

    with Searcher(index_dir) as searcher:
        results = searcher.related(doc_id, limit=limit)
    if results is None:
        click.echo(f"warta: no article with id {doc_id!r} in {index_dir}", err=True)
        sys.exit(EXIT_NO_RESULTS)
    RENDERERS[fmt]([results], sys.stdout, batch=False)
    sys.exit(EXIT_OK if results.total else EXIT_NO_RESULTS)


@cli.command("eval")
@click.option(
    "--topics",
    type=click.Path(exists=True, dir_okay=False),
    help="Queries to run, QID<TAB>QUERY per line (a heading line such as qid<TAB>query is skipped).",
)
@click.option(
    "--qrels",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Judgments, TREC qrels: QID 0 DOCID GRADE per line (grade 0 not relevant, 1, 2... more).",
)
@index_option
@click.option(
    "--run",
    "run_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Score this TREC run instead of searching the index.",
)
@click.option(
    "--compare",
    type=click.Path(exists=True, dir_okay=False),
    help="A TREC run to compare against, query by query, with a paired randomisation test.",
)
@click.option(
    "--collapse/--no-collapse",
    default=False,
    show_default=True,
    help="Fold near duplicates as search does (each hit's folded copies then count right after it).",
)
@format_option(("text", "json"))
def evaluate(
    topics: str | None,
    qrels: str,
    index_dir: str,
    run_file: str | None,
    compare: str | None,
    collapse: bool,
    fmt: str,
) -> None:
    """Measure ranking quality against relevance judgments.

    \b
    warta eval --topics topics.tsv --qrels qrels.txt            (searches the index)
    warta eval --qrels qrels.txt --run mine.run --compare bm25.run

    Runs the topics as 'warta search --batch -n 100 --no-collapse' does and
    reports nDCG@10, MRR@10, P@10, Recall@100 and MAP per query and on
    average.  Documents nobody judged count as not relevant; how many
    of them reached a top 10 is reported.

    Exit status: 0 evaluated, 1 no judged query, 2 bad file or no index, 3 index locked/unreadable.
    """
    from . import evaluation
    from .render import render_evaluation
    from .searcher import Searcher

    if topics is None and run_file is None:
        raise click.UsageError("give --topics to search the index, or --run to score a run file")
    try:
        judgments = evaluation.read_qrels(qrels)
        wanted = evaluation.read_topics(topics) if topics else None
        other = evaluation.read_run(compare) if compare else None
        run = evaluation.read_run(run_file) if run_file else None
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    if wanted is not None and any(not text for _qid, text in wanted):
        empty = [qid for qid, text in wanted if not text]
        _warn(f"{len(empty)} topic(s) without query text left out: {', '.join(empty[:10])}")
        wanted = [(qid, text) for qid, text in wanted if text]
    if run is None:
        assert wanted is not None
        with Searcher(index_dir) as searcher:
            run, failed = evaluation.run_topics(searcher, wanted, collapse=collapse)
        for qid, why in failed:
            _warn(f"query {qid}: {why} (scored as finding nothing)")
    if wanted is not None and not wanted:
        raise click.BadParameter("the topics file has no topics", param_hint="--topics")
    if run_file:
        asked = {qid for qid, _text in wanted} if wanted is not None else judgments.keys()
        missing = [
            q
            for q, grades in judgments.items()
            if q in asked and q not in run and evaluation.has_relevant(grades)
        ]
        if missing:
            _warn(
                f"{len(missing)} judged topic(s) have no ranking in {run_file} (scored 0): "
                + ", ".join(missing[:10])
            )
    report = evaluation.evaluate_run(
        run,
        judgments,
        wanted,
        name=os.path.basename(run_file) if run_file else f"warta ({index_dir})",
        compare=other,
        compare_name=os.path.basename(compare) if compare else "",
    )
    render_evaluation(report, fmt, sys.stdout)
    if not report.queries:
        _error(
            "no topic has a relevant judgment in the qrels: nothing to evaluate (are the query ids the same?)"
        )
        sys.exit(EXIT_NO_RESULTS)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@index_option
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="FIELD=NAME",
    help="As given to ingest, so that records are read the same way. Repeatable.",
)
@format_option(("text", "json"))
def check(paths: tuple[str, ...], index_dir: str, fields: tuple[str, ...], fmt: str) -> None:
    """Verify that the index can be read whole; given PATHS, that it is up to date with them.

    Reads back every stored article, column and posting list.  With PATHS
    (the folders and files given to ingest) every file is read, unchanged
    or not, and the articles missing from the index, stale in it or gone
    from the corpus are listed.

    \b
    Exit status: 0 sound and up to date, 1 out of date with PATHS, incomplete (its first
    build was stopped) or some input failed, 2 usage error or no index, 3 index damaged,
    of another version (rebuild it) or still being built.
    """
    from .checking import check_index
    from .readers import parse_field_map
    from .render import render_check

    report = check_index(index_dir, paths, parse_field_map(fields))
    render_check(report, fmt, sys.stdout)
    sys.exit(report.exit_code)


@cli.command()
@index_option
@format_option(("text", "json"))
def stats(index_dir: str, fmt: str) -> None:
    """Show what the index holds: articles, sources, languages, dates, size."""
    from .render import render_stats
    from .stats import index_stats

    render_stats(index_stats(index_dir), fmt, sys.stdout)


def main() -> None:
    cli()
