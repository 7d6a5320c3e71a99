"""Copies of one story: MinHash signatures of an article's cleaned text, and the LSH band keys
under which near-duplicates meet.

An article's text is folded (case, punctuation and whitespace do not count) into word
5-grams ("shingles"); its MinHash signature (128 permutations, datasketch, fixed seed) estimates
the Jaccard similarity of two shingle sets as the share of equal positions. The signature is
cut into 32 bands of 4 values; two articles that agree on a whole band become candidates
(probability of meeting ~ 1 - (1 - J^4)^32: 0.77 at J = 0.4, 0.9996 at J = 0.7), and a
candidate is a copy when the estimated similarity is at least :data:`THRESHOLD`.

Why these numbers: syndicated copies of one report (re-wrapped lines, a publisher's boilerplate
added or trimmed, paragraphs moved) keep most of their 5-grams, J ~ 0.6 to 0.95, while two
articles about the same event written apart share few 5-grams, J < 0.15. Texts of under
:data:`MIN_SHINGLES` distinct shingles (a headline, a stub) are too short to judge and are
always their own story. ``bench/dedupe.py`` measures pair precision and recall on the corpus
with injected copies.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

__all__ = [
    "BANDS",
    "MIN_SHINGLES",
    "NUM_PERM",
    "THRESHOLD",
    "band_keys",
    "shingles",
    "signature",
    "similarity",
]

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.5
MIN_SHINGLES = 25
_SEED = 1
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """The folded word 5-grams of a text."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (``NUM_PERM`` unsigned values), or None when the text is
    too short to compare."""
    from datasketch import MinHash

    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=_SEED)
    m.update_batch(list(sh))
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (its number and its values hashed together)."""
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS : (b + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.mean(a == b))
