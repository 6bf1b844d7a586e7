"""The ``warta`` command: a thin Click layer over the library.

Commands parse their options, call the library (which checks every value,
`warta.requests`) and hand the result to a renderer (`warta.render`).  Every
error reaches the user as one line on stderr with a distinct exit code (see
`warta.errors`); no traceback is ever shown.  Options that several commands
share are defined once, below.

The engine is imported inside the commands, not at module level, so that
``warta --help`` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

from .errors import (
    EXIT_INTERRUPTED,
    EXIT_NO_RESULTS,
    EXIT_OK,
    EXIT_USAGE,
    IngestInterruptedError,
    QueryError,
    RequestError,
    WartaError,
)

DEFAULT_INDEX = "index"
EXIT_INTERNAL = 70
# How the command line calls the library's parameters, in the messages of `RequestError`.
FLAGS = {
    "limit": "--limit",
    "offset": "--offset",
    "facets": "--facets",
    "unit": "--unit",
    "match": "--match",
    "source": "--source",
    "lang": "--lang",
    "dateline": "--dateline",
    "speaker": "--speaker",
    "category": "--category",
    "since": "--since",
    "until": "--until",
    "field_map": "--field",
    "exclude": "--exclude",
    "shards": "--shards",
    "wait": "--wait",
    "qrels": "--qrels",
    "topics": "--topics",
    "run": "--run",
    "compare": "--compare",
    "translate": "--translate",
    "host": "--host",
}


def _error(message: str) -> None:
    click.echo(f"warta: error: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"warta: warning: {message}", err=True)


class _CtrlCError(Exception):
    """Ctrl-C, carried past Click, which would print a blank line of its own for it."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message  # what the interrupted work says it kept, if anything


class WartaGroup(click.Group):
    """Runs commands so that every failure is one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IngestInterruptedError as err:
            raise _CtrlCError(str(err)) from None
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
        except RequestError as err:
            _error(err.worded(FLAGS))
            code = err.exit_code
        except WartaError as err:
            _error(str(err))
            code = err.exit_code
        except (KeyboardInterrupt, _CtrlCError) as err:
            if sys.stderr.isatty():
                click.echo(err=True)  # past the ^C the terminal shows
            if isinstance(err, _CtrlCError) and err.message:  # not an error: what was kept, what next
                click.echo(f"warta: {err.message}", err=True)
            else:
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


# -- options shared by several commands, defined once ----------------------------------------------


def index_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--index",
        "index_dir",
        default=lambda: os.environ.get("WARTA_INDEX", DEFAULT_INDEX),
        show_default="index, or $WARTA_INDEX",
        type=click.Path(file_okay=False),
        help="Index folder.",
    )(f)


def cluster_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--cluster",
        "cluster",
        metavar="ADDRESS",
        default=None,
        help="Open the index's shards on a Dask cluster and work there: a scheduler's address "
        "(tcp://host:8786), or local:N for N worker processes on this machine, started for this "
        "command; also from WARTA_CLUSTER. Needs the 'cluster' extra: pip install 'warta[cluster]'.",
    )(f)


def _cluster_asked(address: str | None) -> bool:
    """Whether a command is to run on a cluster: ``--cluster``, or a ``WARTA_CLUSTER`` that is not empty."""
    return address is not None or bool(os.environ.get("WARTA_CLUSTER"))


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator[Any]:
    """The cluster of ``--cluster`` (or ``WARTA_CLUSTER``), connected for the command; None: none."""
    if not _cluster_asked(address):
        yield None  # (without a cluster, nothing of it is imported: a search starts as fast as before)
        return
    from .cluster.connect import cluster_address

    found = cluster_address(address)
    if found is None:
        yield None
        return
    from .cluster import Cluster

    with Cluster(found) as cluster:
        yield cluster


@contextlib.contextmanager
def _opened(index_dir: str, address: str | None) -> Iterator[Any]:
    """The index at *index_dir*: open here, or its shards open on the cluster of *address*."""
    with _cluster(address) as cluster:
        if cluster is None:
            from .engine import open_index

            yield open_index(index_dir)
        else:
            from .cluster import ClusterIndex

            yield ClusterIndex(index_dir, cluster)


def format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help="Output format.",
    )


def limit_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "-n", "--limit", type=click.IntRange(0), default=10, show_default=True, help=f"{what} to show."
    )


def field_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--field",
        "fields",
        multiple=True,
        metavar="FIELD=NAME",
        help="Read FIELD (id, title, body, date, url, source, lang, category) from the record key "
        "or column NAME (check: by default, what the last ingest of PATHS was given). Repeatable.",
    )(f)


def exclude_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Leave out files matching GLOB (gitignore syntax, relative to each folder), besides "
        "README, LICENSE, COPYING and CHANGELOG files and the folder's .wartaignore (check: by "
        "default, what the last ingest of PATHS was given). Repeatable.",
    )(f)


# -- commands --------------------------------------------------------------------------------------


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
@field_option
@exclude_option
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
@format_option("text", "json")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing unless something failed.")
@click.option(
    "--watch",
    is_flag=True,
    help="Then keep watching PATHS and ingest again (incrementally) after each burst of changes.",
)
@cluster_option
def ingest(
    paths: tuple[str, ...],
    index_dir: str,
    rebuild: bool,
    fields: tuple[str, ...],
    exclude: tuple[str, ...],
    shards: int | None,
    wait: float,
    fmt: str,
    quiet: bool,
    watch: bool,
    cluster: str | None,
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
    from . import engine, requests
    from .indexing.update import ingest as run_ingest
    from .render import render_ingest, render_input_messages

    show_progress = not quiet and fmt == "text" and sys.stderr.isatty()

    def said(report: Any) -> None:  # -q: quiet unless something failed
        render_input_messages(report, sys.stderr, notices=not quiet or bool(report.failed))
        if not quiet or report.failed:
            render_ingest(report, fmt, sys.stdout)

    with _cluster(cluster) as on:
        sink = None
        if on is not None:  # the shards are analysed and written on the cluster's workers
            from .cluster.ingest import cluster_sink

            sink = cluster_sink(on)
        with _progress_bar(show_progress) as progress:
            report = run_ingest(
                paths or ("corpus",),
                index_dir,
                rebuild=rebuild,
                field_map=requests.field_map(fields),
                exclude=exclude,
                shards=shards or engine.DEFAULT_SHARDS,
                progress=progress,
                wait=wait,
                sink=sink,
            )
        said(report)
        if watch:
            from .indexing.watch import watch as watching

            if not quiet:
                click.echo(f"warta: watching {', '.join(paths or ('corpus',))}; Ctrl-C stops", err=True)
            options = {
                "field_map": requests.field_map(fields),
                "exclude": exclude,
                "wait": wait,
                "sink": sink,
            }
            watching(paths or ("corpus",), index_dir, on_report=said, first=False, **options)
    sys.exit(report.exit_code)


# What a long step is called on its progress bar (`indexing.update.ProgressCallback`, `check_index`).
STAGES = {
    "reading": "Reading and indexing",
    "saving": "Saving the index",
    "merging": "Merging small segments",
    "verifying": "Reading back the index",
    "comparing": "Reading the corpus",
}


class _ProgressBar:
    """Adapts a progress callback (stage, done, total) to a Click progress bar on stderr, one per stage."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.stage = ""
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.bar = click.progressbar(
                length=max(total, 1), label=f"{STAGES.get(stage, stage):<22}", file=sys.stderr, show_eta=True
            )
            self.bar.__enter__()
            self.stage, self.done = stage, 0
        if total and total != self.bar.length:
            self.bar.length = total
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
@limit_option("Hits")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Hits to skip (paging).")
@click.option("--source", help="Only articles from this source (e.g. kompas, detik.com).")
@click.option("--lang", help="Only articles in this language (e.g. id, en).")
@click.option(
    "--since", metavar="DATE", help="Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD)."
)
@click.option("--until", metavar="DATE", help="Only articles dated on or before DATE.")
@click.option("--dateline", metavar="PLACE", help="Only articles datelined PLACE (e.g. JAKARTA).")
@click.option(
    "--category", metavar="NAME", help="Only articles of this category (as their records give it: Politik)."
)
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
    "--correct/--no-correct",
    default=True,
    show_default=True,
    help="Search a mistyped word as the index has it (jokowii: jokowi), and say so; "
    "--no-correct searches exactly what was typed.",
)
@click.option(
    "--translate/--no-translate",
    default=None,
    help="An English query also searches Indonesian articles for its translations when it is "
    "plainly English (default); --translate also when in doubt, and an Indonesian query the "
    "English articles; --no-translate never.",
)
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    help="Run every query in FILE (QID<TAB>QUERY or QUERY per line; - for stdin).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Worker processes a --batch is shared among, one for each 100 queries at most "
    "(default: one per CPU, at most 4; 1: all in this process).",
)
@cluster_option
@click.option(
    "--allow-partial",
    is_flag=True,
    help="With --cluster: when a shard fails or does not answer, show what the others found, "
    "marked partial with the missing shards named (default: fail, exit 3).",
)
@format_option("text", "json", "jsonl", "tsv", "trec")
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
    category: str | None,
    speaker: str | None,
    unit: str | None,
    collapse: bool,
    match: str,
    facets: str,
    correct: bool,
    translate: bool | None,
    batch: TextIO | None,
    jobs: int | None,
    cluster: str | None,
    allow_partial: bool,
    fmt: str,
) -> None:
    """Search the index for QUERY.

    \b
    Words:          gencatan senjata        (ranked; stems match: berunding ~ perundingan)
    Phrase:         "gencatan senjata"
    Operators:      israel OR hamas, israel NOT hamas, israel -hamas, +israel
    Fields:         title:gaza  source:kompas  lang:id  date:2019-09  dateline:jakarta
    Typos:          jokowii is searched as jokowi (--no-correct: as typed); jokowi~ jokowi~2 (fuzzy)
    English:        ceasefire talks also finds gencatan senjata, perundingan (--no-translate: not)
    Pieces:         --unit passage (paragraphs), --unit quote, --speaker Blinken
    Exit status: 0 hits found, 1 no hits, 2 usage error or no index, 3 index locked/unreadable.
    """
    from . import requests
    from .render import RENDERERS
    from .searcher import Searcher

    if (query is None) == (batch is None):
        raise click.UsageError("give either a QUERY or --batch FILE")
    if jobs is not None and batch is None:
        raise click.UsageError("--jobs shares a --batch among processes; give --batch FILE, or no --jobs")
    if allow_partial and not _cluster_asked(cluster):
        raise click.UsageError("--allow-partial is for a search on a cluster: give --cluster ADDRESS")
    options: dict[str, Any] = {
        "limit": limit,
        "offset": offset,
        "filters": requests.filters(
            source=source,
            lang=lang,
            dateline=dateline,
            speaker=speaker,
            since=since,
            until=until,
            category=category,
        ),
        "match": match,
        "unit": unit,
        "facets": facets,
        "collapse": collapse,
        "correct": correct,
        "translate": translate,
        "snippets": fmt not in ("tsv", "trec"),  # which show no snippet: none is built
    }
    requests.search_request("", **options)  # every option checked before the index is opened
    if batch is not None:
        from .evaluation import read_topics  # one reader of topics files, for --batch and eval

        try:
            queries = read_topics(batch, strict=False)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--batch") from None
    else:
        queries = [(None, str(query))]
    found = False
    with _cluster(cluster) as on, Searcher(index_dir, cluster=on, allow_partial=allow_partial) as searcher:
        _warn_if_incomplete(searcher.index, index_dir)

        def run() -> Iterator[Any]:
            nonlocal found
            # (on a cluster, the shards' workers share the work already)
            shared = (jobs or _default_jobs()) if batch is not None and on is None else 1
            for results in searcher.search_many(queries, jobs=shared, **options):
                if results.error is not None:
                    if batch is None:
                        raise QueryError(results.error)
                    _error(f"query {results.qid}: {results.error}")  # one bad line does not stop the batch
                found = found or results.total > 0
                if results.partial:
                    missing = ", ".join(results.shards["missing"])  # type: ignore[index, arg-type]
                    _warn(f"partial results{_of(results.qid)}: shard {missing} did not answer")
                yield results

        RENDERERS[fmt](run(), sys.stdout, batch=batch is not None)
    sys.exit(EXIT_OK if found else EXIT_NO_RESULTS)


def _of(qid: str | None) -> str:
    return f" of query {qid}" if qid is not None else ""


def _default_jobs() -> int:
    """One process per CPU this process may use, at most `MOST_JOBS`."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(MOST_JOBS, cpus))


# Processes a batch is shared among by default, on a machine with this many CPUs or more.
MOST_JOBS = 4


def _warn_if_incomplete(index: Any, index_dir: str) -> None:
    if index.incomplete:
        from .engine import ingest_command

        _warn(
            f"index at {index_dir} is incomplete: the ingest building it stopped before finishing; "
            f"finish it with: {ingest_command(index.root)}"
        )


@cli.command()
@click.argument("doc_id", metavar="ID")
@index_option
@cluster_option
@format_option("text", "json")
def show(doc_id: str, index_dir: str, cluster: str | None, fmt: str) -> None:
    """Show article ID as warta understood it: outlet, dateline, date, paragraphs, quotes.

    ID is the id warta gave it, or the id its record gave (when another file holds that id too,
    the article is FILE#ID and ID alone lists them).

    Exit status: 0 shown, 1 no article with that id, 2 no index or an id in several files,
    3 index locked/unreadable.
    """
    from .render import render_article
    from .searcher import show as show_article

    with _opened(index_dir, cluster) as index:
        parsed = show_article(doc_id, index)
    if parsed is None:
        click.echo(f"warta: no article with id {doc_id!r} in {index_dir}", err=True)
        sys.exit(EXIT_NO_RESULTS)
    render_article(parsed, fmt, sys.stdout)
    if parsed.other_ids:
        shown = ", ".join(repr(i) for i in parsed.other_ids)
        which = "that id" if len(parsed.other_ids) == 1 else "those ids"
        click.echo(
            f"warta: note: id {doc_id!r} is also in other files, as {shown}: show them by {which}", err=True
        )


@cli.command()
@click.argument("doc_id", metavar="ID")
@index_option
@limit_option("Articles")
@cluster_option
@format_option("text", "json", "jsonl", "tsv", "trec")
def related(doc_id: str, index_dir: str, limit: int, cluster: str | None, fmt: str) -> None:
    """Show other articles about the same story as article ID ("more like this").

    Exit status: 0 found some, 1 none or no article with that id, 2 no index or an id in several
    files, 3 index locked/unreadable.
    """
    from .render import RENDERERS
    from .searcher import Searcher

    with _cluster(cluster) as on, Searcher(index_dir, cluster=on) as searcher:
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
@click.option(
    "--correct/--no-correct",
    default=True,
    show_default=True,
    help="Correct mistyped query words as search does; --no-correct searches the topics exactly as written.",
)
@click.option(
    "--translate/--no-translate",
    default=None,
    help="Translate topics as search does: plainly English ones by default; --translate also when "
    "in doubt; --no-translate never.",
)
@format_option("text", "json")
def evaluate(
    topics: str | None,
    qrels: str,
    index_dir: str,
    run_file: str | None,
    compare: str | None,
    collapse: bool,
    correct: bool,
    translate: bool | None,
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

    report = evaluation.evaluate_files(
        qrels,
        topics=topics,
        index=index_dir,
        run=run_file,
        compare=compare,
        collapse=collapse,
        correct=correct,
        translate=translate,
        on_warning=_warn,
    )
    render_evaluation(report, fmt, sys.stdout)
    if not report.queries:
        _error(evaluation.NOTHING_JUDGED)
        sys.exit(EXIT_NO_RESULTS)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@index_option
@field_option
@exclude_option
@cluster_option
@format_option("text", "json")
def check(
    paths: tuple[str, ...],
    index_dir: str,
    fields: tuple[str, ...],
    exclude: tuple[str, ...],
    cluster: str | None,
    fmt: str,
) -> None:
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
    from . import requests
    from .indexing.check import check_index
    from .render import render_check

    with _cluster(cluster) as on, _progress_bar(fmt == "text" and sys.stderr.isatty()) as progress:
        verify_shards = None
        if on is not None:  # each shard read back by a worker
            from .cluster.check import cluster_verifier

            verify_shards = cluster_verifier(on)
        # without --field or --exclude, those the last ingest of PATHS was given
        field_map = requests.field_map(fields) if fields else None
        excluded = list(exclude) if exclude else None
        report = check_index(index_dir, paths, field_map, excluded, progress, verify_shards)
    render_check(report, fmt, sys.stdout)
    sys.exit(report.exit_code)


@cli.command()
@index_option
@cluster_option
@format_option("text", "json")
def stats(index_dir: str, cluster: str | None, fmt: str) -> None:
    """Show what the index holds: articles, sources, languages, dates, size."""
    from .indexing.stats import index_stats
    from .render import render_stats

    with _opened(index_dir, cluster) as index:
        _warn_if_incomplete(index, index_dir)
        render_stats(index_stats(index), fmt, sys.stdout)


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="The port to listen on."
)
@click.option(
    "--token",
    envvar="WARTA_TOKEN",
    help="An access token every request must carry (bearer token, or the sign-in page's cookie); "
    "also from WARTA_TOKEN. Needed to listen beyond this machine, unless --no-auth.",
)
@click.option(
    "--no-auth",
    is_flag=True,
    help="Listen beyond this machine without a token (anyone who can reach it can search).",
)
@click.option(
    "--watch",
    "watched",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Also watch PATH (repeatable) and ingest it into the index after each burst of changes.",
)
@cluster_option
def serve(
    index_dir: str,
    host: str,
    port: int,
    token: str | None,
    no_auth: bool,
    watched: tuple[str, ...],
    cluster: str | None,
) -> None:
    """Serve the index as a web page and a JSON API (http://HOST:PORT/, /api/search).

    Read-only: nothing served writes the index. It follows the index: what an ingest commits
    is searched by the next request. Needs the 'serve' extra: pip install 'warta[serve]'.
    """
    from .web.serve import check_binding, run

    check_binding(host, token, no_auth)  # a UsageError, worded for this command, when unsafe
    with _cluster(cluster) as on:
        run(
            index_dir,
            host=host,
            port=port,
            token=token,
            say=lambda line: click.echo(line, err=True),
            watched=watched,
            cluster=on,
        )


def main() -> None:
    cli()
