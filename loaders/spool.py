"""The rows validation parsed, kept on disk for the writes that follow.

Writing used to read and parse every file a second time, on the thread that must also keep the
database fed: about a fifth of a load's time (BENCHMARKS.md). Validation already holds each row's
typed values, so it pickles them, a chunk at a time, into an anonymous temporary file; writing
reads them back. Memory stays one chunk whatever the roster's size; the file goes when closed (or
when the process ends, however it ends).
"""

from __future__ import annotations

import pickle
import tempfile
from typing import Iterator

CHUNK_ROWS = 2000


class RowSpool:
    """(excel row, values, extras) of one source, in file order."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="bangfu-rows-")
        self.chunk: list[tuple[int, dict, dict]] = []
        self.rows = 0

    def append(self, row: int, values: dict, extras: dict) -> None:
        self.chunk.append((row, values, extras))
        self.rows += 1
        if len(self.chunk) >= CHUNK_ROWS:
            self._flush()

    def extend(self, items: list[tuple[int, dict, dict]]) -> None:
        """Many (excel row, values, extras) at once: `append` of each."""
        self.rows += len(items)
        start = 0
        while start < len(items):
            room = CHUNK_ROWS - len(self.chunk)
            self.chunk.extend(items[start : start + room])
            start += room
            if len(self.chunk) >= CHUNK_ROWS:
                self._flush()

    def _flush(self) -> None:
        if self.chunk:
            pickle.dump(self.chunk, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.chunk = []

    def __iter__(self) -> Iterator[tuple[int, dict, dict]]:
        """Every row appended so far; may be iterated more than once."""
        self._flush()
        self.file.seek(0)
        while True:
            try:
                chunk = pickle.load(self.file)
            except EOFError:
                return
            yield from chunk

    def close(self) -> None:
        self.file.close()
