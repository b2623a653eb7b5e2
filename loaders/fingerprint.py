"""A roster row's fingerprint: 64 bits of its raw cells, kept on what the row wrote (`row_hash`).

Counties re-export their whole roster every month and most rows come back byte for byte. A snapshot
load reads the fingerprints of what the graph already holds for its scope (loaders/snapshot.py);
a row whose fingerprint is among them was validated and written before and has not been touched
since, so validation only takes its key (for duplicates) and the writer leaves it alone. Anything
else that changes such an entity (a snapshot ending it, a household leaving the roster) removes its
fingerprint, so the row is read and written in full next time.

The fingerprint covers the table, the file's column layout (which column each position holds) and
every cell as read, so a reordered, renamed or retyped file is simply read in full.

The fingerprints a snapshot compares with are kept as `Fingerprints`: a sorted array of 64-bit
integers (8 bytes each; a Python set of their 16-digit texts takes about 100), because a county's
visits (走访记录) number millions, and a chunk of rows is looked up in it at once (numpy), not row by row.
"""

from __future__ import annotations

from hashlib import blake2b
from typing import Iterable

import numpy as np

from loaders.reading import TableFile

SEPARATOR = "\x1f"
DIGITS = 16  # a fingerprint's hexadecimal digits


def layout(tf: TableFile) -> str:
    """What a row's cells mean in this file: the table and the column of each position."""
    return tf.source.table.name + "\x1e" + SEPARATOR.join(f or "" for f in tf.fields) + "\x1e"


def digest(prefix: str, cells: list, key: bytes = b"") -> bytes:
    """64 bits of `prefix` and the raw cells (8 bytes; `fingerprint` is their text).

    Keyed (`graph.pii.fingerprint_key`): the cells hold the clear id and phone numbers, and an
    unkeyed hash of a row whose other cells the graph shows could be tried against every number the
    masked form leaves possible."""
    try:
        text = prefix + SEPARATOR.join(cells)  # a CSV's cells are all text
    except TypeError:  # an .xlsx row's dates (and the like): their repr
        text = prefix + SEPARATOR.join(c if isinstance(c, str) else repr(c) for c in cells)
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8, key=key).digest()


def digest_many(prefix: str, joined: list[bytes], key: bytes = b"") -> list[bytes]:
    """`digest` of many rows of one file whose cells are already joined by SEPARATOR and encoded
    (loaders/columnar.py): the prefix is hashed once, and each row goes on from a copy of that state."""
    start = blake2b(prefix.encode("utf-8", "surrogatepass"), digest_size=8, key=key)
    out = []
    for text in joined:
        state = start.copy()
        state.update(text)
        out.append(state.digest())
    return out


def fingerprint(prefix: str, cells: list, key: bytes = b"") -> str:
    """The row's fingerprint as the graph keeps it: 16 hexadecimal digits, text that can never be
    taken for an id number (18 characters) or a mobile number (11 digits) by masking or by a reader."""
    return digest(prefix, cells, key).hex()


def as_integers(digests: Iterable[bytes]) -> np.ndarray:
    """8-byte digests as unsigned 64-bit integers (big-endian: the order of their text)."""
    return np.frombuffer(b"".join(digests), dtype=">u8").astype(np.uint64)


class Fingerprints:
    """The fingerprints of rows the graph holds as they are, each of which one row may take.

    A row that takes one is unchanged; a second row with the same fingerprint (the same row twice)
    finds it taken and is read in full (it is a duplicate). What is left untaken afterwards is what
    the roster no longer lists as it was."""

    def __init__(self, values: np.ndarray | None = None) -> None:
        self.values = _sorted_unique(values) if values is not None else np.empty(0, dtype=np.uint64)
        self.taken = np.zeros(len(self.values), dtype=bool)

    @classmethod
    def from_text(cls, texts: Iterable[str | None]) -> "Fingerprints":
        """From the graph's `row_hash` texts (None and anything not a fingerprint left out)."""
        return cls.from_chunks([texts])

    @classmethod
    def from_chunks(cls, chunks: Iterable[Iterable[str | None]]) -> "Fingerprints":
        """From the texts read a chunk at a time: only the integers of each chunk are kept."""
        parts = [_integers(chunk) for chunk in chunks]
        return cls(np.concatenate(parts) if parts else None)

    def __len__(self) -> int:
        return int(len(self.values) - self.taken.sum())

    def __contains__(self, text: str | None) -> bool:
        """An untaken fingerprint (its text)."""
        if text is None or len(text) != DIGITS or not len(self.values):
            return False
        value = np.uint64(int(text, 16))
        at = int(np.searchsorted(self.values, value))
        return at < len(self.values) and self.values[at] == value and not self.taken[at]

    def take(self, values: np.ndarray, eligible: np.ndarray | None = None) -> np.ndarray:
        """Which of `values` (in order; where `eligible`) take an untaken fingerprint: a fingerprint
        is taken by the first of them only. Returns a boolean array as long as `values`."""
        if not len(self.values) or not len(values):
            return np.zeros(len(values), dtype=bool)
        at = np.minimum(np.searchsorted(self.values, values), len(self.values) - 1)
        hit = (self.values[at] == values) & ~self.taken[at]
        if eligible is not None:
            hit &= eligible
        found = np.flatnonzero(hit)
        _, first = np.unique(at[found], return_index=True)  # the same fingerprint twice in the chunk
        taking = found[first]
        out = np.zeros(len(values), dtype=bool)
        out[taking] = True
        self.taken[at[taking]] = True
        return out


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """`values` sorted in place, each once: `np.unique` without its copies (it sorts a flattened copy
    and builds the result from a mask), which at a prefecture's ten million visits came to half a
    gigabyte beside the array itself. Only a county that lists the same row twice pays a copy."""
    values = np.ascontiguousarray(values, dtype=np.uint64)
    values.sort()
    if len(values) < 2:
        return values
    repeated = values[1:] == values[:-1]
    if not repeated.any():
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.logical_not(repeated, out=keep[1:])
    return values[keep]


def _integers(texts: Iterable[str | None]) -> np.ndarray:
    good = [t for t in texts if t is not None and len(t) == DIGITS]
    try:
        return np.frombuffer(bytes.fromhex("".join(good)), dtype=">u8").astype(np.uint64)
    except ValueError:  # not hexadecimal (written by hand?): such a text is no fingerprint
        return np.array([int(t, 16) for t in good if _is_hex(t)], dtype=np.uint64)


def _is_hex(text: str) -> bool:
    try:
        int(text, 16)
    except ValueError:
        return False
    return True
