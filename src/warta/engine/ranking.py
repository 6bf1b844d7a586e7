"""Ranking parameters: BM25F over title, body and the exact-form field.

Defaults live here, in one place, so that evaluation runs can override them
explicitly and every other module uses the same values.
"""

from __future__ import annotations

from whoosh import scoring

# Query-time weight of each field's BM25 score.  The title says what the
# article is about, so a match there counts twice; the exact-form field adds a
# bonus when the article uses the very word typed, on top of the stem match
# in title or body.
FIELD_BOOSTS: dict[str, float] = {"title": 2.0, "body": 1.0, "exact": 0.5}
SEARCH_FIELDS: tuple[str, ...] = tuple(FIELD_BOOSTS)

# BM25 saturation and length normalisation (Robertson's usual values).
K1 = 1.2
B = 0.75
# Titles are all short; normalising their length mostly adds noise.
TITLE_B = 0.3


def default_weighting() -> scoring.BM25F:
    return scoring.BM25F(B=B, K1=K1, title_B=TITLE_B)
