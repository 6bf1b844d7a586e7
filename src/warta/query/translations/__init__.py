"""Translation data for cross-language search: English stems -> Indonesian words, with probabilities.

* ``en_id.tsv``  the table, one ``english_stem<TAB>indonesian<TAB>probability`` a line
* ``news_terms.tsv``  news terms written by hand, laid over the table when it is loaded
* ``build.py``   how it was made (a build-time script; warta never imports it at run time)
* ``README.md``  where the data comes from, its licences and the attribution it needs
"""

from __future__ import annotations

import importlib.resources
from functools import cache

Translations = tuple[tuple[str, float], ...]

# Indonesian function words: never a word to translate, and a sign that a query is Indonesian
# (the build also drops them as alignment noise, unless FreeDict gives them for that word).
INDONESIAN_FUNCTION_WORDS = frozenset(
    """
    ada adalah agar akan aku anda antara apa apakah atas atau bagaimana bagi bahkan bahwa beberapa
    belum berbagai bisa boleh dalam dan dapat dari demikian dengan di dia hanya harus ia ialah ini
    itu jika juga kalau kami kamu karena ke kepada ketika kita lagi lah maka masih mereka namun nya
    oleh pada para pernah pun saat sambil sang sangat saya seorang sebagai sebuah sedang sehingga
    sejak sekitar selama semua sendiri seperti serta setelah si sudah supaya tak tapi telah tentang
    terhadap tersebut tetapi tidak untuk yaitu yakni yang
    """.split()
)
# Translations kept for an Indonesian word in the table's other direction.
MOST_REVERSE = 4


@cache
def table() -> dict[str, Translations]:
    """English key (a Snowball stem, or stems joined by a space) -> Indonesian translations, best first:
    the built table with the terms written by hand (``news_terms.tsv``) in place of theirs."""
    return built_table() | news_terms()


@cache
def built_table() -> dict[str, Translations]:
    """The table as `build` made it (``en_id.tsv``)."""
    text = importlib.resources.files(__name__).joinpath("en_id.tsv").read_text("utf-8")
    found: dict[str, list[tuple[str, float]]] = {}
    for line in text.splitlines():
        key, indonesian, probability = line.split("\t")
        found.setdefault(key, []).append((indonesian, float(probability)))
    return {key: tuple(values) for key, values in found.items()}


@cache
def news_terms(text: str | None = None) -> dict[str, Translations]:
    """The terms written by hand (*text*: ``news_terms.tsv``'s), keyed as the table is, weights
    normalised to sum to one, best first."""
    from ...analysis.words import iter_tokens

    if text is None:
        text = importlib.resources.files(__name__).joinpath("news_terms.tsv").read_text("utf-8")
    found: dict[str, dict[str, float]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        english, indonesian, weight = line.split("\t")
        key = " ".join(token[4] for token in iter_tokens(english, "en"))
        unit = " ".join(token[3] for token in iter_tokens(indonesian, "id"))
        if not key or not unit or float(weight) <= 0:
            raise ValueError(f"news_terms.tsv, line {number}: want an English term, a translation, a weight")
        given = found.setdefault(key, {})
        given[unit] = given.get(unit, 0.0) + float(weight)
    out = {}
    for key, given in found.items():
        total = sum(given.values())
        out[key] = tuple(sorted(((unit, w / total) for unit, w in given.items()), key=lambda t: -t[1]))
    return out


@cache
def reverse_table() -> dict[str, Translations]:
    """The table's other direction: Indonesian key (Sastrawi stems, joined by a space) -> English
    stems, best first.

    An Indonesian word's English words are the keys that give it, weighed by the
    probability each gives it and normalised to sum to one; a key is one Snowball
    stem or several joined by a space.
    """
    from ...analysis.words import iter_tokens

    found: dict[str, dict[str, float]] = {}
    for english, translations in table().items():
        for indonesian, probability in translations:
            stems = " ".join(token[4] for token in iter_tokens(indonesian, "id"))
            if stems:
                given = found.setdefault(stems, {})
                given[english] = given.get(english, 0.0) + probability
    out: dict[str, Translations] = {}
    for key, given in found.items():
        best = sorted(given.items(), key=lambda kv: (-kv[1], kv[0]))[:MOST_REVERSE]
        total = sum(p for _e, p in best)
        out[key] = tuple((english, p / total) for english, p in best)
    return out
