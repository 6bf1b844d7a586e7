"""Check that warta's two stemming speed-ups never change Sastrawi's answer (corrections aside).

1. Words with none of the affixes Sastrawi removes skip it altogether.
2. Inside Sastrawi, regular expressions are compiled once (see
   ``sastrawi._CompiledPatterns``).

This script stems every distinct alphabetic word of a corpus with plain
Sastrawi first, then through warta, and prints how many differ (expected: 0)
and the time each took.

    python benchmarks/check_stem_shortcut.py [../shared/data/id-news/articles.jsonl]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "id-news" / "articles.jsonl"
WORD_RE = re.compile(r"[^\W\d_]+")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    words: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            text = f"{record.get('title') or ''} {record.get('body') or ''}".lower()
            words.update(w for w in WORD_RE.findall(text) if w.isascii())
    ordered = sorted(words)

    # Plain Sastrawi, before warta has touched it.
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    plain = Stemmer(ArrayDictionary(StemmerFactory().get_words()))
    started = time.perf_counter()
    expected = [plain.stem_word(w) for w in ordered]
    plain_seconds = time.perf_counter() - started

    from warta.analysis import sastrawi, words
    from warta.analysis.stem_corrections import corrected_stem

    # warta's deliberate corrections (stem_corrections.py) are not speed-ups: expected as corrected
    expected = [corrected_stem(w) or e for w, e in zip(ordered, expected, strict=True)]
    words.analyse_word("memulai")  # loads the stemmer and installs the speed-ups
    started = time.perf_counter()
    got = [sastrawi.stem(w) for w in ordered]
    warta_seconds = time.perf_counter() - started

    differ = [(w, e, g) for w, e, g in zip(ordered, expected, got, strict=True) if e != g]
    skipped = sum(1 for w in ordered if not sastrawi._MAY_HAVE_AFFIX_RE.search(w))
    print(f"distinct words:            {len(ordered)}")
    print(f"skipped by the affix test: {skipped} ({skipped / len(ordered):.0%})")
    print(f"plain Sastrawi:            {plain_seconds:.1f} s ({len(ordered) / plain_seconds:,.0f} words/s)")
    print(f"warta:                     {warta_seconds:.1f} s ({len(ordered) / warta_seconds:,.0f} words/s)")
    print(f"stems that differ:         {len(differ)} {differ[:10]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
