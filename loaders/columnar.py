"""A large relationship table's CSV read as columns (pyarrow), for validation to recognise its plainly
clean rows without a line of Python per cell (loaders/validate.py, `_scan_columns`).

A county's visits (走访记录) run to millions of rows; read row by row, parsed, keyed and checked in
Python, they were most of a load's and of a monthly snapshot's own time (issue 32). Here the file is
read in native code a block at a time, each column dictionary-encoded, and everything validation asks
of a cell (its trimmed value, its problem, whether it is blank, its part of the row's key) is computed
once per distinct text with the very functions the row path uses; rows then take their answers by
index. A row with any problem is handed back, cells and all, to the row path, so every message and
its place are the row path's own.

Only files whose rows pyarrow must split exactly as Python's `csv` module does are read this way: UTF-8,
no quote character at all (no quoted cells, so a record is a line), no carriage return outside a
CRLF, a final line break. Anything else, and a file that turns out ragged half-way (pyarrow stops at
a row with more or fewer cells), goes, or goes on, row by row.

Why pyarrow rather than polars (both were measured on the visits of a 100,000-household county): both
read and encode the columns in well under a second, against seconds for the `csv` module; polars'
default build needs an x86-64-v3 processor (AVX2, FMA, BMI2) and stops with an illegal instruction on
older office machines, while pyarrow chooses its SIMD level when it starts. The offline bundle must
install on whatever machine a county department has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from loaders.reading import _CSV_FIELD_LIMIT, CSV_SUFFIXES, TableFile, detect_encoding

# smaller files are read row by row: pyarrow's import (~0.4 s) would cost more than it saves
MIN_BYTES = 2 << 20
BLOCK_BYTES = 2 << 20  # bytes of the file read (and validated) at a time: ~40,000 visit rows
_SCAN_BYTES = 16 << 20


class Ragged(Exception):
    """pyarrow met a row it cannot split as the `csv` module would (more or fewer cells than the
    header, a cell past the `csv` module's size limit): the rows from here on are read row by row."""


def readable(tf: TableFile, problems_of_sheet: dict) -> bool:
    """Whether this source's rows can be read as columns with the same cells as the row path."""
    path = tf.source.path
    if path.suffix.lower() not in CSV_SUFFIXES or tf.unterminated or problems_of_sheet or not tf.headers:
        return False
    try:
        if path.stat().st_size < MIN_BYTES or detect_encoding(path) not in ("utf-8", "utf-8-sig"):
            return False
    except OSError:
        return False
    return _plain_lines(path)


def _plain_lines(path) -> bool:
    """No quote character and no carriage return but in CRLF: every line is one record, split at its
    commas, by pyarrow and the `csv` module alike."""
    with open(path, "rb") as fh:
        while block := fh.read(_SCAN_BYTES):
            if block.endswith(b"\r"):
                block += fh.read(1)
            if b'"' in block or block.count(b"\r") != block.count(b"\r\n"):
                return False
    return True


@dataclass
class Batch:
    """A block of data rows: their Excel row numbers and, per position, each row's cell as the index
    of its text in that position's distinct texts."""

    rows: np.ndarray  # Excel row numbers
    texts: list[list[str]]  # per position: the distinct texts of the block
    indices: list[np.ndarray]  # per position: each row's text, as an index into `texts`

    def cells(self, i: int) -> list[str]:
        """Row `i`'s cells, as the `csv` module gives them."""
        return [texts[index[i]] for texts, index in zip(self.texts, self.indices)]

    def flags(self, position: int, answers: list[bool]) -> np.ndarray:
        """Each row's flag at `position`, from the flags of the distinct texts (in their order)."""
        return np.asarray(answers, dtype=bool)[self.indices[position]]

    def select(self, keep: np.ndarray) -> "Batch":
        return Batch(self.rows[keep], self.texts, [index[keep] for index in self.indices])

    def joined(self, separator: str) -> list[bytes]:
        """Each row's cells joined by `separator`, UTF-8 (what a row's fingerprint hashes)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        columns = [
            pc.take(pa.array(texts, type=pa.string()), pa.array(index))
            for texts, index in zip(self.texts, self.indices)
        ]
        if len(columns) == 1:
            return pc.cast(columns[0], pa.binary()).to_pylist()
        return pc.cast(pc.binary_join_element_wise(*columns, separator), pa.binary()).to_pylist()


def batches(tf: TableFile) -> Iterator[Batch]:
    """The data rows after the header, a block at a time (blank rows included: the caller drops them,
    as the row path does). Raises `Ragged` before a block it cannot split."""
    import pyarrow as pa
    import pyarrow.compute as pc

    width = len(tf.headers)
    names = [f"c{i}" for i in range(width)]
    try:
        reader = _reader(tf, names)
    except pa.ArrowInvalid as exc:  # a header longer than a block, a file of the header only
        raise Ragged(str(exc)) from None
    first = tf.header_row + 1
    while True:
        try:
            block = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as exc:
            raise Ragged(str(exc)) from None
        count = block.num_rows
        texts, indices = [], []
        for column in block.columns:
            encoded = pc.dictionary_encode(column)
            dictionary = encoded.dictionary
            if len(dictionary) and pc.max(pc.utf8_length(dictionary)).as_py() > _CSV_FIELD_LIMIT:
                raise Ragged("单元格过长")
            texts.append(dictionary.to_pylist())
            indices.append(encoded.indices.to_numpy(zero_copy_only=False))
        yield Batch(np.arange(first, first + count), texts, indices)
        first += count


def _reader(tf: TableFile, names: list[str]):
    import pyarrow as pa
    from pyarrow import csv as pacsv

    return pacsv.open_csv(
        tf.source.path,
        read_options=pacsv.ReadOptions(
            skip_rows=tf.header_row, column_names=names, block_size=BLOCK_BYTES, encoding="utf8"
        ),
        parse_options=pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
