"""Rendering results for people (text) and for scripts (JSON, JSONL, TSV, TREC).

Each search renderer takes an iterable of `SearchResults` (one per query) and
writes as it goes, so a batch of thousands of queries streams out.  Ingest,
check, stats, show and eval reports have a renderer each; their JSON is the
`to_dict` of the `model` type.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Iterable
from typing import TextIO

import click

from .model import (
    CheckReport,
    EvaluationReport,
    IndexStats,
    IngestReport,
    ParsedArticle,
    SearchResults,
)

FORMATS = ("text", "json", "jsonl", "tsv", "trec")
_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)
RUN_TAG = "warta"
FACET_VALUES_SHOWN = 8
CHECK_DETAILS_SHOWN = 50
MESSAGES_SHOWN = 50  # notes and failures of an ingest listed in text


def _emphasise(snippet: str) -> str:
    return _MARK_RE.sub(lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)


_UNIT_NAMES = {
    "article": ("article", "articles"),
    "passage": ("paragraph", "paragraphs"),
    "quote": ("quote", "quotes"),
}


def render_text(all_results: Iterable[SearchResults], out: TextIO, batch: bool = False) -> None:
    for results in all_results:
        if batch:
            click.echo(click.style(f"# {results.qid}: {results.query}", bold=True), file=out)
        shown = len(results.hits)
        first = results.hits[0].rank if results.hits else 0
        span = f"{first}-{first + shown - 1} of " if shown else ""
        one, many = _UNIT_NAMES.get(results.unit, ("match", "matches"))
        searched = results.corrected_query or results.query
        if results.corrected_query:
            click.echo(
                f"Showing results for {results.corrected_query!r}; "
                f"search instead for {results.query!r} with --no-correct",
                file=out,
            )
        click.echo(f"{span}{results.total} {one if results.total == 1 else many} for {searched!r}", file=out)
        if results.translated_query:
            into, off = (
                ("Indonesian", "--no-translate") if results.translation == "en-id" else ("English", "")
            )
            how = f" ({off} searches the words as typed only)" if off else ""
            click.echo(f"Also searched in {into} as {results.translated_query}{how}", file=out)
        if results.suggestion:
            click.echo(f"Did you mean {results.suggestion!r}?", file=out)
        for name, counts in (results.facets or {}).items():
            values = list(counts.items())
            listed = " · ".join(f"{value} {count}" for value, count in values[:FACET_VALUES_SHOWN])
            more = f" · … {len(values) - FACET_VALUES_SHOWN} more" if len(values) > FACET_VALUES_SHOWN else ""
            click.echo(f"  {name}: {listed or '-'}{more}", file=out)
        for hit in results.hits:
            meta = " · ".join(
                x
                for x in (
                    hit.source,
                    hit.dateline,
                    hit.date.isoformat() if hit.date else None,
                    f"score {hit.score:.2f}",
                )
                if x
            )
            click.echo("", file=out)
            click.echo(f"{hit.rank:>3}. " + click.style(hit.title, bold=True), file=out)
            click.echo(f"     {meta} · {hit.key}", file=out)
            snippet = _emphasise(hit.snippet)
            if hit.unit == "quote":
                snippet = f"“{snippet}” — {hit.speaker or 'speaker not named'}"
            click.echo(f"     {snippet}", file=out)
            if hit.similar:
                listed = ", ".join(hit.similar[:5]) + (", …" if len(hit.similar) > 5 else "")
                click.echo(f"     +{len(hit.similar)} similar: {listed}", file=out)
        click.echo("", file=out)


def render_json(all_results: Iterable[SearchResults], out: TextIO, batch: bool = False) -> None:
    for results in all_results:
        if batch:
            out.write(json.dumps(results.to_dict(), ensure_ascii=False) + "\n")
        else:
            data = results.to_dict()
            data.pop("qid", None)
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def render_jsonl(all_results: Iterable[SearchResults], out: TextIO, batch: bool = False) -> None:
    if batch:  # one line per query, as with json
        render_json(all_results, out, batch=True)
        return
    for results in all_results:
        for hit in results.hits:
            out.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")


def _tsv_cell(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def render_tsv(all_results: Iterable[SearchResults], out: TextIO, batch: bool = False) -> None:
    out.write("qid\trank\tid\tscore\tdate\tsource\ttitle\tpath\n")
    for results in all_results:
        for hit in results.hits:
            cells = (
                results.qid or "1", hit.rank, hit.key, f"{hit.score:.4f}",
                hit.date.isoformat() if hit.date else "", hit.source, hit.title, hit.path,
            )  # fmt: skip
            out.write("\t".join(_tsv_cell(c) for c in cells) + "\n")


def render_trec(all_results: Iterable[SearchResults], out: TextIO, batch: bool = False) -> None:
    for results in all_results:
        qid = results.qid or "1"
        for hit in results.hits:
            out.write(f"{qid} Q0 {hit.key} {hit.rank} {hit.score:.6f} {RUN_TAG}\n")


RENDERERS: dict[str, Callable[..., None]] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
    "tsv": render_tsv,
    "trec": render_trec,
}


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def render_stats(stats: IndexStats, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    span = f"{stats.first_date} to {stats.last_date}" if stats.first_date else "no dated articles"
    shards = f"{stats.shards} shard{'s' if stats.shards != 1 else ''}"
    lines = [
        f"index       {stats.path} ({shards}, {human_bytes(stats.size_bytes)})",
        f"articles    {stats.articles} ({stats.paragraphs} paragraphs, {stats.quotes} quotes)",
        f"dates       {span}",
        "languages   " + (", ".join(f"{k} {v}" for k, v in stats.languages.items()) or "-"),
        "sources",
    ]
    lines += [f"  {count:>8}  {name}" for name, count in stats.sources.items()]
    if stats.categories:
        lines.append("categories")
        lines += [f"  {count:>8}  {name}" for name, count in stats.categories.items()]
    click.echo("\n".join(lines), file=out)


def render_article(article: ParsedArticle, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    date = article.date.isoformat() if article.date else "-"
    if article.date and article.date_text:
        date += f"  (from the text: {article.date_text!r})"
    where = article.path or "-"
    if article.path and article.record is not None:
        where += f", record {article.record}"
    lines = [
        f"id          {article.id}",
        f"file        {where}",
        f"title       {article.title or '-'}",
        f"source      {article.source or '-'}",
        f"dateline    {article.dateline or '-'}",
        f"date        {date}",
        f"lang        {article.lang or '-'}",
        f"subheadings {len(article.subheadings)}",
        *(f"  - {h}" for h in article.subheadings),
        f"paragraphs  {len(article.paragraphs)}",
        *(f"  [{i}] {p}" for i, p in enumerate(article.paragraphs, start=1)),
        f"quotes      {len(article.quotes)}",
        *(f"  “{q.text}” — {q.speaker or 'speaker unknown'}" for q in article.quotes),
    ]
    click.echo("\n".join(lines), file=out)


def render_input_messages(report: IngestReport, err: TextIO, notices: bool = True) -> None:
    """What ingest said of its inputs, a line each: notes (repairs made to read a file), then failures.

    Up to `MESSAGES_SHOWN` of each; ``--format json`` lists them all.
    """
    shown = report.notices if notices else []
    for notice in shown[:MESSAGES_SHOWN]:
        click.echo(f"warta: note: {notice}", file=err)
    if len(shown) > MESSAGES_SHOWN:
        more = len(shown) - MESSAGES_SHOWN
        click.echo(f"warta: … and {more} more notes (--format json lists all)", file=err)
    for failure in report.failures[:MESSAGES_SHOWN]:
        click.echo(f"warta: failed: {failure}", file=err)
    if report.failed > MESSAGES_SHOWN:
        more = report.failed - MESSAGES_SHOWN
        click.echo(f"warta: … and {more} more failures (--format json lists all)", file=err)


def render_ingest(report: IngestReport, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        return
    counts = (
        f"{report.added} added, {report.updated} updated, {report.deleted} deleted, "
        f"{report.unchanged} unchanged, {report.skipped_files} files skipped, "
        + (f"{report.excluded_files} left out, " if report.excluded else "")
        + f"{report.failed} failed"
    )
    if report.changed:
        click.echo(f"Indexed in {report.seconds:.1f} s: {counts}", file=out)
    elif report.created:
        click.echo(f"Created an empty index, no article found: {counts}", file=out)
    else:
        click.echo(f"Index is up to date, nothing written: {counts}", file=out)
    if report.excluded:
        why = ", ".join(f"{n} {reason}" for reason, n in report.excluded.items())
        files = "file" if report.excluded_files == 1 else "files"
        click.echo(f"Left out {report.excluded_files} {files}: {why}", file=out)


def _p_value(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def render_evaluation(report: EvaluationReport, fmt: str, out: TextIO) -> None:
    """A ranking-quality report: JSON for scripts, or a per-query table and averages."""
    from .evaluation import HEADLINE

    if fmt == "json":
        out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    measures = list(report.means)
    compared = report.comparison
    click.echo(
        f"{report.name}: {len(report.queries)} queries with relevant judgments, "
        f"{report.unjudged} unjudged documents in their top 10 (counted as not relevant)",
        file=out,
    )
    if report.without_judgments:
        listed = ", ".join(report.without_judgments[:10]) + (
            " …" if len(report.without_judgments) > 10 else ""
        )
        click.echo(f"left out, nothing relevant judged: {listed}", file=out)
    heading = measures + (["vs ndcg@10", "diff"] if compared else []) + ["unjudged"]
    click.echo("\n" + f"{'query':<36}" + "".join(f"{name:>11}" for name in heading), file=out)
    for query in report.queries:
        label = f"{query.qid} {query.query or ''}"
        cells = [f"{query.scores[m]:.4f}" for m in measures]
        if query.compared is not None:
            theirs = query.compared[HEADLINE]
            cells += [f"{theirs:.4f}", f"{query.scores[HEADLINE] - theirs:+.4f}"]
        cells.append(str(query.unjudged))
        click.echo(f"{label[:35]:<36}" + "".join(f"{cell:>11}" for cell in cells), file=out)
    click.echo(f"{'mean':<36}" + "".join(f"{report.means[m]:>11.4f}" for m in measures), file=out)
    if compared:
        click.echo(
            f"{'mean of ' + compared.name:<36}"[:36]
            + "".join(f"{compared.means[m]:>11.4f}" for m in measures),
            file=out,
        )
        click.echo(
            f"{'difference':<36}" + "".join(f"{compared.difference[m]:>+11.4f}" for m in measures), file=out
        )
        p_values = "".join(f"{_p_value(compared.p_values[m]):>11}" for m in measures)
        click.echo(f"{'p (randomisation)':<36}" + p_values, file=out)
        click.echo(
            f"\nagainst {compared.name}, per query on {HEADLINE}: {compared.better} better, "
            f"{compared.worse} worse, {compared.equal} equal "
            f"({compared.unjudged} unjudged documents in its top 10)",
            file=out,
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"  # as ingest and stats write numbers


def render_check(report: CheckReport, fmt: str, out: TextIO) -> None:
    """A verdict line, then what is wrong: one line per problem, article or unreadable input."""
    if fmt == "json":
        out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    corpus = " ".join(shlex.quote(p) for p in report.paths)
    details: list[str] = []
    if report.damaged and not report.opened:
        verdict = report.problems[0]  # the manifest's own message, which says how to rebuild
    elif report.damaged:
        if len(report.problems) == 1:  # the usual case, a damaged file: one line says it all
            verdict = (
                f"index at {report.index} is damaged: {report.problems[0]}; rebuild it with: {report.remedy}"
            )
        else:
            verdict = (
                f"index at {report.index} is damaged ({len(report.problems)} problems, below); "
                f"rebuild it with: {report.remedy}"
            )
            details = list(report.problems)
    elif report.incomplete:
        # before "out of date": the articles the stopped build did not reach are what is missing
        verdict = (
            f"index at {report.index} is incomplete: the ingest building it stopped before finishing "
            f"({_plural(report.articles, 'article')} so far); finish it with: {report.remedy}"
        )
    elif report.out_of_date:
        counts = f"{len(report.missing)} missing, {len(report.stale)} stale, {len(report.gone)} gone"
        verdict = f"index is out of date with {corpus}: {counts} (run: {report.remedy}"
        if report.unchanged_files:
            skipped = _plural(len(report.unchanged_files), "file")
            verdict += f"; an update would skip {skipped} whose size and time are unchanged"
        verdict += ")"
    else:
        verdict = f"index OK: {_plural(report.articles, 'article')} in {_plural(report.shards, 'shard')}"
        if report.compared:
            verdict += f", up to date with {corpus}"
    if report.unreadable_files:
        verdict += f"; {_plural(len(report.unreadable_files), 'input')} of the corpus failed to read"
    listed = report.missing + report.stale + report.gone
    width = min(max((len(d.id) for d in listed), default=0), 40)
    details += [
        f"{kind:<8} {d.id:<{width}}  {d.path}"
        for kind, found in (("missing", report.missing), ("stale", report.stale), ("gone", report.gone))
        for d in found
    ]
    details += [f"failed   {failure}" for failure in report.unreadable_files]
    click.echo(verdict, file=out)
    for line in details[:CHECK_DETAILS_SHOWN]:
        click.echo(f"  {line}", file=out)
    if len(details) > CHECK_DETAILS_SHOWN:
        click.echo(f"  … and {len(details) - CHECK_DETAILS_SHOWN} more (--format json lists all)", file=out)
