"""Score the structure extractors against the hand labels in tests/data/structure_labels.jsonl.

    python benchmarks/eval_structure.py

For each labelled article the body is read from ../shared/data/id-news (the
seed from corpus/), and the extractors of `warta.analysis` are compared with
the labels: dateline place, the date the text states (the year of a date
without one comes from its weekday, bounded as ingest bounds it),
direct quotes (found / labelled) and their speakers.

Labels with a ``corpus`` (bbc, turnbackhoax) label the date only; their
articles are read as ``warta ingest`` reads that corpus (`corpus.read_file`:
the same ids, and the same bounds for a date read from the text), and
scored on their own lines, so that the figures of the first 45 stay
comparable.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from warta.analysis import structure
from warta.analysis.dates import find_date, parse_date
from warta.corpus import discover, read_file
from warta.model import Article

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LABELS = REPO / "tests" / "data" / "structure_labels.jsonl"
ID_NEWS = REPO.parent / "shared" / "data" / "id-news" / "articles.jsonl"
SEED = REPO / "corpus" / "000_1f04c6eb8e8ae419.txt"
# date-only labels: corpus -> what `warta ingest` is given (ids are relative to it)
OTHER_CORPORA = {
    "bbc": REPO.parent / "shared" / "data" / "bbc",
    "turnbackhoax": REPO.parent / "shared" / "data" / "turnbackhoax" / "Scrapping.csv",
}


def _key(text: str) -> str:
    return " ".join(text.split())[:25].lower()


def _same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.lower(), b.lower()
    return a in b or b in a


def _other_corpus(name: str, wanted: set[str]) -> dict[str, Article]:
    """The labelled articles of one corpus, as ingest reads them (with its bounds for a text date)."""
    found: dict[str, Article] = {}
    for source in discover([OTHER_CORPORA[name]]).files:
        for item in read_file(source):
            if isinstance(item, Article) and item.id in wanted:
                found[item.id] = item
    return found


def _score_dates(
    labels: list[dict[str, Any]], articles: dict[str, Article], name: str
) -> dict[str, tuple[int, int]]:
    stated = right = year_right = extra = 0
    for label in labels:
        article = articles[label["id"]]
        # bounded as for the id-news labels: by the article's own date field when it has one
        if article.date is not None:
            found = find_date(article.body, reference=article.date)
        else:
            found = find_date(article.body, reference=article.date_latest, near=article.date_near)
        if label["date_in_text"]:
            stated += 1
            if found:
                right += found.date.isoformat() == label["date_in_text"]
                year_right += found.date.year == int(label["date_in_text"][:4])
        elif found:
            extra += 1
    return {
        f"{name}: date accuracy where stated": (right, stated),
        f"{name}: year right where stated": (year_right, stated),
        f"{name}: date found where none is stated": (extra, len(labels) - stated),
    }


def evaluate() -> dict[str, tuple[int, int]]:
    """(right, out of) for each measure."""
    every = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]
    labels = [label for label in every if "corpus" not in label]
    wanted = {label["id"] for label in labels}
    articles: dict[str, dict[str, str]] = {}
    # As ingest bounds a date read from the text (`corpus.read_file`): by the
    # article's own date field when it has one, else by the file's date, and
    # drawn towards the newest date of the records before it.
    bounds: dict[str, tuple[dt.date, dt.date | None]] = {}
    file_date = min(dt.date.fromtimestamp(ID_NEWS.stat().st_mtime), dt.date.today())
    newest: dt.date | None = None
    with ID_NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            own = parse_date(record.get("date"))
            if record["id"] in wanted:
                articles[record["id"]] = record
                bounds[record["id"]] = (own, None) if own else (file_date, newest)
            if own:
                newest = max(newest, own) if newest else own
    articles["seed-holopis-blinken"] = {"body": SEED.read_text("utf-8")}
    bounds["seed-holopis-blinken"] = (dt.date.fromtimestamp(SEED.stat().st_mtime), None)

    date_stated = date_found = date_right = date_extra = 0
    place_right = place_total = 0
    quotes_labelled = quotes_found = quotes_matched = 0
    speakers_given = speakers_right = 0
    for label in labels:
        record = articles[label["id"]]
        body = record["body"]
        latest, near = bounds[label["id"]]
        found = find_date(body, reference=latest, near=near)
        if label["date_in_text"]:
            date_stated += 1
            if found:
                date_found += 1
                date_right += found.date.isoformat() == label["date_in_text"]
        elif found:
            date_extra += 1
        line = structure.find_dateline(body)
        if label["dateline"] or (line and line.place):
            place_total += 1
            place_right += bool(line and line.place == label["dateline"])
        got = structure.quotes(body)
        quotes_labelled += len(label["quotes"])
        quotes_found += len(got)
        by_key = {_key(q.text): q for q in got}
        for want in label["quotes"]:
            match = by_key.get(_key(want["text"]))
            if match is None:
                continue
            quotes_matched += 1
            if match.speaker is not None:
                speakers_given += 1
                speakers_right += _same_person(match.speaker, want["speaker"])

    other: dict[str, tuple[int, int]] = {}
    for name in OTHER_CORPORA:
        mine = [label for label in every if label.get("corpus") == name]
        if mine and OTHER_CORPORA[name].exists():
            other |= _score_dates(mine, _other_corpus(name, {label["id"] for label in mine}), name)
    return {
        "articles": (len(labels), len(labels)),
        "date accuracy where a date is stated": (date_right, date_stated),
        "date found where stated (recall)": (date_found, date_stated),
        "date right when found (precision)": (date_right, date_found),
        "date found where none is stated": (date_extra, len(labels) - date_stated),
        "dateline place right": (place_right, place_total),
        "quotes recall": (quotes_matched, quotes_labelled),
        "quotes precision": (quotes_matched, quotes_found),
        "speaker precision (attributed quotes)": (speakers_right, speakers_given),
        "speaker recall (matched quotes)": (speakers_right, quotes_matched),
        **other,
    }


def main() -> None:
    for name, (right, total) in evaluate().items():
        share = f" = {right / total:.1%}" if total else ""
        print(f"{name:<40} {right}/{total}{share}")


if __name__ == "__main__":
    main()
