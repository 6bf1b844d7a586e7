"""Score the structure extractors against the hand labels in tests/data/structure_labels.jsonl.

    python benchmarks/eval_structure.py

For each labelled article the body is read from ../shared/data/id-news (the
seed from corpus/), and the extractors of `warta.analysis` are compared with
the labels: dateline place, the date the text states (the year of a date
without one comes from its weekday, bounded as ingest bounds it),
direct quotes (found / labelled) and their speakers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from warta.analysis import structure
from warta.analysis.dates import find_date, parse_date

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LABELS = REPO / "tests" / "data" / "structure_labels.jsonl"
ID_NEWS = REPO.parent / "shared" / "data" / "id-news" / "articles.jsonl"
SEED = REPO / "corpus" / "000_1f04c6eb8e8ae419.txt"


def _key(text: str) -> str:
    return " ".join(text.split())[:25].lower()


def _same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = a.lower(), b.lower()
    return a in b or b in a


def evaluate() -> dict[str, tuple[int, int]]:
    """(right, out of) for each measure."""
    labels = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]
    wanted = {label["id"] for label in labels}
    articles: dict[str, dict[str, str]] = {}
    # As ingest bounds a date read from the text (`corpus.read_file`): by the
    # article's own date field when it has one, else by the file's date, and
    # drawn towards the newest date of the records before it.
    bounds: dict[str, tuple[dt.date, dt.date | None]] = {}
    file_date = dt.date.fromtimestamp(ID_NEWS.stat().st_mtime)
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
    }


def main() -> None:
    for name, (right, total) in evaluate().items():
        share = f" = {right / total:.1%}" if total else ""
        print(f"{name:<40} {right}/{total}{share}")


if __name__ == "__main__":
    main()
