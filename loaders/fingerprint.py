"""A roster row's fingerprint: 64 bits of its raw cells, kept on what the row wrote (`row_hash`).

Counties re-export their whole roster every month and most rows come back byte for byte. A snapshot
load reads the fingerprints of what the graph already holds for its scope (loaders/snapshot.py);
a row whose fingerprint is among them was validated and written before and has not been touched
since, so validation only takes its key (for duplicates) and the writer leaves it alone. Anything
else that changes such an entity (a snapshot ending it, a household leaving the roster) removes its
fingerprint, so the row is read and written in full next time.

The fingerprint covers the table, the file's column layout (which column each position holds) and
every cell as read, so a reordered, renamed or retyped file is simply read in full.
"""

from __future__ import annotations

from hashlib import blake2b

from loaders.reading import TableFile

SEPARATOR = "\x1f"


def layout(tf: TableFile) -> str:
    """What a row's cells mean in this file: the table and the column of each position."""
    return tf.source.table.name + "\x1e" + SEPARATOR.join(f or "" for f in tf.fields) + "\x1e"


def fingerprint(prefix: str, cells: list, key: bytes = b"") -> str:
    """64 bits of `prefix` and the raw cells, as 16 hexadecimal digits: text that can never be taken
    for an id number (18 characters) or a mobile number (11 digits) by masking or by a reader.

    Keyed (`graph.pii.fingerprint_key`): the cells hold the clear id and phone numbers, and an
    unkeyed hash of a row whose other cells the graph shows could be tried against every number the
    masked form leaves possible."""
    text = prefix + SEPARATOR.join(c if isinstance(c, str) else repr(c) for c in cells)
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8, key=key).hexdigest()
