"""Understand: what the user typed, read into a query tree and rewritten for each language.

* `tree`      the query tree: words, phrases, patterns, fields, operators
* `syntax`    the query language read into a tree, tolerantly
* `rules`     what operators and fields mean as people use them
* `rewrites/` the rewrites, a small module each: corrections, translations, abbreviations, stopwords
* `translations/` the English-Indonesian translation table the translations rewrite reads
* `clauses`   which clauses of a tree are words, as the index holds them

The rewrites are applied to the tree in the order of `understand`; the
engine then compiles each reading of the tree and scores it
(`engine.compile`), and knows nothing of how it was rewritten.

Words are stemmed by the stemmer of their article's language, so a query is
read once for each stemmer the index's languages use (a `Reading`), and each
reading is matched only against the articles in its languages: ``elections``
is ``elect`` for English articles and stays ``elections`` for Indonesian ones.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from ..analysis.words import stemmer_for
from . import rules, syntax, tree
from .rewrites import abbreviations, corrections, stopwords
from .rewrites import translations as translating  # (warta.query.translations is the table's package)
from .rewrites.corrections import SUGGEST_BELOW, Correction, Lexicon
from .rewrites.translations import EN_ID, ID_EN

# Rewrites, each of which evaluation runs can switch off (benchmarks/eval_relevance.py).
# Indonesian abbreviations match their full forms and back (`rewrites.abbreviations`).
ABBREVIATIONS = True
# Leave the language's stopwords out of free-standing query words (`rewrites.stopwords`).
# With BM25's idf they weigh almost nothing anyway (TIME nDCG@10 0.703 with
# them left out, 0.706 kept: one query's worth), but each is a posting list
# as long as the collection that every query would walk.
STOPWORDS = True

# An index whose Indonesian articles are at least this share of all counts a word's Indonesian
# articles as all its articles when telling an English query (id-news: 6 English of 23,046).
MOSTLY_INDONESIAN = 0.95

# Words typed in capitals are acronyms (WHO, IT, US), not stopwords.
_CAPITALS_RE = re.compile(r"\b[A-Z]{2,}\b")


@dataclass(slots=True)
class Reading:
    """The query as read for the articles in some languages, which share one stemmer."""

    languages: frozenset[str]
    stemmer: str  # as `analysis.words.stemmer_for` names it; "" for words left unstemmed
    tree: tree.Node | None  # the query as written, rewritten; None: its syntax could not be read
    plain: tree.Node | None  # its plain words, rewritten: searched if the tree has nothing to search


@dataclass(slots=True)
class Understood:
    """A query ready for the engine to compile: one `Reading` per stemmer of the index's languages."""

    text: str
    match: str  # "any" or "all": how the words of a group combine when analysis splits one
    readings: list[Reading]
    corrections: list[Correction] = dataclasses.field(default_factory=list)  # typos corrected
    corrected: str | None = None  # the query searched, as text, when words were corrected
    parsed: tree.Node | None = None  # the query as read, before any rule or rewrite (for suggestions)
    # the readings' languages and stemmers, the one with most articles first (for suggestions)
    main_first: list[Reading] = dataclasses.field(default_factory=list)
    translation: str | None = None  # "en-id" or "id-en" when the query was also searched translated
    translated: str | None = None  # the translated query, as text for people


def understand(
    text: str,
    *,
    fields: Collection[str],
    languages: Iterable[str] | Mapping[str, int] = (),
    match: str = "any",
    lexicon: Lexicon | None = None,
    articles: int = 0,
    correct: bool = True,
    translate: bool | None = None,
) -> Understood:
    """Read *text* and rewrite it once for each stemmer of *languages* (the index's; Indonesian if none).

    *fields* are the field names a ``field:`` prefix may name; *languages*
    may map each language to its number of articles (the main reading, with
    the most, decides what a word's stem is when correcting).  With a
    *lexicon* (the index's words; *articles* in it) and *correct*, mistyped
    words are corrected (`rewrites.corrections`); the lexicon also tells a
    mistyped field name (``tittle:gaza``) from a word before a colon.
    *translate* None searches a query that is English beyond doubt in the
    Indonesian articles as its translations; True translates it either way
    (an Indonesian query for the English articles of a mixed index); False
    never (`rewrites.translations`).  An English query's English words are not
    corrected (the table corrects them), its names are.
    Raises `QueryError` when the query cannot mean anything (`syntax.read`).
    """
    by_stemmer: dict[str, list[str]] = {}
    for lang in sorted(set(languages)) or ["id"]:
        by_stemmer.setdefault(stemmer_for(lang), []).append(lang)
    sizes = languages if isinstance(languages, Mapping) else {}
    stubs = sorted(readings_for(by_stemmer), key=lambda r: -sum(sizes.get(lang, 0) for lang in r.languages))
    main = min(stubs[0].languages)
    known = None
    if lexicon is not None:
        known = lambda word: lexicon.written(word, main) >= corrections.RARE_MIN  # noqa: E731
    parsed = syntax.read(text, fields, match, known_word=known)
    written = rules.interpret(parsed.tree) if parsed.tree is not None else None
    plain = parsed.plain
    found: list[Correction] = []
    corrected = None
    direction, verdict = None, None
    if translate is not False and (written or plain) is not None:
        direction, verdict = _direction(
            written or plain, stubs, sizes, lexicon, articles, forced=bool(translate)
        )  # type: ignore[arg-type]
    checked = written if written is not None else plain  # (plain: when the query could not be read)
    if direction == translating.EN_ID and checked is not None:
        # an English query: the table reads its English words and its names are corrected
        # (Pekaanbaru haze); its mistyped English words are left to the table (ceasfire: forest
        # fiers is not forest piers), unless the index has English articles to correct them by
        # (goverment policy: government)
        english_articles = sum(
            sizes.get(lang, 0) for r in stubs if r.stemmer == "english" for lang in r.languages
        )
        misread = (
            verdict.misread
            if verdict and english_articles < (1 - MOSTLY_INDONESIAN) * articles
            else frozenset()
        )
        checked = translating.without_english(checked, misread)
    if lexicon is not None and correct and checked is not None:
        corrector = corrections.Corrector(lexicon, stubs, articles, text)
        _tree, found = corrections.correct(checked, corrector, main)
        if found:
            # the query searched is the corrected text, read as any query is: what is shown is what is run
            corrected = corrections.corrected_text(text, found)
            again = syntax.read(corrected, fields, match, known_word=known)
            written = rules.interpret(again.tree) if again.tree is not None else None
            plain = again.plain
    capitals = frozenset(w.lower() for w in _CAPITALS_RE.findall(corrected or text))
    # passed through as typed: acronyms, and names (Trump impeachment); misread: ceasfire
    kept = capitals | (verdict.names if verdict else frozenset())
    misread = verdict.misread if verdict else frozenset()
    shown = None
    translated_written = translated_plain = None
    if direction is not None:  # translated once, for the reading of the other language
        translated_written, translated_plain = (
            translating.translate(q, direction, kept, misread) if q is not None else None
            for q in (written, plain)
        )
        searched = translated_written if translated_written is not None else translated_plain
        if searched is not None and translating.has_translations(searched):
            shown = translating.shown(searched)
        else:
            direction = None  # nothing translated: said, and searched, as typed
    readings = []
    for stemmer, langs in by_stemmer.items():
        translated = direction is not None and direction == _translated_for(stemmer)
        these = (translated_written, translated_plain) if translated else (written, plain)
        readings.append(
            Reading(frozenset(langs), stemmer, *(_rewritten(q, langs[0], stemmer, capitals) for q in these))
        )
    return Understood(text, match, readings, found, corrected, parsed.tree, stubs, direction, shown)


def _translated_for(stemmer: str) -> str | None:
    """The direction of translation a reading with *stemmer* searches: its articles' language's."""
    return {"sastrawi": translating.EN_ID, "english": translating.ID_EN}.get(stemmer)


def _direction(
    query: tree.Node,
    stubs: list[Reading],
    sizes: Mapping[str, int],
    lexicon: Lexicon | None,
    articles: int,
    *,
    forced: bool,
) -> tuple[str | None, translating.Verdict | None]:
    """Which way *query* is translated (or None), and what its words said (None: not asked).

    English to Indonesian when it is English beyond doubt and the index has
    Indonesian articles; *forced*, also otherwise, unless the query leans
    Indonesian (more Indonesian words than English ones, or no English word)
    and the index has English articles: then Indonesian to English.
    """
    by_direction = {_translated_for(r.stemmer): r for r in stubs}
    indonesian = by_direction.get(translating.EN_ID)
    english = by_direction.get(translating.ID_EN)
    words = translating.words_of(query)
    if not words or (indonesian is None and english is None) or (lexicon is None and not forced):
        return None, None  # (without the index's words, no telling English from Indonesian)
    if indonesian is None:  # English articles only: an Indonesian query, asked for, is translated
        indonesian_words = forced and any(map(translating.is_indonesian, words))
        return (translating.ID_EN if indonesian_words else None), None
    in_indonesian = sum(sizes.get(lang, 0) for lang in indonesian.languages) or articles

    counted: dict[str, int] = {}
    # nearly every article Indonesian: counting in all of them is as good, and far quicker
    mostly = in_indonesian >= MOSTLY_INDONESIAN * (articles or in_indonesian)

    def written(word: str) -> int:
        if word not in counted:
            if lexicon is None:
                counted[word] = 0
            elif len(stubs) == 1 or mostly:
                counted[word] = lexicon.written(word, "id")
            else:
                counted[word] = lexicon.count(tree.Word(word), indonesian)
        return counted[word]

    verdict = translating.verdict(words, written, in_indonesian, every=forced)
    if verdict.is_english:
        return translating.EN_ID, verdict
    if not forced:
        return None, None
    leans_indonesian = verdict.indonesian + verdict.indonesian_function > verdict.english + verdict.shared
    if english is not None and (leans_indonesian or not (verdict.english or verdict.shared)):
        return translating.ID_EN, verdict
    return translating.EN_ID, verdict


def suggest(understood: Understood, lexicon: Lexicon, articles: int) -> str | None:
    """A likelier query than *understood*, corrected also inside phrases, field values and less
    surely; None: none.

    For a query that found little (`SUGGEST_BELOW`): the caller runs it to
    see whether it finds more before offering it.
    """
    if understood.parsed is None or not understood.main_first:
        return None
    corrector = corrections.Corrector(lexicon, understood.main_first, articles, understood.text)
    found = corrections.suggest(understood.parsed, corrector, corrector.lang)
    return corrections.corrected_text(understood.text, found, in_phrases=True) if found else None


def readings_for(by_stemmer: dict[str, list[str]]) -> list[Reading]:
    """Empty readings, one per stemmer (its languages), for asking the index how often words occur."""
    return [Reading(frozenset(langs), stemmer, None, None) for stemmer, langs in by_stemmer.items()]


def _rewritten(
    query: tree.Node | None, lang: str, stemmer: str, capitals: frozenset[str]
) -> tree.Node | None:
    """*query* with the rewrites that apply to a language using *stemmer*, in order (a translated
    query, `rewrites.translations`, comes here translated)."""
    if query is None:
        return None
    if ABBREVIATIONS and stemmer == "sastrawi":
        query = abbreviations.expand(query, lang, capitals)
    if STOPWORDS:
        query = stopwords.remove(query, lang, kept=capitals)
    return query
