"""Near-duplicate articles: MinHash signatures of word shingles, and collapsing results.

The same story syndicated by several outlets, or one article ingested from two
files, shares most of its runs of words.  Each article gets a MinHash
signature (rensa's R-MinHash, computed in Rust) of its 4-word shingles at
ingest; at search time hits whose signatures agree on most slots are folded
into the best-ranked one ("+N similar").

Signatures are stored with the algorithm version of the library that made
them, so that an upgrade that changed the hashing can never make unrelated
articles look alike: signatures of different versions are never compared.

Paragraphs and quotes are too short for shingle statistics; they are folded
only when their words are the same (`fingerprint`).
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

from rensa import RMinHash

SLOTS = 64  # signature size: the estimate's standard error is at most 1/(2*sqrt(64)) = 0.0625
SHINGLE_WORDS = 4
SEED = 20240819
# Estimated Jaccard similarity of shingle sets at or above which two articles
# count as the same story (measured on id-news and detik2025: see docs/structure.md).
THRESHOLD = 0.6
_VERSION = struct.pack("<H", int(getattr(RMinHash, "ALGORITHM_VERSION", 0)))
_WORD_RE = re.compile(r"[^\W_]+")


def signature(title: str, body: str) -> bytes:
    """The MinHash signature of an article's text (empty for a text under one shingle)."""
    words = _WORD_RE.findall(f"{title}\n{body}".lower())
    if len(words) < SHINGLE_WORDS:
        shingles = [" ".join(words)] if words else []
    else:
        shingles = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    if not shingles:
        return b""
    sketch = RMinHash(num_perm=SLOTS, seed=SEED)
    sketch.update(shingles)
    return _VERSION + struct.pack(f"<{SLOTS}I", *sketch.digest())


def _slots(sig: bytes) -> tuple[int, ...]:
    """The hash values of a signature, after its version."""
    return struct.unpack_from(f"<{(len(sig) - len(_VERSION)) // 4}I", sig, len(_VERSION)) if sig else ()


def _agreeing(x: tuple[int, ...], y: tuple[int, ...]) -> int:
    """How many slots two signatures of one version and size agree on."""
    return sum(1 for i, j in zip(x, y, strict=True) if i == j)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures; 0.0 when they cannot be compared."""
    if not a or a[: len(_VERSION)] != b[: len(_VERSION)] or len(a) != len(b):
        return 0.0
    if a == b:
        return 1.0
    x = _slots(a)
    return _agreeing(x, _slots(b)) / len(x)


@dataclass(slots=True)
class Group:
    """A kept result and the near duplicates folded into it."""

    first: int  # position in the ranked list
    similar: list[int] = field(default_factory=list)


# Bands of slots for finding candidates: two articles are compared only when
# all slots of one band agree.  With 32 bands of 2 slots a pair at the
# threshold (0.6) shares a band with probability 1 - (1 - 0.6**2)**32 > 0.9999,
# an unrelated pair (0.05) with 0.08.
BAND_SLOTS = 2


def collapse(
    signatures: Sequence[bytes], threshold: float = THRESHOLD, shown: int | None = None
) -> list[Group]:
    """Fold each result into the first better-ranked kept result it nearly duplicates.

    *signatures* are in rank order; the groups come back in the same order.
    Candidates come from banded locality-sensitive hashing, so folding stays
    linear in the number of results.  With *shown*, only the first *shown*
    groups (a page) take folded results: later ones are listed as they come,
    which saves recording them and changes nothing on the page.
    """
    groups: list[Group] = []
    kept: list[tuple[bytes, tuple[int, ...]]] = []  # (version, slots) of each group's first result
    bands: dict[tuple[int, bytes], list[int]] = {}  # band -> groups whose first result has it
    width = 4 * BAND_SLOTS
    for position, sig in enumerate(signatures):
        version, slots = sig[: len(_VERSION)], None
        keys = [(i, sig[i : i + width]) for i in range(len(_VERSION), len(sig), width)]
        home = None
        for g in sorted({g for key in keys if key in bands for g in bands[key]}):
            other_version, other = kept[g]
            slots = _slots(sig) if slots is None else slots
            comparable = other_version == version and len(other) == len(slots)
            if comparable and _agreeing(slots, other) >= threshold * len(slots):
                home = g
                break
        if home is not None:
            groups[home].similar.append(position)
            continue
        if shown is None or len(groups) < shown:
            for key in keys:
                bands.setdefault(key, []).append(len(groups))
            kept.append((version, _slots(sig) if slots is None else slots))
        else:
            kept.append((version, ()))  # (no band leads to it: never compared)
        groups.append(Group(position))
    return groups


def fingerprint(text: str) -> bytes:
    """A digest of a short text's words (case and punctuation aside), for exact repeats."""
    words = " ".join(_WORD_RE.findall(text.lower()))
    return hashlib.blake2b(words.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def collapse_identical(keys: Sequence[bytes]) -> list[Group]:
    """Like `collapse`, folding only results with the same (non-empty) key."""
    groups: list[Group] = []
    first: dict[bytes, Group] = {}
    for position, key in enumerate(keys):
        group = first.get(key) if key else None
        if group is not None:
            group.similar.append(position)
        else:
            group = Group(position)
            groups.append(group)
            if key:
                first[key] = group
    return groups
