"""Translation data for cross-language search: English stems -> Indonesian words, with probabilities.

* ``en_id.tsv``  the table, one ``english_stem<TAB>indonesian<TAB>probability`` a line
* ``build.py``   how it was made (a build-time script; warta never imports it at run time)
* ``README.md``  where the data comes from, its licences and the attribution it needs
"""

from __future__ import annotations

import importlib.resources
from functools import cache

Translations = tuple[tuple[str, float], ...]


@cache
def table() -> dict[str, Translations]:
    """English key (a Snowball stem, or stems joined by a space) -> Indonesian translations, best first."""
    text = importlib.resources.files(__name__).joinpath("en_id.tsv").read_text("utf-8")
    found: dict[str, list[tuple[str, float]]] = {}
    for line in text.splitlines():
        key, indonesian, probability = line.split("\t")
        found.setdefault(key, []).append((indonesian, float(probability)))
    return {key: tuple(values) for key, values in found.items()}
