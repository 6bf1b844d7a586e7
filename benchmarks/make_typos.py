"""Write the typo sets of ``data/typos/`` from the id-news relevance topics.

``topics-typos.tsv`` holds each of the 82 topics of ``data/idnews-rel/topics.tsv``
under its own id, typed with one typo, or two for about a third of them
(`TWO_TYPOS`); ``kinds.tsv`` says which word became what, and how.  The
typos go into words of five letters or more (people rarely mistype short
words, and a corrector leaves them alone), never into digits, never into a
word's first letter (rarely the one people get wrong), and two typos of one
topic into two different words.  Kinds:

- ``deletion``: a letter left out (``revisi`` -> ``revsi``), not one of a double;
- ``transposition``: two neighbouring letters swapped (``gempa`` -> ``gemap``);
- ``neighbour``: a letter replaced by a key next to it on a QWERTY keyboard;
- ``doubled``: a letter typed twice (``kabut`` -> ``kabbut``);
- ``dropped double``: one letter of a double left out (``dinaikkan`` -> ``dinaikan``);
- ``compound``: a compound split or joined as people write it (`COMPOUNDS`:
  ``ibu kota`` -> ``ibukota``, ``pekanbaru`` -> ``pekan baru``);
- ``informal``: a spelling Indonesian readers really use (`INFORMAL`: ``menteri``
  -> ``mentri``, ``utang`` -> ``hutang``, ``dolar`` -> ``dollar``).

A topic's kinds are drawn with weights that give the table-driven kinds
(informal, compound, dropped double) a fair share where they apply; the draw
is seeded, so the files are the same on every run.

``topics-real.tsv`` holds the topics for which id-news itself shows a real
misspelling of one of their words (`REAL`: found with ``--candidates``, each
confirmed by reading the articles that have it, which are named there).

    python benchmarks/make_typos.py [--data ../shared/data] [--candidates] [--show WORD...]

``--candidates`` lists, for every topic word in at least 100 articles, the
words of id-news one edit away that are in 1 to 30 articles, with some of
their article ids; ``--show WORD...`` prints the passages that have each
word, for reading.  With the corpus at hand, the script also says which
generated typos are words id-news has (a corrector cannot tell them from a
word typed right).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOPICS = HERE / "data" / "idnews-rel" / "topics.tsv"
OUT = HERE / "data" / "typos"
SEED = 20260418
MIN_LETTERS = 5
TWO_TYPOS = 27  # topics (of 82) that get two typos
KINDS = ("deletion", "transposition", "neighbour", "doubled", "dropped double", "compound", "informal")
# How often each kind is drawn where it applies (a typo draws its kind first, then a
# place): the mechanical kinds apply to every topic, the others to few, so these weigh more.
WEIGHTS = {
    "deletion": 1.0,
    "transposition": 1.0,
    "neighbour": 1.0,
    "doubled": 1.0,
    "dropped double": 3.0,
    "compound": 6.0,
    "informal": 4.0,
}

QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

# Spellings that Indonesian readers type for the standard one, for the words of
# these topics: spoken forms (mentri, priode, sepedah, brapa, ditangkep), old or
# regional spellings (hutang, cidera, sangsi, djarum -> jarum, pendaptaran), and
# English-influenced ones (dollar, president, cabinet, vidio).
INFORMAL = {
    "menteri": "mentri",
    "cedera": "cidera",
    "sanksi": "sangsi",
    "utang": "hutang",
    "dolar": "dollar",
    "periode": "priode",
    "kontroversial": "kontraversial",
    "video": "vidio",
    "operasi": "oprasi",
    "kabinet": "cabinet",
    "presiden": "president",
    "demonstrasi": "demontrasi",
    "ditangkap": "ditangkep",
    "tangkap": "tangkep",
    "sepeda": "sepedah",
    "berapa": "brapa",
    "china": "cina",
    "defisit": "devisit",
    "pendaftaran": "pendaptaran",
    "djarum": "jarum",
    "syarief": "syarif",
    "habibie": "habibi",
}

# Compounds of these topics that people write both ways (each form -> the other).
COMPOUNDS = {
    "ibu kota": "ibukota",
    "bulu tangkis": "bulutangkis",
    "hong kong": "hongkong",
    "pekanbaru": "pekan baru",
    "motogp": "moto gp",
    "bukalapak": "buka lapak",
    "kedua": "ke dua",
    "tae-yong": "taeyong",
}
COMPOUNDS |= {joined: split for split, joined in list(COMPOUNDS.items())}

# Real misspellings in id-news (qid, word in the topic, as an article spells it, articles
# that spell it so), each read in its articles: a writer's slip, not another word or a name.
REAL: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("idn02", "pekanbaru", "pekambaru", ("clickid-009552",)),
    ("idn03", "habibie", "habibi", ("clickid-005118", "clickid-008577", "clickid-009840", "clickid-018765")),
    ("idn05", "kalimantan", "kalimanatan", ("clickid-008333",)),
    ("idn06", "bahuri", "bahruri", ("clickid-009226",)),
    (
        "idn07",
        "mahasiswa",
        "mahasiwa",
        ("clickid-001272", "clickid-002766", "clickid-002867", "clickid-005807"),
    ),
    (
        "idn09",
        "veronica",
        "veronika",
        ("clickid-000066", "clickid-008733", "clickid-010275", "clickid-010511"),
    ),
    ("idn11", "nahrawi", "nahrowi", ("clickid-005453", "clickid-013865", "clickid-022036")),
    ("idn15", "thailand", "thialand", ("clickid-020995", "clickid-021130")),
    ("idn18", "pendaftaran", "pendaptaran", ("clickid-011043",)),
    ("idn20", "esemka", "esmka", ("clickid-000429", "clickid-013112")),
    ("idn22", "terhadap", "tehadap", ("clickid-011233", "clickid-012353", "clickid-020289")),
    ("idn23", "karhutla", "kahutla", ("clickid-001579", "clickid-002040", "clickid-013371")),
    ("idn25", "ganjil", "gajil", ("clickid-011685",)),
    ("idn29", "johnson", "jhonson", ("clickid-012434",)),
    ("idn30", "demonstrasi", "demontrasi", ("clickid-008652",)),
    ("idn35", "menteri", "mentri", ("clickid-001030",)),
    ("idn38", "kecelakaan", "kecelekaan", ("clickid-000820", "clickid-004855")),
    ("idn40", "kerusuhan", "kerusahan", ("clickid-006073",)),
    ("idn44", "periode", "priode", ("clickid-002350", "clickid-004526")),
    ("idn46", "pemerintahan", "pemeritahan", ("clickid-001362", "clickid-008167", "clickid-008486")),
    ("idn49", "penyelundupan", "penyeludupan", ("clickid-012297", "clickid-016478")),
    ("idn52", "perusahaan", "perusahan", ("clickid-000025", "clickid-000727", "clickid-002189")),
    ("idn53", "situmorang", "sitomorang", ("clickid-010987",)),
    ("idn56", "sanksi", "sangsi", ("clickid-009266", "clickid-019945")),
    ("idn57", "anggota", "angota", ("clickid-002510", "clickid-009813", "clickid-009976", "clickid-015519")),
    ("idn61", "defisit", "devisit", ("clickid-020862",)),
    (
        "idn69",
        "dinaikkan",
        "dinaikan",
        ("clickid-000368", "clickid-004359", "clickid-006953", "clickid-008986"),
    ),
    ("idn70", "kontroversial", "kontoversial", ("clickid-003929",)),
    ("idn77", "cedera", "cidera", ("clickid-010497", "clickid-014482", "clickid-016426", "clickid-019225")),
    ("idn78", "listrik", "listik", ("clickid-001291", "clickid-001901", "clickid-012101")),
]

WORD_RE = re.compile(r"[^\W\d_]+")


def read_topics() -> list[tuple[str, str]]:
    topics = []
    for line in TOPICS.read_text("utf-8").splitlines():
        qid, _, text = line.partition("\t")
        if text.strip():
            topics.append((qid, text.strip()))
    return topics


def neighbours(letter: str) -> str:
    """The keys around *letter* on a QWERTY keyboard (same row, and the staggered rows above and below)."""
    for row, keys in enumerate(QWERTY):
        i = keys.find(letter)
        if i < 0:
            continue
        near = [keys[j] for j in (i - 1, i + 1) if 0 <= j < len(keys)]
        if row > 0:
            near += [QWERTY[row - 1][j] for j in (i, i + 1) if j < len(QWERTY[row - 1])]
        if row < 2:
            near += [QWERTY[row + 1][j] for j in (i - 1, i) if 0 <= j < len(QWERTY[row + 1])]
        return "".join(near)
    return ""


def mechanical(word: str, kind: str, rng: random.Random) -> str | None:
    """*word* with one typo of *kind*, never in its first letter; None when the kind cannot apply."""
    n = len(word)
    if kind == "deletion":  # not one of a double: that is a dropped double
        places = [i for i in range(1, n) if word[i] != word[i - 1] and (i + 1 == n or word[i] != word[i + 1])]
        i = rng.choice(places) if places else None
        return None if i is None else word[:i] + word[i + 1 :]
    if kind == "transposition":
        places = [i for i in range(1, n - 1) if word[i] != word[i + 1]]
        i = rng.choice(places) if places else None
        return None if i is None else word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "neighbour":
        i = rng.randrange(1, n)
        near = neighbours(word[i])
        return word[:i] + rng.choice(near) + word[i + 1 :] if near else None
    if kind == "doubled":  # a letter that is not doubled already
        places = [i for i in range(1, n) if word[i] != word[i - 1] and (i + 1 == n or word[i] != word[i + 1])]
        i = rng.choice(places) if places else None
        return None if i is None else word[: i + 1] + word[i:]
    if kind == "dropped double":
        places = [i for i in range(1, n) if word[i] == word[i - 1]]
        i = rng.choice(places) if places else None
        return None if i is None else word[:i] + word[i + 1 :]
    raise ValueError(kind)


def options(words: list[str], taken: set[int]) -> list[tuple[str, tuple[int, ...]]]:
    """The (kind, word positions) a typo could take in a topic of *words*, outside the positions *taken*."""
    found: list[tuple[str, tuple[int, ...]]] = []
    for i, word in enumerate(words):
        if i in taken:
            continue
        if " ".join(words[i : i + 2]) in COMPOUNDS and i + 1 < len(words) and i + 1 not in taken:
            found.append(("compound", (i, i + 1)))
        if word in COMPOUNDS:
            found.append(("compound", (i,)))
        if len(word) < MIN_LETTERS or not word.isalpha():
            continue
        if word in INFORMAL:
            found.append(("informal", (i,)))
        found += [(kind, (i,)) for kind in ("deletion", "transposition", "neighbour", "doubled")]
        if any(a == b for a, b in itertools.pairwise(word)):
            found.append(("dropped double", (i,)))
    return found


def typo_topic(text: str, count: int, rng: random.Random) -> tuple[str, list[tuple[str, str, str]]]:
    """*text* with *count* typos (fewer if too few words can take them), and (right, wrong, kind) of each.

    Each typo draws a kind first (`WEIGHTS`, among the kinds the topic's free words allow), then a
    place for it.
    """
    words = text.split()
    taken: set[int] = set()
    made: list[tuple[str, str, str]] = []
    for _attempt in range(20):
        choices = options(words, taken)
        if len(made) == count or not choices:
            break
        kinds = sorted({k for k, _p in choices}, key=KINDS.index)
        kind = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
        places = rng.choice([p for k, p in choices if k == kind])
        right = " ".join(words[i] for i in places)
        if kind == "compound":
            wrong = COMPOUNDS[right]
        elif kind == "informal":
            wrong = INFORMAL[right]
        else:
            wrong = mechanical(right, kind, rng) or right
            if wrong == right:  # no place for this kind in this word: draw again
                continue
        words[places[0]] = wrong
        for i in places[1:]:
            words[i] = ""
        taken.update(places)
        made.append((right, wrong, kind))
    return " ".join(w for w in words if w), made


def make_typos(topics: list[tuple[str, str]]) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    rng = random.Random(SEED)
    # two typos only where two different words can take one
    roomy = [qid for qid, text in topics if len({p[0] for _k, p in options(text.split(), set())}) >= 2]
    two = set(rng.sample(roomy, TWO_TYPOS))
    out = []
    for qid, text in topics:
        typed, made = typo_topic(text, 2 if qid in two else 1, rng)
        out.append((qid, typed, made))
    return out


def document_frequencies(articles: Path, wanted: Iterable[str] | None = None) -> collections.Counter[str]:
    """In how many articles each word occurs (lowercased letters only), for *wanted* words or all."""
    keep = None if wanted is None else set(wanted)
    counts: collections.Counter[str] = collections.Counter()
    with articles.open(encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            text = f"{article.get('title') or ''} {article.get('body') or ''}".lower()
            seen = set(WORD_RE.findall(text))
            counts.update(seen if keep is None else seen & keep)
    return counts


def one_edit(word: str) -> set[str]:
    """Every string one deletion, insertion, substitution or swap of neighbours away from *word*."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def candidates(articles: Path, topics: list[tuple[str, str]]) -> None:
    counts = document_frequencies(articles)
    ids: dict[str, list[str]] = collections.defaultdict(list)
    rare = {w for w, n in counts.items() if n <= 30}
    with articles.open(encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            text = f"{article.get('title') or ''} {article.get('body') or ''}".lower()
            for word in set(WORD_RE.findall(text)) & rare:
                ids[word].append(article["id"])
    for word in sorted({w for _q, t in topics for w in t.split() if w.isalpha()}):
        if counts[word] < 100:
            continue
        near = sorted((v for v in one_edit(word) if 1 <= counts[v] <= 30), key=lambda v: -counts[v])
        if near:
            listed = ", ".join(f"{v} {counts[v]} ({' '.join(ids[v][:3])})" for v in near)
            print(f"{word} {counts[word]}: {listed}")


def show(articles: Path, words: list[str], per_word: int = 12) -> None:
    patterns = {w: re.compile(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", re.IGNORECASE) for w in words}
    shown = dict.fromkeys(words, 0)
    with articles.open(encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            text = f"{article.get('title') or ''} || {article.get('body') or ''}"
            for word, pattern in patterns.items():
                found = pattern.search(text)
                if found and shown[word] < per_word:
                    shown[word] += 1
                    around = text[max(0, found.start() - 90) : found.end() + 60].replace("\n", " ")
                    print(f"{word} | {article['id']} | {around}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--candidates", action="store_true", help="list possible real misspellings")
    parser.add_argument("--show", nargs="+", metavar="WORD", help="print passages that have these words")
    args = parser.parse_args()
    articles = args.data / "id-news" / "articles.jsonl"
    topics = read_topics()
    if args.candidates:
        candidates(articles, topics)
        return
    if args.show:
        show(articles, args.show)
        return

    made = make_typos(topics)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "topics-typos.tsv").write_text("".join(f"{q}\t{t}\n" for q, t, _m in made), encoding="utf-8")
    rows = [f"{q}\t{right}\t{wrong}\t{kind}\n" for q, _t, m in made for right, wrong, kind in m]
    (OUT / "kinds.tsv").write_text("qid\tright\twrong\tkind\n" + "".join(rows), encoding="utf-8")

    texts = dict(topics)
    real = []
    for qid, right, wrong, _ids in REAL:
        words = texts[qid].split()
        assert right in words, (qid, right)
        real.append((qid, " ".join(wrong if w == right else w for w in words)))
    (OUT / "topics-real.tsv").write_text("".join(f"{q}\t{t}\n" for q, t in real), encoding="utf-8")

    typos = [t for _q, _t, m in made for t in m]
    for qid, typed, m in made:
        what = "; ".join(f"{kind}: {right} -> {wrong}" for right, wrong, kind in m)
        print(f"{qid}  {texts[qid]}  =>  {typed}   [{what}]")
    kinds = collections.Counter(kind for _r, _w, kind in typos)
    print(
        f"\n{len(made)} topics, {sum(len(m) == 2 for _q, _t, m in made)} with two typos, {len(typos)} typos: "
        + ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS)
    )
    print(f"{len(real)} topics with a real misspelling from id-news")
    if articles.exists():
        wanted = {w for _r, wrong, _k in typos for w in wrong.split()} | {w for _q, _r, w, _i in REAL}
        wanted |= {r for _q, r, _w, _i in REAL}
        counts = document_frequencies(articles, wanted)
        known = [(r, w, k) for r, w, k in typos if all(counts[part] for part in w.split())]
        print(f"\ngenerated typos that are words of id-news ({len(known)}; articles with the word):")
        for right, wrong, kind in known:
            print(f"  {right} -> {wrong} ({kind}): {' + '.join(str(counts[p]) for p in wrong.split())}")
        print("\nreal misspellings (articles with the right word / with the misspelling):")
        for qid, right, wrong, _ids in REAL:
            print(f"  {qid} {right} {counts[right]} -> {wrong} {counts[wrong]}")
    written = ", ".join(
        p.name for p in (OUT / "topics-typos.tsv", OUT / "kinds.tsv", OUT / "topics-real.tsv")
    )
    print(f"\nwritten to {OUT}: {written}")


if __name__ == "__main__":
    main()
