"""Exact and near duplicates: a content hash, and MinHash signatures banded for lookup.

The same report read twice (the same file, or the same page saved twice) has the same
content hash and is stored once. The same wire story on five sites is a *near* duplicate:
its word shingles' MinHash signature shares a band with the first copy's, the estimated
Jaccard similarity passes ``near_duplicate_jaccard`` (``data/ledger/linking.json``), and it
is stored, linked to the first copy, put in the same incident and not counted again.

The shingles are those of the title and the text (:func:`signed_text`). A long story's
title is a few shingles among hundreds, so a copy under another headline is still a copy;
but when the text is short -- a page whose scraped text is only its site's video list or
menu -- the titles decide, and two stories of one site are not taken for copies of each
other because they share the site's chrome.

The MinHash is computed with numpy in a few vectorised steps (no per-shingle Python): the
words' bytes get a polynomial prefix hash, each word's hash is read off it, five
consecutive word hashes make a shingle's hash, and ``NUM_PERM`` multiply-add hash
functions over 32 bits (fixed seeds, so signatures are comparable across runs and
machines) give the minima. Signatures of an earlier recipe (datasketch's) were computed
again by the migration ``ledger_0005``; a change of recipe needs such a migration too.
"""

from __future__ import annotations

import hashlib

import numpy as np

from tollwatch.contract import Document

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
#: Copies are told apart by their opening: the first 5,000 characters are enough (and fast).
MAX_CHARS = 5000
#: Bytes that are part of a word: ASCII letters and digits, and every byte of a non-ASCII
#: character (letters of other scripts; a curly quote too, which copies share anyway).
_WORD_BYTE = np.zeros(256, dtype=bool)
for _lo, _hi in ((ord("0"), ord("9")), (ord("a"), ord("z")), (128, 255)):
    _WORD_BYTE[_lo : _hi + 1] = True

_U64 = np.uint64
_P = _U64(0x100000001B3)  # odd: invertible modulo 2**64
_P_INV = _U64(pow(int(_P), -1, 2**64))
_Q = _U64(0x9E3779B97F4A7C15)  # combines word hashes into shingle hashes
_rng = np.random.default_rng(20250314)
#: (a, b) of each hash function h(x) = (a * x + b) mod 2**32 over 32-bit x (a odd: a permutation).
_A = (_rng.integers(0, 2**31, size=NUM_PERM, dtype=np.uint32) * 2 + 1).astype(np.uint32)
_B = _rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32)
_MAX_BYTES = 4 * MAX_CHARS  # UTF-8: at most 4 bytes a character
with np.errstate(over="ignore"):
    _POWERS = np.cumprod(np.full(_MAX_BYTES, _P, dtype=np.uint64)) * _P_INV  # P**0 .. P**(n-1)
    _INVERSE = np.cumprod(np.full(_MAX_BYTES, _P_INV, dtype=np.uint64)) * _P  # P**-0 .. P**-(n-1)


def content_hash(doc: Document) -> str:
    """SHA-256 of the address, title and text, whitespace collapsed: equal for the same report.

    The address (URL, else site) is part of it: the same wire story printed by two sites is
    two reports (stored, then linked as near-duplicates), the same page saved twice is one.
    """
    norm = " ".join(f"{doc.url or doc.site or ''}\n{doc.title or ''}\n{doc.text}".split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def signed_text(title: str | None, text: str) -> str:
    """What a report's signature is computed from: its title, then its text."""
    return f"{title or ''}\n{text}"


def _word_hashes(text: str) -> np.ndarray:
    """One 64-bit hash per word (a run of letters and digits) of the lower-cased text, in order."""
    data = np.frombuffer(text[:MAX_CHARS].lower().encode("utf-8"), dtype=np.uint8)
    inside = _WORD_BYTE[data]
    edges = np.flatnonzero(np.diff(np.concatenate(([False], inside, [False])).view(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    if not len(starts):
        return np.zeros(0, dtype=np.uint64)
    n = len(data)
    values = data.astype(np.uint64) + _U64(1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(values * _POWERS[:n], out=prefix[1:])
        # the word's bytes hashed at offset `start`, brought back to offset 0 by P**-start
        # (so equal words hash equal anywhere), then its length mixed in
        raw = (prefix[ends] - prefix[starts]) * _INVERSE[starts]
        return raw ^ ((ends - starts).astype(np.uint64) * _Q)


def signature(text: str) -> bytes | None:
    """The MinHash signature (``NUM_PERM`` 32-bit minima) of the word 5-shingles of a text's
    opening (``MAX_CHARS``); ``None`` when it is too short to compare. A report's text to sign
    is :func:`signed_text`."""
    words = _word_hashes(text)
    if len(words) < SHINGLE * 4:
        return None
    with np.errstate(over="ignore"):
        shingles = words[: len(words) - SHINGLE + 1].copy()
        for k in range(1, SHINGLE):
            shingles = shingles * _Q + words[k : len(words) - SHINGLE + 1 + k]
        x = ((shingles ^ (shingles >> _U64(29))) >> _U64(32)).astype(np.uint32)
        hashed = x[:, None] * _A[None, :] + _B[None, :]
    return hashed.min(axis=0).tobytes()


def bands(sig: bytes) -> list[tuple[int, int]]:
    """``(band, hash)`` keys of a signature: documents sharing a hash are candidates. The hash
    (64 bits, signed, as databases store integers) covers the band's number too."""
    width = ROWS * 4  # bytes of one band: ROWS 32-bit minima
    return [
        (
            b,
            int.from_bytes(
                hashlib.blake2b(bytes((b,)) + sig[b * width : (b + 1) * width], digest_size=8).digest(),
                "big",
                signed=True,
            ),
        )
        for b in range(BANDS)
    ]


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures (0 when their lengths differ)."""
    x = np.frombuffer(a, dtype=np.uint32)
    y = np.frombuffer(b, dtype=np.uint32)
    if len(x) != len(y):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)
