"""Ingest the corpus of broken files (tests/bad_corpus.py) and print what became of each.

    python benchmarks/bad_input.py [--markdown]

For every kind of trouble: what was expected (failed, indexed with a note,
or indexed), what ingest reported (its one line), and whether the articles
the file holds were indexed.  Ends with the counts and the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from warta import engine
from warta.cli import cli

HERE = Path(__file__).resolve().parent
# The broken files are the tests' own fixture (tests/bad_corpus.py): one definition, not a copy.
sys.path.insert(0, str(HERE.parent / "tests"))
from bad_corpus import GOOD_IDS, build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "ix"
        kinds = build(corpus)
        result = CliRunner().invoke(cli, ["ingest", str(corpus), "--index", str(index), "--format", "json"])
        report = json.loads(result.stdout.splitlines()[-1])
        indexed = engine.open_index(index).inventory()
    entries = [("failed", f) for f in report["failures"]] + [("note", n) for n in report["notices"]]
    rows, agreed = [], 0
    for kind in kinds:
        said = [(what, e) for what, e in entries if str(e["path"]).endswith("/" + kind.name)]
        outcome = said[0][0] if said else "read"
        message = "; ".join(
            f"{e['reason']}" + (f" (line {e['line']})" if e["line"] else "") for _w, e in said
        )
        kept = all(doc_id in indexed for doc_id in kind.ids)
        ok = outcome == kind.outcome and kept and (not kind.expect or kind.expect in message)
        agreed += ok
        shown = ", ".join(kind.ids) if kept else "NOT ALL"
        rows.append((kind.name, kind.what, kind.outcome, message or "-", shown if kind.ids else "-", ok))
    if args.markdown:
        print("| file | trouble | expected | what ingest said | articles indexed from it |")
        print("|---|---|---|---|---|")
        for name, what, expected, message, kept, _ok in rows:
            cell = message.replace("|", "\\|")
            print(f"| `{name}` | {what} | {expected} | {cell} | {kept} |")
    else:
        for name, _what, expected, message, _kept, ok in rows:
            print(f"{'ok ' if ok else 'BAD'} {name:<24} {expected:<7} {message[:90]}")
    good = sum(doc_id in indexed for doc_id in GOOD_IDS)
    print(
        f"\n{len(kinds)} kinds of trouble, {agreed} as expected; "
        f"{report['failed']} failures and {len(report['notices'])} notes reported; "
        f"{report['added']} articles indexed, good files {good}/{len(GOOD_IDS)}; "
        f"exit code {result.exit_code}; traceback: {'yes' if 'Traceback' in result.output else 'no'}"
    )


if __name__ == "__main__":
    main()
