"""Finding the rows of a relationship table that repeat an earlier row's key, in little memory.

A relationship table can be far longer than any node table: a county of 1,000,000 households keeps
about 12,000,000 visits a year. Keeping a dictionary of every row's key hash (about 110 bytes an
entry in Python) would take more than a gigabyte, so each row's 64-bit key hash and its packed
location go into 64 arrays by the hash's top bits, and an array that grows past `SPILL_AT` entries is
appended to a temporary file of its partition. After the table, each partition is sorted on its own
(numpy) to find the hashes seen more than once: memory stays one partition, about 1/64 of the table.
"""

from __future__ import annotations

import tempfile
from array import array
from typing import Iterator

PARTITIONS = 64
SPILL_AT = 16_384  # (hash, location) pairs a partition holds in memory before they go to its file
MASK = 0xFFFFFFFFFFFFFFFF
ROW_BITS = (1 << 56) - 1  # a location's part that orders rows (its top byte is the caller's)


class RepeatedKeys:
    """Key hashes of one table's rows with where each row is; `repeated()` says which rows repeat."""

    def __init__(self) -> None:
        self.parts = [array("Q") for _ in range(PARTITIONS)]
        self.files: dict[int, tempfile._TemporaryFileWrapper] = {}

    def add(self, key: tuple, location: int) -> None:
        """`location`: a 64-bit number that names the row (the caller's packed source and row): its lower
        56 bits order the rows, whatever the order they are added in."""
        digest = hash(key) & MASK
        index = digest >> 58
        part = self.parts[index]
        part.append(digest)
        part.append(location)
        if len(part) >= 2 * SPILL_AT:
            self._spill(index)

    def add_many(self, keys: list[tuple], locations: list[int]) -> None:
        """`add` of many rows at once (the unchanged rows of a chunk): the hashes partitioned by numpy."""
        import numpy as np

        if not keys:
            return
        digests = np.array([hash(k) for k in keys], dtype=np.int64).view(np.uint64)
        places = np.array(locations, dtype=np.uint64)
        index = digests >> np.uint64(58)
        order = np.argsort(index, kind="stable")
        digests, places, index = digests[order], places[order], index[order]
        bounds = np.searchsorted(index, np.arange(PARTITIONS + 1, dtype=np.uint64))
        for part in range(PARTITIONS):
            start, end = bounds[part], bounds[part + 1]
            if start == end:
                continue
            pairs = np.empty(2 * (end - start), dtype=np.uint64)
            pairs[0::2], pairs[1::2] = digests[start:end], places[start:end]
            self.parts[part].frombytes(pairs.tobytes())
            if len(self.parts[part]) >= 2 * SPILL_AT:
                self._spill(part)

    def _spill(self, index: int) -> None:
        if index not in self.files:
            self.files[index] = tempfile.TemporaryFile(prefix="bangfu-keys-")
        self.parts[index].tofile(self.files[index])
        self.parts[index] = array("Q")

    def repeated(self) -> Iterator[tuple[int, int]]:
        """(location of the first row, location of a later row with the same key) for every later row,
        in the order of the locations' lower 56 bits within each partition; the temporary files are
        closed."""
        import numpy as np

        try:
            for index in range(PARTITIONS):
                pairs = np.frombuffer(self.parts[index], dtype=np.uint64)
                fh = self.files.get(index)
                if fh is not None:
                    fh.seek(0)
                    pairs = np.concatenate([np.fromfile(fh, dtype=np.uint64), pairs])
                self.parts[index] = array("Q")
                if len(pairs) < 4:
                    continue
                pairs = pairs.reshape(-1, 2)
                # equal hashes in the order of their rows (source, row: a location less its top byte,
                # which callers may use for something else), whatever the order they were added in
                order = np.lexsort((pairs[:, 1] & np.uint64(ROW_BITS), pairs[:, 0]))
                hashes, locations = pairs[order, 0], pairs[order, 1]
                later = np.flatnonzero(hashes[1:] == hashes[:-1]) + 1
                if not len(later):
                    continue
                starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))
                first_of = starts[np.searchsorted(starts, later, side="right") - 1]
                for first, row in zip(locations[first_of].tolist(), locations[later].tolist()):
                    yield first, row
        finally:
            for fh in self.files.values():
                fh.close()
            self.files = {}
