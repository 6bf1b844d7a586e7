"""Words of a corpus whose Indonesian stem (as warta gives it) may be wrong, for reading by hand.

    python benchmarks/stem_review.py [ARTICLES.jsonl] [--min-count 20] [--top 400] [--all]

Every distinct alphabetic word of the corpus's titles and bodies is stemmed as
warta stems it (Sastrawi, then `warta.analysis.stem_corrections`).  A word
whose stem differs from it is listed, most frequent first, when one of these
signs says the stem may be wrong:

``rival``  another root the word could be read as (affixes taken off by a
           simple rule of this script, the root in Sastrawi's dictionary) is
           seen in the corpus much more often than the stem warta chose:
           ``memuaskan`` -> ``muas`` while ``puas`` is common;
``rare``   the stem is hardly ever seen in the corpus (as a word, or as the
           stem of another word) while the word is common: ``pasukan`` ->
           ``pasu`` (the word is a root that Sastrawi's dictionary lacks);
``name``   the word is mostly written with a capital after another word
           (inside a sentence of a body): ``Maluku`` -> ``malu``;
``shape``  the stem is not the word with prefixes and suffixes removed
           (an infix was taken out, or a root respelled): ``gerigi`` -> ``gigi``.

Counts are "support": how often the root is seen alone plus how often other
words stem to it.  The list is a reading aid, not a verdict: many listed
stems are right (``kebijakan`` -> ``bijak`` is ``rare``).  ``--all`` lists
every changed word, flagged or not.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "id-news" / "articles.jsonl"
WORD_RE = re.compile(r"[A-Za-z]+")

# Affixes a word may carry, outermost first: taken off in every combination by `candidate_roots`.
PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("ku", "mu", "nya")
DERIVATIONAL = ("i", "kan", "an", "is", "isme", "isasi", "wan", "wati")
# Prefix -> letters that may have been dropped from the root's start after it (nasal assimilation).
PREFIXES: dict[str, tuple[str, ...]] = {
    "di": ("",), "ke": ("",), "se": ("",), "ku": ("",), "kau": ("",),
    "ber": ("",), "be": ("",), "bel": ("",), "ter": ("",), "te": ("",),
    "per": ("",), "pe": ("",), "pel": ("",), "me": ("",),
    "mem": ("", "p"), "men": ("", "t"), "meng": ("", "k"), "menge": ("",), "meny": ("s",),
    "pem": ("", "p"), "pen": ("", "t"), "peng": ("", "k"), "penge": ("",), "peny": ("s",),
}  # fmt: skip


def read_words(path: Path) -> tuple[Counter[str], Counter[str]]:
    """How often each lower-case word occurs (titles and bodies), and how often with a capital after a word.

    Capitals are counted in bodies only (many titles capitalise every word),
    and only after a letter or digit, so a sentence's first word does not count.
    """
    counts: Counter[str] = Counter()
    capitals: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            counts.update(w.lower() for w in WORD_RE.findall(record.get("title") or ""))
            body = record.get("body") or ""
            for match in WORD_RE.finditer(body):
                word = match.group()
                lower = word.lower()
                counts[lower] += 1
                before = body[max(0, match.start() - 2) : match.start()].rstrip()
                if word[0].isupper() and before[-1:].isalnum():
                    capitals[lower] += 1  # a capital inside a sentence, not at its start
    return counts, capitals


def strip_suffixes(word: str) -> set[str]:
    """*word* with each combination of particle, possessive and derivational suffix taken off."""
    out = {word}
    for group in (PARTICLES, POSSESSIVES, DERIVATIONAL):
        out |= {w[: -len(s)] for w in out for s in group if w.endswith(s) and len(w) > len(s) + 2}
    return out


def strip_prefixes(word: str, depth: int = 3) -> set[str]:
    """*word* with up to *depth* prefixes taken off, a dropped first letter put back where one may be."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {
            restored + w[len(prefix) :]
            for w in frontier
            for prefix, letters in PREFIXES.items()
            if w.startswith(prefix) and len(w) > len(prefix) + 2
            for restored in letters
        }
        out |= frontier
    return out


def candidate_roots(word: str, dictionary: set[str]) -> set[str]:
    """Dictionary words that *word* could be, affixes taken off (the word itself included)."""
    found = set()
    for bare in strip_suffixes(word):
        for root in strip_prefixes(bare):
            found |= {r for r in strip_suffixes(root) if r in dictionary and len(r) >= 3}
    return found


def flags(
    word: str,
    stem: str,
    count: int,
    capitals: int,
    support: Counter[str],
    dictionary: set[str],
) -> tuple[list[str], str]:
    """The signs that *word*'s *stem* may be wrong, and the likeliest other root ("" if none)."""
    found = []
    own = support[stem] - count  # support for the stem from anything but this word
    rivals = sorted(candidate_roots(word, dictionary) - {stem}, key=lambda r: -support[r])
    rival = rivals[0] if rivals else ""
    if rival and support[rival] > 3 * own + 10:
        found.append("rival")
    if own * 20 < count:
        found.append("rare")
    if capitals > 0.7 * count:
        found.append("name")
    if stem not in candidate_roots(word, dictionary | {stem}):
        found.append("shape")
    return found, rival


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--min-count", type=int, default=20, help="words seen fewer times are left out")
    parser.add_argument("--top", type=int, default=400, help="how many words to list")
    parser.add_argument("--all", action="store_true", help="list changed words without a flag too")
    args = parser.parse_args()

    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from warta.analysis import sastrawi

    counts, capitals = read_words(args.articles)
    dictionary = set(StemmerFactory().get_words())
    stems = {w: sastrawi.stem(w) for w in counts}
    support: Counter[str] = Counter()
    for word, stem in stems.items():
        support[stem] += counts[word]  # a root seen alone counts too: its stem is itself

    changed = [w for w in counts if stems[w] != w and counts[w] >= args.min_count]
    rows: list[tuple[str, str, int, list[str], str]] = []
    for word in sorted(changed, key=lambda w: (-counts[w], w)):
        found, rival = flags(word, stems[word], counts[word], capitals[word], support, dictionary)
        if found or args.all:
            rows.append((word, stems[word], counts[word], found, rival))
    print(f"distinct words: {len(counts):,}; seen {args.min_count}+ times and changed: {len(changed):,}")
    print(f"flagged: {sum(1 for r in rows if r[3]):,}; listed: {min(len(rows), args.top):,}\n")
    print(f"{'word':<22} {'stem':<14} {'count':>7} {'stem support':>12}  flags  (rival root, support)")
    for word, stem, count, found, rival in rows[: args.top]:
        other = f"  ({rival}, {support[rival]})" if rival else ""
        own = support[stem] - count
        print(f"{word:<22} {stem:<14} {count:>7} {own:>12}  {','.join(found)}{other}")


if __name__ == "__main__":
    main()
