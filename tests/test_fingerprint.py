"""The fingerprints a snapshot compares rows with (loaders/fingerprint.py), as 64-bit integers: the
same text the graph keeps, each taken by one row only, looked up a chunk at a time."""

from __future__ import annotations

import numpy as np

from loaders.fingerprint import Fingerprints, as_integers, digest, fingerprint


def test_digest_is_the_fingerprints_bytes_and_keyed():
    cells = ["P001", "H001", "2026-11-02", "入户", None]
    assert fingerprint("visits\x1e", cells, b"k") == digest("visits\x1e", cells, b"k").hex()
    assert len(fingerprint("visits\x1e", cells)) == 16
    assert fingerprint("visits\x1e", cells, b"k") != fingerprint("visits\x1e", cells, b"other")


def test_each_fingerprint_is_taken_once_by_the_first_row_that_has_it():
    rows = [digest("t", [str(i)]) for i in range(10)]
    known = Fingerprints.from_chunks([[d.hex() for d in rows[:4]], [rows[7].hex(), None, "not-hex-at-all!!"]])
    assert len(known) == 5 and rows[7].hex() in known and rows[8].hex() not in known
    # a chunk: rows 0, 1 taken; row 1 again (the same row twice) is not; row 9 is new
    first = known.take(as_integers([rows[0], rows[1], rows[1], rows[9]]))
    assert first.tolist() == [True, True, False, False]
    # a later chunk: 0 was taken already; 2 is not eligible (a row with a formula): left for later
    second = known.take(
        as_integers([rows[0], rows[2], rows[3], rows[7]]), np.array([True, False, True, True])
    )
    assert second.tolist() == [False, False, True, True]
    assert len(known) == 1 and rows[2].hex() in known and rows[0].hex() not in known
    assert Fingerprints().take(as_integers(rows)).tolist() == [False] * 10
    assert len(Fingerprints.from_text([])) == 0


def test_integers_keep_the_order_of_the_text():
    texts = sorted(digest("t", [str(i)]).hex() for i in range(100))
    ints = as_integers(bytes.fromhex(t) for t in texts)
    assert ints.dtype == np.uint64 and (np.diff(ints.astype(object)) > 0).all()


def test_fingerprints_are_kept_sorted_and_once_whatever_order_they_come_in():
    rng = np.random.default_rng(7)
    values = rng.integers(0, 2**63, 5000, dtype=np.uint64)
    repeated = np.concatenate([values, values[:300]])
    for given in (values, repeated, values[::-1].copy(), values[:1], values[:0]):
        kept = Fingerprints(given.copy()).values
        assert kept.dtype == np.uint64 and kept.tolist() == np.unique(given).tolist()
    # the same fingerprint twice in the graph (a row listed twice) is one row to take, taken once
    twice = Fingerprints(np.array([5, 3, 5], dtype=np.uint64))
    assert len(twice) == 2 and twice.take(np.array([5, 5], dtype=np.uint64)).tolist() == [True, False]
