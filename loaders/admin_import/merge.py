"""What MERGE would have merged: relationship rows of one step with the same merge key (end nodes and
key properties) become one row, as `MERGE … SET r += props` makes them.

Why in two passes: the importer has no MERGE, and keeping every key in memory would not fit a
province. While the rows are written, only an 8-byte hash of each key is kept, spilled to partition
files (`KeyHashes`); afterwards each partition is sorted on its own to find the hashes seen twice.
Only in that rare case are the files of the steps involved read back (`Merger`).
"""

from __future__ import annotations

import csv
import shutil
from array import array
from collections import Counter
from pathlib import Path
from typing import Any, Protocol

from graph.roster.writes import NodeShape, RelShape, Step
from graph.tables import ALL_STEPS, STEPS
from loaders.admin_import.encoding import reencode, text
from loaders.admin_import.files import OutFile


class RelFiles(Protocol):
    """What the merger asks of the exporter it is given (loaders/admin_import/exporter.py, which
    uses this module while it writes): its folder, relationship files and counts, and a new file."""

    out: Path
    rel_files_by_step: dict[str, list[OutFile]]
    changes: Any  # loaders.write.Changes
    rel_counts: Counter

    def rel_file(self, step: Step, shape: RelShape, extra_columns: list[str]) -> OutFile: ...


PARTITIONS = 64  # hash partitions for finding repeated relationship keys
_SPILL_AT = 8192  # hashes a partition holds in memory before they go to its file


def key_hash(step_index: int, key: tuple) -> int:
    """The 64-bit hash of a relationship's merge key `(start, end, *merge values)` within its step."""
    return hash((step_index,) + key) & 0xFFFFFFFFFFFFFFFF


class KeyHashes:
    """The hashes of every relationship row's merge key, in partition files under `folder`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True)
        self.parts = [array("Q") for _ in range(PARTITIONS)]

    def add(self, h: int) -> None:
        part = self.parts[h >> 58]
        part.append(h)
        if len(part) >= _SPILL_AT:
            self._spill(h >> 58)

    def _spill(self, index: int) -> None:
        with open(self.folder / f"{index:02d}", "ab") as fh:
            self.parts[index].tofile(fh)
        self.parts[index] = array("Q")

    def repeated(self) -> set[int]:
        """The hashes added more than once; the partition files are removed."""
        for i in range(PARTITIONS):
            if self.parts[i]:
                self._spill(i)
        import numpy as np

        repeated: set[int] = set()
        for part in sorted(self.folder.iterdir()):
            a = np.fromfile(part, dtype=np.uint64)
            a.sort()
            same = a[1:][a[1:] == a[:-1]]
            repeated.update(int(x) for x in np.unique(same))
        shutil.rmtree(self.folder)
        return repeated


class Merger:
    """The rare case: read back the relationship files of the steps involved, drop every row of a
    repeated key from its file and write one merged row per key into a file of its own (whose header
    is the union of the sources', since rows of one key may come from files with other columns)."""

    def __init__(self, exporter: RelFiles, repeated: set[int]):
        self.x = exporter
        self.repeated = repeated

    def _rows(self, f: OutFile):
        with open(self.x.out / f.data_path, encoding="utf-8", newline="") as fh:
            yield from csv.reader(fh)

    def run(self) -> int:
        """Merge the repeated keys; returns the rows merged away."""
        merged_total = 0
        for index, step in enumerate(ALL_STEPS):
            cypher, shape = step.cypher, step.writes
            files = self.x.rel_files_by_step.get(cypher, [])
            if not files or isinstance(shape, NodeShape) or shape.pair:
                continue
            n_merge = len(shape.merge)
            groups: dict[tuple, list[tuple[OutFile, list[str]]]] = {}
            for f in files:
                for fields in self._rows(f):
                    key = (fields[0], fields[1]) + tuple(fields[2 : 2 + n_merge])
                    if key_hash(index, key) in self.repeated:
                        groups.setdefault(key, []).append((f, fields))
            groups = {k: v for k, v in groups.items() if len(v) > 1}
            if not groups:
                continue
            for f in files:
                self._rewrite(f, n_merge, groups)
            extras = []
            for f in files:
                extras += [c for c in f.columns if c.startswith("extra_") and c not in extras]
            step = next(s for steps in STEPS.values() for s in steps if s.cypher == cypher)
            out = self.x.rel_file(step, shape, extras)
            for key, rows in groups.items():
                out.write(self._merge(out, key, rows, n_merge))
                merged_total += len(rows) - 1
                self.x.changes.rels_created[shape.type] -= len(rows) - 1
                self.x.rel_counts[shape.type] -= len(rows) - 1
            out.close()
        return merged_total

    def _rewrite(self, f: OutFile, n_merge: int, groups: dict) -> None:
        path = self.x.out / f.data_path
        tmp = path.with_suffix(".tmp")
        kept = 0
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            for fields in self._rows(f):
                if (fields[0], fields[1]) + tuple(fields[2 : 2 + n_merge]) in groups:
                    continue
                fh.write(
                    ",".join([text(fields[0]), text(fields[1])] + reencode(f.columns, fields[2:])) + "\n"
                )
                kept += 1
        tmp.replace(path)
        f.rows = kept

    def _merge(self, out: OutFile, key: tuple, rows: list, n_merge: int) -> list[str]:
        props: dict[str, str] = {}
        for f, fields in rows:  # in file order: later rows win, as SET += does
            values = dict(zip(f.columns, fields[2:]))
            for name in f.columns[: n_merge + 1]:  # merge keys and created_load
                props[name] = values[name]
            for name in f.present or ():
                if values.get(name, "") == "":
                    props.pop(name, None)  # a present column with an empty cell removes
                else:
                    props[name] = values[name]
        texts = [props.get(c, "") for c in out.columns]
        return [text(key[0]), text(key[1])] + reencode(out.columns, texts)
