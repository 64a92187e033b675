"""Exact and near duplicates: a content hash, and MinHash signatures banded for lookup.

The same report read twice (the same file, or the same page saved twice) has the same
content hash and is stored once. The same wire story on five sites is a *near* duplicate:
its word shingles' MinHash signature shares a band with the first copy's, the estimated
Jaccard similarity passes ``near_duplicate_jaccard`` (``data/ledger/linking.json``), and it
is stored, linked to the first copy, put in the same incident and not counted again.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from tollwatch.contract import Document

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
#: Copies are told apart by their opening: the first 5,000 characters are enough (and fast).
MAX_CHARS = 5000
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def content_hash(doc: Document) -> str:
    """SHA-256 of the address, title and text, whitespace collapsed: equal for the same report.

    The address (URL, else site) is part of it: the same wire story printed by two sites is
    two reports (stored, then linked as near-duplicates), the same page saved twice is one.
    """
    norm = _SPACE.sub(" ", f"{doc.url or doc.site or ''}\n{doc.title or ''}\n{doc.text}").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def minhash(text: str) -> MinHash | None:
    """The MinHash of the word 5-shingles of a text's opening (``MAX_CHARS``); ``None`` when
    it is too short to compare."""
    words = _WORD.findall(text[:MAX_CHARS].lower())
    if len(words) < SHINGLE * 4:
        return None
    shingles = {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    from datasketch import MinHash  # imported when first needed: it takes a second to load

    template = _template()
    m = MinHash(num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme)
    m.update_batch(list(shingles))
    return m


@cache
def _template() -> MinHash:
    """One MinHash whose permutations every signature reuses (drawing them is the slow part)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM)


def signature_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def bands(signature: bytes) -> list[tuple[int, str]]:
    """``(band, hash)`` keys of a stored signature: documents sharing one are candidates."""
    hv = np.frombuffer(signature, dtype=np.uint64)
    return [
        (b, hashlib.blake2b(hv[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).hexdigest())
        for b in range(BANDS)
    ]


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    x = np.frombuffer(a, dtype=np.uint64)
    y = np.frombuffer(b, dtype=np.uint64)
    return float(np.count_nonzero(x == y)) / len(x)
