"""Build the English -> Indonesian translation table (``en_id.tsv``) from PANL and FreeDict.

A build-time tool, run by hand when the table is to be rebuilt; warta never
imports it at run time, and ``eflomal`` (the word aligner) is imported only
inside `align`.  Run it in a virtual environment that has warta and eflomal::

    python -m venv /work/build-venv
    /work/build-venv/bin/pip install -e . eflomal
    apt-get install dict-freedict-eng-ind
    /work/build-venv/bin/python -m warta.query.translations.build \\
        --panl ../shared/data/panl-en-id --freedict /usr/share/dictd/freedict-eng-ind \\
        --out src/warta/query/translations/en_id.tsv

The steps:

1. PANL's sentence pairs are tokenised with warta's own tokenizer
   (`warta.analysis.words.iter_tokens`), English words replaced by their
   Snowball stems, Indonesian words kept as written (lowercased, accents folded).
2. eflomal aligns them in both directions; the two alignments are symmetrised
   with grow-diag-final-and (the intersection, grown by neighbouring links of the
   union, then the union's links between words still unaligned).
3. Each aligned English stem counts its Indonesian words: one Indonesian
   word, or a run of two or three next to each other linked to this English
   word alone (``ceasefire`` -> ``gencatan senjata``), counts as one
   translation; a scattered set shares the count.  Two or three English words
   linked together to one run (``united nations`` -> ``pbb``) are a phrase,
   keyed by their stems joined by spaces; so are two translated word by word
   where a word's link is mostly the phrase's (``united states`` -> ``amerika
   serikat``, so that ``unit`` does not translate to ``amerika``).
4. Noise left out: links of English function words; capitalised English words
   the Indonesian sentence has as written (Rice, Bill: names), and stems that
   are mostly such names (their FreeDict entries too: Sunni is not sunny);
   links to a word the English sentence has elsewhere; Indonesian function
   words, numbers, and words whose links go to this stem too rarely
   (p(stem | indonesian) < 5 %); a word that is mostly a piece of a longer run
   of the stem's counts for the run.
5. FreeDict's senses give each headword's translations, the first sense
   weighing most; a two- or three-word headword is a phrase key, a hyphenated
   one (``cease-fire``) also one word.  The two are mixed per stem, PANL
   weighing ``n / (n + 5)`` for a stem aligned ``n`` times, so FreeDict
   decides for the words PANL hardly has.
6. Translations sharing a Sastrawi stem are one (warta stems them alike at
   query time), written as their most likely form; each stem keeps its best
   few (at most 4, until 85 %, none under 8 %), renormalised to sum to 1.  A
   stem whose only translation is itself (loanwords) is left out: unknown
   words pass through as typed.
7. The terms written by hand (``news_terms.tsv``) replace what the sources say
   (warta also lays them over the table when it loads it, so that a term added
   there needs no rebuild).

eflomal seeds its sampler from the system, so two alignments differ a little;
the counts are averaged over ``--runs`` of them (4, about two minutes) so that
two builds differ only in the smaller probabilities.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from warta.analysis.words import analyse_word, iter_tokens
from warta.query.rewrites.stopwords import stopwords
from warta.query.translations import INDONESIAN_FUNCTION_WORDS, news_terms

# Pruning: at most this many translations a stem, taken until their probabilities
# add up to CUMULATIVE; none below MIN_PROBABILITY (of the stem's total).
MAX_TRANSLATIONS = 4
CUMULATIVE = 0.85
MIN_PROBABILITY = 0.08
# A PANL translation must also be this likely the other way round, p(stem | indonesian): a word
# linked to everything (``itu``, ``harga`` for ``fuel``) translates nothing in particular.
MIN_REVERSE = 0.05
# A stem aligned fewer times than this in PANL is left to FreeDict (one link is often noise);
# a phrase needs MIN_PHRASE_LINKS.
MIN_LINKS = 2
MIN_PHRASE_LINKS = 4
# A stem's link to a word that lies in one phrase at least this often is the phrase's, not the stem's.
PHRASE_BOUND = 0.8
# PANL weighs n / (n + PANL_PRIOR) against FreeDict for a stem aligned n times.
PANL_PRIOR = 5.0
# An English word capitalised in at least this share of its occurrences past a sentence's first
# word (and seen there at least NAME_MIN_SEEN times) is a name; one that the Indonesian side
# also has in at least COPIED_SHARE of its sentences is copied, not translated.
NAME_SHARE = 0.8
NAME_MIN_SEEN = 3
COPIED_SHARE = 0.5
# The longest run of Indonesian words one English word can translate to.
MAX_RUN = 3
# An Indonesian word or run found inside a longer one of the stem's runs in at least this share
# of its occurrences is a piece of that run (``gencatan`` of ``gencatan senjata``) and counts for it.
FRAGMENT_SHARE = 0.7
# Alignments averaged: eflomal samples, so each run differs a little.
RUNS = 4

# English words too common to translate, besides Snowball's stopwords (which warta leaves out of queries).
EXTRA_ENGLISH_FUNCTION_WORDS = frozenset(
    "also although among cant could didnt doesnt dont however isnt might must shall since though upon us via "
    "wasnt whether wont would yet".split()
)
_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")


# --- reading the sources ---------------------------------------------------------------------------


def read_panl(folder: Path) -> list[tuple[str, str]]:
    """The sentence pairs of every ``*.tgz`` in *folder*: one English and one Indonesian file each."""
    pairs: list[tuple[str, str]] = []
    archives = sorted(folder.glob("*.tgz"))
    if not archives:
        raise SystemExit(f"no .tgz files in {folder}")
    for archive in archives:
        texts: dict[str, list[str]] = {}
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                side = "en" if "-EN-" in member.name else "id" if "-ID-" in member.name else None
                handle = tar.extractfile(member) if member.isfile() else None
                if side and handle:
                    texts[side] = handle.read().decode("utf-8", errors="replace").splitlines()
        english, indonesian = texts.get("en", []), texts.get("id", [])
        if not english or len(english) != len(indonesian):
            raise SystemExit(f"{archive.name}: {len(english)} English and {len(indonesian)} Indonesian lines")
        pairs.extend((e, i) for e, i in zip(english, indonesian, strict=True) if e.strip() and i.strip())
    return pairs


def _base64_number(text: str) -> int:
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    value = 0
    for char in text:
        value = value * 64 + digits.index(char)
    return value


def read_freedict(path: Path) -> dict[str, list[list[str]]]:
    """FreeDict's dictd files: headword -> its senses, each a list of Indonesian translations as written.

    *path* is the ``.index`` file, the ``.dict.dz`` file, or their shared name without extension.
    """
    base = str(path).removesuffix(".dz").removesuffix(".dict").removesuffix(".index")
    with gzip.open(base + ".dict.dz") as handle:
        data = handle.read()
    senses: dict[str, list[list[str]]] = defaultdict(list)
    for line in Path(base + ".index").read_text(encoding="utf-8").splitlines():
        headword, offset, length = line.split("\t")
        if headword.startswith("00database"):
            continue
        start = _base64_number(offset)
        lines = data[start : start + _base64_number(length)].decode("utf-8").splitlines()
        if len(lines) < 2 or re.search(r"<(suffix|prefix|infix)>", lines[0]):
            continue
        # Numbered senses ("1. kebakaran, api") when there are several, else the line after
        # the headword; each may end with the number of a gloss that follows ("harga 2.").
        numbered = [m.group(1) for m in (re.match(r"\d+\. (.*)", x) for x in lines[1:]) if m]
        for sense in numbered or [lines[1]]:
            sense = re.sub(r"\s+\d+\.$", "", re.sub(r"\([^)]*\)", "", sense)).strip()
            words = [w.strip() for w in sense.split(",") if w.strip()]
            if words:
                senses[headword.lower()].append(words)
    return dict(senses)


# --- tokens ----------------------------------------------------------------------------------------


class Sentences:
    """PANL's pairs as the aligner sees them, and what is known of each English stem's words.

    English words become their stems, Indonesian words stay as written
    (lowercased and folded, as warta indexes them).  A stem is a name when
    its words are mostly capitalised past a sentence's first word; it is copied
    when its word stands in the Indonesian sentence too (``Dinari``, ``AFP``).
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.stems: list[list[str]] = []  # English
        self.words: list[list[str]] = []  # English, lowercased
        self.indonesian: list[list[str]] = []
        self.names: list[set[int]] = []  # positions of English names written alike on both sides
        self.surface: dict[str, set[str]] = defaultdict(set)
        self.seen: Counter[str] = Counter()
        self.capitalised: Counter[str] = Counter()
        self.occurrences: Counter[str] = Counter()
        self.copied: Counter[str] = Counter()
        self.ngrams: Counter[str] = Counter()  # Indonesian runs of one to MAX_RUN words
        for english_text, indonesian_text in pairs:
            english = list(iter_tokens(english_text, "en"))
            indonesian = [exact for _, _, _, exact, _ in iter_tokens(indonesian_text, "id")]
            if not english or not indonesian:
                continue
            self.stems.append([stem for *_, stem in english])
            self.words.append([exact for *_, exact, _ in english])
            self.indonesian.append(indonesian)
            for n in range(1, MAX_RUN + 1):
                self.ngrams.update(" ".join(indonesian[k : k + n]) for k in range(len(indonesian) - n + 1))
            present = set(indonesian)
            names = set()
            for position, start, _, exact, stem in english:
                capitalised = english_text[start].isupper()
                self.surface[stem].add(exact)
                self.occurrences[stem] += 1
                self.copied[stem] += exact in present
                if capitalised and exact in present:
                    names.add(position)  # Rice (Condoleezza), Bill (Clinton): not rice, not bill
                if position > 0:
                    self.seen[stem] += 1
                    self.capitalised[stem] += capitalised
            self.names.append(names)

    def is_copied_name(self, stem: str) -> bool:
        """Whether *stem* is a name the Indonesian text writes as the English does."""
        seen = self.seen[stem]
        return (
            seen >= NAME_MIN_SEEN
            and self.capitalised[stem] >= NAME_SHARE * seen
            and self.copied[stem] >= COPIED_SHARE * self.occurrences[stem]
        )


# --- alignment -------------------------------------------------------------------------------------


def align(
    english: list[list[str]], indonesian: list[list[str]], iterations: float
) -> list[set[tuple[int, int]]]:
    """Symmetrised word links ``(english_position, indonesian_position)`` for each sentence pair."""
    import eflomal  # build-time only

    with tempfile.TemporaryDirectory() as folder:
        forward, reverse = Path(folder, "forward"), Path(folder, "reverse")
        aligner = eflomal.Aligner(rel_iterations=iterations)
        aligner.align(
            [" ".join(s) for s in english],
            [" ".join(s) for s in indonesian],
            links_filename_fwd=str(forward),
            links_filename_rev=str(reverse),
        )
        forward_links = [_links(line) for line in forward.read_text().splitlines()]
        reverse_links = [_links(line) for line in reverse.read_text().splitlines()]
    if not len(forward_links) == len(reverse_links) == len(english):
        raise SystemExit("eflomal returned a different number of sentences")
    return [symmetrise(f, r) for f, r in zip(forward_links, reverse_links, strict=True)]


def _links(line: str) -> set[tuple[int, int]]:
    out = set()
    for link in line.split():
        i, j = link.split("-")
        out.add((int(i), int(j)))
    return out


_NEIGHBOURS = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def symmetrise(forward: set[tuple[int, int]], reverse: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """grow-diag-final-and: links both directions agree on, grown from the union's neighbouring links.

    A link of the union next to one already taken (diagonals included) is
    taken when one of its two words is still unaligned; what is left of the
    union is then taken only where both its words are unaligned.
    """
    union = forward | reverse
    links = forward & reverse
    english = {i for i, _ in links}
    indonesian = {j for _, j in links}
    grown = True
    while grown:
        grown = False
        for i, j in sorted(links):
            for di, dj in _NEIGHBOURS:
                link = (i + di, j + dj)
                unaligned = link[0] not in english or link[1] not in indonesian
                if link in union and link not in links and unaligned:
                    links.add(link)
                    english.add(link[0])
                    indonesian.add(link[1])
                    grown = True
    for i, j in sorted(union - links):
        if i not in english and j not in indonesian:
            links.add((i, j))
            english.add(i)
            indonesian.add(j)
    return links


# --- counting and mixing ---------------------------------------------------------------------------


def is_content_stem(stem: str, english_stopwords: frozenset[str]) -> bool:
    """Whether an English stem is a word worth translating: letters, not a function word."""
    return len(stem) > 1 and bool(_WORD_RE.fullmatch(stem)) and stem not in english_stopwords


def english_function_words() -> frozenset[str]:
    """Snowball's English stopwords (warta's list) and a few more, as words and as stems."""
    words = stopwords("en") | EXTRA_ENGLISH_FUNCTION_WORDS
    return words | {stem for w in words for _, stem in analyse_word(w, "en")}


class LinkCounts:
    """What the alignments say, added up over sentences and averaged over eflomal's runs.

    * ``counts``: English stem or phrase -> Indonesian word or run -> links
    * ``totals``: Indonesian word or run -> links from any English word, function words
      included (for p(stem | indonesian))
    * ``bound``: English stem -> (Indonesian word, phrase) -> the stem's links to that word
      made inside that phrase, translated word by word (``unit`` -> ``amerika`` in ``unit state``)
    * ``together``: English phrase -> how often its words were linked together as a whole
    """

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.totals: Counter[str] = Counter()
        self.bound: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        self.together: Counter[str] = Counter()

    def add(self, other: LinkCounts, share: float) -> None:
        """Add *share* of *other*'s counts to these."""
        for stem, units in other.counts.items():
            self.counts[stem].update({unit: n * share for unit, n in units.items()})
        for stem, pairs in other.bound.items():
            self.bound[stem].update({pair: n * share for pair, n in pairs.items()})
        self.totals.update({unit: n * share for unit, n in other.totals.items()})
        self.together.update({key: n * share for key, n in other.together.items()})


def count_links(
    sentences: Sentences, links: list[set[tuple[int, int]]], english_stopwords: frozenset[str]
) -> LinkCounts:
    """How often each English stem (or phrase) was aligned to each Indonesian word or run of words.

    Not counted: a capitalised English word that the Indonesian sentence has
    as written (a name), a link to an Indonesian word that the English
    sentence has as another word (a name, a number, an acronym kept as
    written), and the links of English function words (``the`` -> ``amerika``),
    except in the totals.

    Two or three English words linked together to a run of Indonesian words
    and to nothing else, and not word by word (``united states`` -> ``as``,
    ``finance minister`` -> ``menkeu``), count as a phrase, not for their stems.
    Two English words linked word by word to such a run (``united states`` ->
    ``amerika serikat``) count as a phrase and for their stems.
    """
    out = LinkCounts()
    for stems, english, words, names, pairs in zip(
        sentences.stems, sentences.words, sentences.indonesian, sentences.names, links, strict=True
    ):
        in_english = set(english)
        by_english: dict[int, list[int]] = defaultdict(list)
        by_indonesian: dict[int, set[int]] = defaultdict(set)
        function_links: dict[int, list[int]] = defaultdict(list)
        for i, j in sorted(pairs):
            if i in names or (words[j] != english[i] and words[j] in in_english):
                continue
            if is_content_stem(stems[i], english_stopwords):
                by_english[i].append(j)
                by_indonesian[j].add(i)
            else:
                function_links[i].append(j)
        for js in function_links.values():
            out.totals.update({words[j]: 1.0 / len(js) for j in js})

        def count(key: str, linked: list[str], weight: float) -> str:
            run = _trimmed(linked)
            if run:
                out.totals[run] += weight
                out.counts[key][run] += weight
            return run

        in_phrase: set[int] = set()
        word_by_word: dict[int, list[str]] = defaultdict(list)  # position -> phrases it is in
        for length in range(MAX_RUN, 1, -1):
            for first in range(len(stems) - length + 1):
                span = range(first, first + length)
                found = _phrase(span, by_english, by_indonesian, in_phrase)
                if not found:
                    continue
                js, together = found
                key = " ".join(stems[i] for i in span)
                if together:
                    count(key, [words[j] for j in js], 1.0)
                    out.together[key] += 1.0
                    in_phrase.update(span)
                elif length == 2:
                    count(key, [words[j] for j in js], 1.0)
                    for i in span:
                        word_by_word[i].append(key)
        for i, js in by_english.items():
            if i in in_phrase:
                continue
            if len(js) > 1 and _is_run(js) and all(by_indonesian[j] == {i} for j in js):
                units = [(js, 1.0)]
            else:
                units = [([j], 1.0 / len(js)) for j in js]
            for run, weight in units:
                unit = count(stems[i], [words[j] for j in run], weight)
                for key in word_by_word[i] if unit else ():
                    out.bound[stems[i]][unit, key] += weight
    return out


def _is_run(js: Sequence[int]) -> bool:
    """Whether sorted positions are next to each other, and few enough to be one translation."""
    return len(js) <= MAX_RUN and js[-1] - js[0] == len(js) - 1


def _trimmed(run: list[str]) -> str:
    """A run of Indonesian words without the function words at its ends, as one string."""
    while run and run[0] in INDONESIAN_FUNCTION_WORDS:
        run = run[1:]
    while run and run[-1] in INDONESIAN_FUNCTION_WORDS:
        run = run[:-1]
    return " ".join(run)


def _phrase(
    span: range,
    by_english: dict[int, list[int]],
    by_indonesian: dict[int, set[int]],
    taken: set[int],
) -> tuple[list[int], bool] | None:
    """The Indonesian run an English span translates, and whether its links hang together; or None.

    Every English word of the span is linked, only into the run, and every
    word of the run is linked, only from the span.  The links hang together
    unless they split into two smaller pairs (``prime minister`` -> ``perdana
    menteri`` word by word).
    """
    if any(i in taken or i not in by_english for i in span):
        return None
    js = sorted({j for i in span for j in by_english[i]})
    if not _is_run(js) or any(not by_indonesian[j] <= set(span) for j in js):
        return None
    reached, frontier = {span[0]}, [span[0]]
    while frontier:  # English words reached through shared Indonesian words
        i = frontier.pop()
        for j in by_english[i]:
            for other in by_indonesian[j] - reached:
                reached.add(other)
                frontier.append(other)
    return js, len(reached) == len(span)


def panl_probabilities(sentences: Sentences, links: LinkCounts) -> dict[str, tuple[float, dict[str, float]]]:
    """Each English stem's (and phrase's) link count and p(indonesian | stem) from PANL, noise left out.

    Left out: stems seldom aligned; translations that are numbers or function
    words (which FreeDict may bring back), or that translate the stem in too
    small a share of their own links, or that are mostly the stem's share of a
    phrase's translation (``unit`` -> ``amerika``), which the phrase has.  A
    phrase translated word by word is kept only for such a word (``prime
    minist``, not ``last year``).  A word that is mostly a piece of one of the
    stem's runs counts for the run (``menteri luar`` for ``menteri luar negeri``).
    A phrase's translations need MIN_LINKS links each.
    """
    needed = set()
    kept: dict[str, Counter[str]] = {}
    for stem, units in links.counts.items():
        if " " not in stem and sum(units.values()) >= MIN_LINKS:
            kept[stem] = Counter(units)
            for (unit, phrase), weight in links.bound.get(stem, Counter()).items():
                phrase_links = sum(links.counts.get(phrase, Counter()).values())
                if phrase_links >= MIN_PHRASE_LINKS and weight >= PHRASE_BOUND * units[unit]:
                    kept[stem].pop(unit, None)
                    needed.add(phrase)
    for phrase, units in links.counts.items():
        frequent = " " in phrase and sum(units.values()) >= MIN_PHRASE_LINKS
        if frequent and (phrase in needed or links.together[phrase] >= MIN_LINKS):
            kept[phrase] = Counter(units)
    out = {}
    for stem, units in kept.items():
        total = sum(links.counts[stem].values())
        good = Counter(
            {
                unit: count
                for unit, count in units.items()
                if all(_WORD_RE.fullmatch(w) for w in unit.split())
                and unit not in INDONESIAN_FUNCTION_WORDS
                and count >= MIN_REVERSE * links.totals[unit]
                and (" " not in stem or count >= MIN_LINKS)
            }
        )
        for part in sorted(good, key=lambda unit: unit.count(" ")):
            wholes = [run for run in good if run != part and f" {part} " in f" {run} "]
            whole = max(wholes, key=lambda run: (sentences.ngrams[run], run), default=None)
            if whole and sentences.ngrams[whole] >= FRAGMENT_SHARE * sentences.ngrams[part]:
                good[whole] += good.pop(part)
        if good:
            out[stem] = (total, {unit: count / total for unit, count in good.items()})
    return out


def indonesian_unit(text: str) -> str | None:
    """A FreeDict translation as warta reads it (``asap-kabut`` -> ``asap kabut``), or None if not a word."""
    words = [exact for _, _, _, exact, _ in iter_tokens(text, "id")]
    if not words or len(words) > MAX_RUN + 1 or not all(_WORD_RE.fullmatch(w) for w in words):
        return None
    return " ".join(words)


def freedict_probabilities(
    senses: dict[str, list[list[str]]], english_stopwords: frozenset[str]
) -> dict[str, dict[str, float]]:
    """p(indonesian | English stem, or stems of a two- or three-word headword) from FreeDict.

    Sense k of a headword weighs 1/k, shared by its translations; headwords
    with the same stem (``elect``, ``election``) weigh alike.  A hyphenated
    headword (``cease-fire``) is also keyed as one word (``ceasefir``).
    """
    by_key: dict[str, list[dict[str, float]]] = defaultdict(list)
    for headword, headword_senses in senses.items():
        weights: Counter[str] = Counter()
        for k, translations in enumerate(headword_senses, start=1):
            units = [u for u in map(indonesian_unit, translations) if u]
            for unit in units:
                weights[unit] += 1.0 / k / len(units)
        if not weights:
            continue
        total = sum(weights.values())
        distribution = {unit: w / total for unit, w in weights.items()}
        for key in _headword_keys(headword, english_stopwords):
            by_key[key].append(distribution)
    out = {}
    for key, distributions in by_key.items():
        mixed: Counter[str] = Counter()
        for distribution in distributions:
            for unit, p in distribution.items():
                mixed[unit] += p / len(distributions)
        out[key] = dict(mixed)
    return out


def _headword_keys(headword: str, english_stopwords: frozenset[str]) -> list[str]:
    stems = [stem for _, _, _, _, stem in iter_tokens(headword, "en")]
    if not stems or not all(_WORD_RE.fullmatch(s) for s in stems):
        return []
    if len(stems) == 1:
        return [stems[0]] if is_content_stem(stems[0], english_stopwords) else []
    if len(stems) > MAX_RUN or not any(is_content_stem(s, english_stopwords) for s in stems):
        return []
    keys = [" ".join(stems)]
    if re.fullmatch(r"[a-z]+-[a-z]+", headword):  # cease-fire, also written ceasefire
        joined = [stem for _, _, _, _, stem in iter_tokens(headword.replace("-", ""), "en")]
        if is_content_stem(joined[0], english_stopwords):
            keys.append(joined[0])
    return keys


def mix(
    panl: dict[str, tuple[float, dict[str, float]]],
    freedict: dict[str, dict[str, float]],
    names: AbstractSet[str] = frozenset(),
) -> dict[str, dict[str, float]]:
    """PANL and FreeDict mixed per stem, PANL weighing ``n / (n + PANL_PRIOR)`` for n links.

    The stems in *names* are left out, FreeDict's too: ``sunni`` is PANL's
    Sunni, passed through as typed, not FreeDict's sunny (``cerah``).
    """
    out = {}
    for stem in (panl.keys() | freedict.keys()) - names:
        links, from_panl = panl.get(stem, (0.0, {}))
        from_freedict = freedict.get(stem, {})
        weight = links / (links + PANL_PRIOR) if from_freedict else 1.0
        mixed: Counter[str] = Counter()
        for unit, p in from_panl.items():
            mixed[unit] += weight * p
        for unit, p in from_freedict.items():
            mixed[unit] += (1.0 - weight) * p
        out[stem] = dict(mixed)
    return out


def indonesian_stem(unit: str) -> str:
    """The unit as warta matches it at query time: each word's Sastrawi stem."""
    return " ".join(stem for word in unit.split() for _, stem in analyse_word(word, "id"))


def prune(
    mixed: dict[str, dict[str, float]], surface: dict[str, set[str]]
) -> dict[str, list[tuple[str, float]]]:
    """Each stem's best few translations, one per Indonesian stem, renormalised; identities left out.

    *surface* holds the English words seen for each stem, to recognise a
    stem whose translation is the word itself.
    """
    table = {}
    for stem, units in mixed.items():
        grouped: dict[str, Counter[str]] = defaultdict(Counter)
        for unit, p in units.items():
            grouped[indonesian_stem(unit)][unit] += p
        merged = sorted(
            ((forms.most_common(1)[0][0], sum(forms.values())) for forms in grouped.values()),
            key=lambda item: (-item[1], item[0]),
        )
        total = sum(p for _, p in merged)
        kept: list[tuple[str, float]] = []
        cumulative = 0.0
        for unit, p in merged:
            share = p / total
            enough = cumulative >= CUMULATIVE or share < MIN_PROBABILITY
            if len(kept) == MAX_TRANSLATIONS or (kept and enough):
                break
            kept.append((unit, share))
            cumulative += share
        itself = surface.get(stem, set()) | {stem.replace(" ", "")}
        if all(unit.replace(" ", "") in itself for unit, _ in kept):
            continue
        norm = sum(p for _, p in kept)
        table[stem] = [(unit, p / norm) for unit, p in kept]
    return table


# --- output ----------------------------------------------------------------------------------------


def write_table(table: dict[str, list[tuple[str, float]]], out: Path) -> None:
    """``stem<TAB>indonesian<TAB>probability`` lines, stems sorted, best translation first."""
    lines = []
    for stem in sorted(table):
        rounded = [(unit, round(p, 3)) for unit, p in table[stem]]
        rounded[0] = (rounded[0][0], round(rounded[0][1] + 1.0 - sum(p for _, p in rounded), 3))
        lines.extend(f"{stem}\t{unit}\t{p:.3f}" for unit, p in rounded if p > 0)
    text = "\n".join(lines) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".gz":
        out.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        out.write_text(text, encoding="utf-8")


# Common news words whose translations the build prints, to be read.
SANITY_WORDS = (
    "ceasefire talks election corruption president minister flood fire forest haze earthquake price "
    "fuel protest student arrest suspect court law bill parliament governor regent police military "
    "village tax budget export rice"
).split()


def listing(table: dict[str, list[tuple[str, float]]], words: Iterable[str]) -> Iterator[str]:
    """One line per English word: its stem, the stem's translations and their probabilities."""
    for word in words:
        stem = analyse_word(word, "en")[0][1]
        entries = table.get(stem)
        shown = ", ".join(f"{unit} {p:.2f}" for unit, p in entries) if entries else "(none)"
        yield f"{stem:<11} {shown}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--panl", type=Path, required=True, help="folder of PANL's .tgz files")
    parser.add_argument("--freedict", type=Path, required=True, help="freedict-eng-ind .index or .dict.dz")
    parser.add_argument("--out", type=Path, required=True, help="the table to write (.tsv or .tsv.gz)")
    parser.add_argument("--iterations", type=float, default=1.0, help="eflomal's iterations, relative")
    parser.add_argument("--runs", type=int, default=RUNS, help="alignments to average (eflomal samples)")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    function_words = english_function_words()
    sentences = Sentences(read_panl(args.panl))
    english_words = sum(map(len, sentences.stems))
    say(f"PANL: aligning {len(sentences.stems):,} sentence pairs, {english_words:,} English words")
    links = LinkCounts()
    for run in range(args.runs):
        say(f"eflomal, run {run + 1} of {args.runs}")
        run_links = align(sentences.stems, sentences.indonesian, args.iterations)
        links.add(count_links(sentences, run_links, function_words), 1.0 / args.runs)
    panl = panl_probabilities(sentences, links)
    freedict = freedict_probabilities(read_freedict(args.freedict), function_words)
    names = {stem for stem in sentences.occurrences if sentences.is_copied_name(stem)}
    say(f"PANL: {len(panl):,} stems, {len(names):,} names left out; FreeDict: {len(freedict):,} keys")
    table = prune(mix(panl, freedict, names), sentences.surface)
    table.update({key: list(values) for key, values in news_terms().items()})
    write_table(table, args.out)
    phrases = sum(" " in stem for stem in table)
    say(
        f"wrote {args.out}: {len(table):,} keys ({len(table) - phrases:,} stems, {phrases:,} phrases), "
        f"{sum(map(len, table.values())):,} translations, {args.out.stat().st_size:,} bytes"
    )
    print("\n".join(listing(table, SANITY_WORDS)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
