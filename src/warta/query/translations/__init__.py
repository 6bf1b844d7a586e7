"""Translation data for cross-language search: English stems -> Indonesian words, with probabilities.

* ``en_id.tsv``  the table, one ``english_stem<TAB>indonesian<TAB>probability`` a line
* ``news_terms.tsv``  news terms written by hand, laid over the table when it is loaded
* ``build.py``   how it was made (a build-time script; warta never imports it at run time)
* ``README.md``  where the data comes from, its licences and the attribution it needs
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable, Iterator, Mapping
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


class Table(Mapping[str, Translations]):
    """A table read lazily: its keys at once (a search asks whether words are keys), a key's
    translations when first asked for (a search asks for a few)."""

    __slots__ = ("_parse", "_parsed", "_rows")

    def __init__(self, rows: dict[str, str], parse: Callable[[str], Translations]) -> None:
        self._rows = rows  # key -> its translations, unparsed
        self._parse = parse
        self._parsed: dict[str, Translations] = {}

    def __getitem__(self, key: str) -> Translations:
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = self._parse(self._rows[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class Layered(Mapping[str, Translations]):
    """Tables laid over each other: a key's translations are those of the first table that has it."""

    __slots__ = ("_layers",)

    def __init__(self, *layers: Table) -> None:
        self._layers = layers

    def __getitem__(self, key: str) -> Translations:
        for layer in self._layers:
            if key in layer:
                return layer[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(key in layer for layer in self._layers)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(key for layer in reversed(self._layers) for key in layer))

    def __len__(self) -> int:
        return len(set().union(*self._layers))


@cache
def table() -> Layered:
    """English key (a Snowball stem, or stems joined by a space) -> Indonesian translations, best first:
    the built table with the terms written by hand (``news_terms.tsv``) in place of theirs."""
    return Layered(news_terms(), built_table())


@cache
def built_table() -> Table:
    """The table as `build` made it (``en_id.tsv``: one line a translation, a key's lines together)."""
    text = importlib.resources.files(__name__).joinpath("en_id.tsv").read_text("utf-8")
    rows: dict[str, str] = {}
    for line in text.splitlines():
        key, _tab, rest = line.partition("\t")
        rows[key] = f"{rows[key]}\n{rest}" if key in rows else rest
    return Table(rows, _parse_built)


def _parse_built(row: str) -> Translations:
    found = []
    for line in row.split("\n"):
        indonesian, probability = line.split("\t")
        found.append((indonesian, float(probability)))
    return tuple(found)


@cache
def news_terms(text: str | None = None) -> Table:
    """The terms written by hand (*text*: ``news_terms.tsv``'s), keyed as the table is, weights
    normalised to sum to one, best first.  A term's Indonesian is analysed (Sastrawi) when the term
    is first looked up."""
    from ...analysis.words import iter_tokens

    if text is None:
        text = importlib.resources.files(__name__).joinpath("news_terms.tsv").read_text("utf-8")
    rows: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        english, indonesian, weight = [*cells, "", ""][:3]
        key = " ".join(token[4] for token in iter_tokens(english, "en"))
        words = next(iter_tokens(indonesian, None), None)  # (not stemmed here: that costs a start)
        if len(cells) != 3 or not key or words is None or not _positive(weight):
            raise ValueError(f"news_terms.tsv, line {number}: want an English term, a translation, a weight")
        rows[key] = f"{rows[key]}\n{indonesian}\t{weight}" if key in rows else f"{indonesian}\t{weight}"
    return Table(rows, _parse_term)


def _positive(weight: str) -> bool:
    try:
        return float(weight) > 0
    except ValueError:
        return False


def _parse_term(row: str) -> Translations:
    from ...analysis.words import iter_tokens

    given: dict[str, float] = {}
    for line in row.split("\n"):
        indonesian, weight = line.split("\t")
        unit = " ".join(token[3] for token in iter_tokens(indonesian, "id"))
        if not unit:
            raise ValueError(f"news_terms.tsv: {indonesian!r} has no Indonesian word to search")
        given[unit] = given.get(unit, 0.0) + float(weight)
    total = sum(given.values())
    return tuple(sorted(((unit, w / total) for unit, w in given.items()), key=lambda t: -t[1]))


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
