"""Typo correction: ranking on the id-news topics typed right, mistyped and misspelled, correction on and off.

    python benchmarks/eval_typos.py [--data ../shared/data] [--work DIR] [--markdown]

Uses the id-news index of ``eval_relevance.py`` (built into ``--work`` once,
reused after; the same default place, so either script reuses the other's)
and the topic sets of ``data/typos`` (``make_typos.py``; ``data/typos/README.md``).
In one run, nDCG@10 on the judgments of ``data/idnews-rel`` for the 82 topics,
their development half (odd numbers) and test half (even numbers):

- the topics typed right, correction on and off;
- the topics with generated typos (``topics-typos.tsv``), correction on and off;
- the topics with a real misspelling from id-news (``topics-real.tsv``), on
  and off, and the same topics typed right;

each search as ``warta eval`` makes it (``warta search --batch -n 100
--no-collapse``), with ``correct=`` on or off.  Then the ratios typed
wrong / typed right (goal: at least 0.95 with correction on), how many
mistyped words the corrector gave back per kind of typo, every topic typed
right whose top 10 differ between correction on and off (goal: none), and
the 1,000 queries of ``data/queries-1000.tsv`` searched with correction on
and off (top 10, no folding): every query whose top 10 differ, with what
the corrector made of it, and their share (goal: under 1 %).
``--markdown`` adds per-topic tables: typed query, what the corrector made
of it, nDCG@10 typed right, typed wrong without correction, and corrected.
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import warta
from eval_relevance import RELEVANCE_SET, build_index
from make_typos import KINDS
from warta import evaluation, requests
from warta.errors import QueryError

HERE = Path(__file__).resolve().parent
TYPOS = HERE / "data" / "typos"
QUERIES = HERE / "data" / "queries-1000.tsv"
GOAL_RATIO = 0.95  # nDCG@10 typed wrong (corrected) / typed right
GOAL_CHANGED = 1.0  # per cent of the 1,000 queries whose top 10 correction may change

Topics = list[tuple[str, str]]


@dataclass
class Searched:
    """One pass over a set of queries: the run, and what the corrector said of each query."""

    run: evaluation.Run = field(default_factory=dict)
    corrected: dict[str, str | None] = field(default_factory=dict)
    suggested: dict[str, str | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # queries with nothing to search for
    seconds: list[float] = field(default_factory=list)

    def top10(self, qid: str) -> list[str]:
        return self.run.get(qid, [])[:10]

    def made(self, qid: str) -> str:
        """What the corrector made of a query: the corrected query, a suggestion, or nothing."""
        if self.corrected.get(qid):
            return f"→ {self.corrected[qid]}"
        if self.suggested.get(qid):
            return f"did you mean: {self.suggested[qid]}"
        return "—"


def search_all(
    searcher: warta.Searcher, queries: Iterable[tuple[str, str]], *, correct: bool, limit: int
) -> Searched:
    """*queries* searched as `evaluation.run_topics` searches them (no folding), correction on or off."""
    out = Searched()
    for qid, text in queries:
        add(out, searcher, qid, text, correct=correct, limit=limit)
    return out


def add(out: Searched, searcher: warta.Searcher, qid: str, text: str, *, correct: bool, limit: int) -> None:
    start = time.perf_counter()
    try:
        results = searcher.search(text, limit=limit, collapse=False, correct=correct)
    except QueryError as err:
        out.seconds.append(time.perf_counter() - start)
        out.run[qid], out.errors[qid] = [], str(err)
        out.corrected[qid] = out.suggested[qid] = None
        return
    out.seconds.append(time.perf_counter() - start)
    out.run[qid] = evaluation.retrieved(results.hits)
    out.corrected[qid] = results.corrected_query
    out.suggested[qid] = results.suggestion


def read(path: Path) -> Topics:
    return evaluation.read_topics(path)


def ndcg(run: evaluation.Run, qrels: evaluation.Qrels, topics: Topics, qids: set[str]) -> dict[str, float]:
    """nDCG@10 of each topic of *topics* whose id is in *qids*."""
    wanted = [(q, t) for q, t in topics if q in qids]
    report = evaluation.evaluate_run(run, qrels, wanted)
    return {q.qid: q.scores["ndcg@10"] for q in report.queries}


def mean(scores: dict[str, float]) -> float:
    return sum(scores.values()) / len(scores) if scores else 0.0


def check_api() -> None:
    if "correct" not in inspect.signature(requests.search_request).parameters:
        sys.exit(f"this warta ({warta.__file__}) has no typo correction: search_request takes no correct=")


def restored(right: str, searched: str) -> bool:
    """Whether the words *right* are in the query that was *searched*, in order."""
    return f" {right} " in f" {searched} "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--work", type=Path, default=Path("/tmp/warta-relevance"))
    parser.add_argument("--markdown", action="store_true", help="per-topic tables")
    args = parser.parse_args()
    check_api()

    right = read(RELEVANCE_SET / "topics.tsv")
    typos = read(TYPOS / "topics-typos.tsv")
    real = read(TYPOS / "topics-real.tsv")
    qrels = evaluation.read_qrels(RELEVANCE_SET / "qrels.txt")
    halves = {
        "all": {q for q, _t in right},
        "dev": {q for q, _t in read(RELEVANCE_SET / "topics-dev.tsv")},
        "test": {q for q, _t in read(RELEVANCE_SET / "topics-test.tsv")},
    }
    assert [q for q, _t in typos] == [q for q, _t in right], "topics-typos.tsv: not the 82 topics in order"
    real_ids = {q for q, _t in real}
    assert real_ids <= halves["all"], "topics-real.tsv: ids that are not topics"
    kinds = [line.split("\t") for line in (TYPOS / "kinds.tsv").read_text("utf-8").splitlines()[1:]]

    index = build_index(args.data / "id-news" / "articles.jsonl", args.work / "id-news")
    depth = evaluation.RUN_DEPTH
    with warta.Searcher(index) as searcher:
        passes = {
            (name, correct): search_all(searcher, topics, correct=correct, limit=depth)
            for name, topics in (("right", right), ("typos", typos), ("real", real))
            for correct in (True, False)
        }
        # warta eval's own runs (evaluation.run_topics), to check that these are the same
        takes = "correct" in inspect.signature(evaluation.run_topics).parameters
        references = (
            {
                (name, correct): evaluation.run_topics(searcher, topics, correct=correct)[0]
                for name, topics in (("right", right), ("typos", typos))
                for correct in (True, False)
            }
            if takes
            else {}
        )
        timing = [Searched(), Searched()]  # correction on, off
        queries = read(QUERIES)
        for n, (qid, text) in enumerate(queries):
            order = (True, False) if n % 2 else (False, True)  # neither always second, on warm caches
            for correct in order:
                add(timing[0 if correct else 1], searcher, qid, text, correct=correct, limit=10)

    texts = {"right": dict(right), "typos": dict(typos), "real": dict(real)}
    for (name, correct), searched in passes.items():
        failed = sorted(searched.errors)
        if failed:
            print(f"{name}, correction {'on' if correct else 'off'}: nothing to search for in {failed}")
    for (name, correct), reference in references.items():
        same = reference == {q: r[:depth] for q, r in passes[name, correct].run.items()}
        print(f"{name}, correction {'on' if correct else 'off'}: the run warta eval makes: {same}")

    # --- nDCG@10 ---------------------------------------------------------------------------------
    scores = {
        key: {half: ndcg(s.run, qrels, list(texts[key[0]].items()), qids) for half, qids in halves.items()}
        for key, s in passes.items()
    }
    # the topics typed right, restricted to those with a real misspelling
    for correct in (True, False):
        scores["right (real)", correct] = {
            half: {q: v for q, v in scores["right", correct][half].items() if q in real_ids}
            for half in halves
        }

    def row(label: str, key: tuple[str, bool]) -> None:
        cells = " | ".join(f"{mean(scores[key][h]):.4f} ({len(scores[key][h])})" for h in halves)
        print(f"| {label} | {cells} |")

    print(f"\n### nDCG@10 on id-news (topics judged; {len(real)} have a real misspelling)\n")
    print("| topics | " + " | ".join(halves) + " |")
    print("|---|" + "---:|" * len(halves))
    row("typed right, correction on", ("right", True))
    row("typed right, correction off", ("right", False))
    row("generated typos, correction on", ("typos", True))
    row("generated typos, correction off", ("typos", False))
    row("real misspellings, correction on", ("real", True))
    row("real misspellings, correction off", ("real", False))
    row("the same topics typed right, correction on", ("right (real)", True))
    row("the same topics typed right, correction off", ("right (real)", False))

    def ratio(wrong: tuple[str, bool], rightly: tuple[str, bool], half: str) -> float:
        base = mean(scores[rightly][half])
        return mean(scores[wrong][half]) / base if base else 0.0

    def recovered(name: str, base: str, half: str) -> str:
        lost = mean(scores[base, True][half]) - mean(scores[name, False][half])
        gained = mean(scores[name, True][half]) - mean(scores[name, False][half])
        return f"{gained / lost * 100:.0f} %" if lost > 1e-9 else "-"

    print(f"\n### typed wrong / typed right (goal with correction: >= {GOAL_RATIO})\n")
    print("| ratio | " + " | ".join(halves) + " |")
    print("|---|" + "---:|" * len(halves))
    for label, wrong, rightly in (
        ("generated typos, correction on / typed right, on", ("typos", True), ("right", True)),
        ("generated typos, correction off / typed right, off", ("typos", False), ("right", False)),
        ("real misspellings, correction on / typed right, on", ("real", True), ("right (real)", True)),
        ("real misspellings, correction off / typed right, off", ("real", False), ("right (real)", False)),
    ):
        print(f"| {label} | " + " | ".join(f"{ratio(wrong, rightly, h):.3f}" for h in halves) + " |")
    for label, name, base in (
        ("generated typos", "typos", "right"),
        ("real misspellings", "real", "right (real)"),
    ):
        cells = " | ".join(recovered(name, base, h) for h in halves)
        print(f"| {label}: share of the loss the correction wins back | {cells} |")

    # --- what the corrector made of the mistyped words ---------------------------------------------
    corrected = passes["typos", True]
    print("\n### the generated typos, word by word (correction on)\n")
    print("| kind | typos | word given back | query changed, word not given back | query left as typed |")
    print("|---|---:|---:|---:|---:|")
    by_kind: dict[str, list[int]] = {}
    for qid, right_word, _wrong, kind in kinds:
        searched = corrected.corrected.get(qid)
        counts = by_kind.setdefault(kind, [0, 0, 0, 0])
        counts[0] += 1
        if searched is None:
            counts[3] += 1
        elif restored(right_word, searched):
            counts[1] += 1
        else:
            counts[2] += 1
    for kind in sorted(by_kind, key=KINDS.index):
        n, back, other, untouched = by_kind[kind]
        print(f"| {kind} | {n} | {back} | {other} | {untouched} |")
    for name in ("typos", "real"):
        s = passes[name, True]
        n = len(s.corrected)
        changed = sum(1 for q in s.corrected if s.corrected[q])
        exact = sum(1 for q in s.corrected if s.corrected[q] == texts["right"][q])
        offered = sum(1 for q in s.corrected if not s.corrected[q] and s.suggested[q])
        print(
            f"\n{name}: {changed} of {n} queries corrected ({exact} back to the topic exactly), "
            f"{offered} more given a suggestion only"
        )

    # --- typed right: correction must change nothing -----------------------------------------------
    on, off = passes["right", True], passes["right", False]
    differ = [q for q, _t in right if on.top10(q) != off.top10(q)]
    print(f"\n### topics typed right whose top 10 differ between correction on and off: {len(differ)}\n")
    if not differ:
        print("none")
    for q in differ:
        print(
            f"- {q} `{texts['right'][q]}`: {on.made(q)}; nDCG@10 on {scores['right', True]['all'][q]:.3f}, "
            f"off {scores['right', False]['all'][q]:.3f}"
        )
    touched = [q for q, _t in right if on.corrected[q] or on.suggested[q]]
    if touched:
        print(
            f"\n(the corrector said something of {len(touched)} topics typed right: "
            + ", ".join(f"{q} {on.made(q)}" for q in touched)
            + ")"
        )

    # --- the 1,000 queries ---------------------------------------------------------------------------
    t_on, t_off = timing
    changed_top = [
        (q, t)
        for q, t in queries
        if t_on.top10(q) != t_off.top10(q) or (q in t_on.errors) != (q in t_off.errors)
    ]
    rewritten = sum(1 for q, _t in queries if t_on.corrected[q])
    share = len(changed_top) / len(queries) * 100
    print(
        f"\n### {len(queries)} timing queries: top 10 differ between correction on and off for "
        f"{len(changed_top)} ({share:.1f} %; goal under {GOAL_CHANGED:g} %)\n"
    )
    print(
        f"corrected: {rewritten} queries; suggestion only: "
        f"{sum(1 for q, _t in queries if not t_on.corrected[q] and t_on.suggested[q])}; "
        f"median search {statistics.median(t_on.seconds) * 1000:.1f} ms on, "
        f"{statistics.median(t_off.seconds) * 1000:.1f} ms off (top 10, rough: one pass each, alternating)\n"
    )
    for q, text in changed_top:
        common = len(set(t_on.top10(q)) & set(t_off.top10(q)))
        print(f"- {q} `{text}`: {t_on.made(q)} ({common} of the top 10 in common)")

    if args.markdown:
        for name, title in (("typos", "generated typos"), ("real", "real misspellings")):
            per_topic(title, texts[name], texts["right"], passes[name, True], scores, name)

    print("\n### goals\n")

    def verdict(met: bool) -> str:
        return "met" if met else "not met"

    for label, wrong, rightly in (
        ("generated typos", ("typos", True), ("right", True)),
        ("real misspellings", ("real", True), ("right (real)", True)),
    ):
        r = ratio(wrong, rightly, "all")
        print(
            f"- {label}, corrected / typed right: {r:.3f} (goal >= {GOAL_RATIO}: {verdict(r >= GOAL_RATIO)})"
        )
    print(f"- topics typed right changed by correction: {len(differ)} (goal 0: {verdict(not differ)})")
    goal = f"goal under {GOAL_CHANGED:g} %: {verdict(share < GOAL_CHANGED)}"
    print(f"- timing queries changed by correction: {share:.1f} % ({goal})")


def per_topic(
    title: str,
    typed: dict[str, str],
    right: dict[str, str],
    corrected: Searched,
    scores: dict[tuple[str, bool], dict[str, dict[str, float]]],
    name: str,
) -> None:
    print(f"\n### {title}, per topic (nDCG@10)\n")
    print("| topic | typed right | typed | corrector made of it | right | wrong | corrected |")
    print("|---|---|---|---|---:|---:|---:|")
    for qid, text in typed.items():
        cells: Sequence[float] = (
            scores["right", True]["all"].get(qid, 0.0),
            scores[name, False]["all"].get(qid, 0.0),
            scores[name, True]["all"].get(qid, 0.0),
        )
        print(
            f"| {qid} | {right[qid]} | {text} | {corrected.made(qid)} | "
            + " | ".join(f"{c:.3f}" for c in cells)
            + " |"
        )


if __name__ == "__main__":
    main()
