"""The importer's input groups: a header file and a data file each, written row by row, and the
manifest (`import.json`) that lists them for `bangfu db import`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graph.import_folder import ARRAY_DELIMITER_ARG, write_manifest


@dataclass
class OutFile:
    """One importer input group: a header file and a data file, written row by row."""

    kind: str  # "nodes" or "relationships"
    name: str  # file stem, e.g. 03-Household
    type: str | None  # relationship type
    header: list[str]  # importer header fields
    columns: list[str]  # property (or row field) names, in header order after the ids
    formats: list[Callable]
    rows: int = 0
    present: tuple[str, ...] | None = None  # relationship props the source file has (for merging)
    fh: object = None

    @property
    def data_path(self) -> str:
        return f"{self.kind}/{self.name}.csv"

    @property
    def header_path(self) -> str:
        return f"{self.kind}/{self.name}.header.csv"

    def open(self, out: Path) -> None:
        (out / self.kind).mkdir(parents=True, exist_ok=True)
        (out / self.header_path).write_text(",".join(self.header) + "\n", encoding="utf-8")
        self.fh = open(out / self.data_path, "w", encoding="utf-8", newline="", buffering=1 << 20)

    def write(self, fields: list[str]) -> None:
        self.fh.write(",".join(fields) + "\n")
        self.rows += 1

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def write_import_manifest(
    out: Path, load_id: str, files: list[OutFile], multiline: bool, node_counts: dict, rel_counts: dict
) -> None:
    """Drop the groups with no rows (a step with nothing to write, e.g. no contracting units: no empty
    group) and list the others."""
    groups = [f for f in files if f.rows > 0]
    for f in files:
        if f.rows == 0:
            (out / f.data_path).unlink(missing_ok=True)
            (out / f.header_path).unlink(missing_ok=True)
    manifest = {
        "version": 1,
        "load_id": load_id,
        "array_delimiter": ARRAY_DELIMITER_ARG,
        "multiline_fields": multiline,
        "nodes": [
            {"header": f.header_path, "data": f.data_path, "rows": f.rows}
            for f in groups
            if f.kind == "nodes"
        ],
        "relationships": [
            {"type": f.type, "header": f.header_path, "data": f.data_path, "rows": f.rows}
            for f in groups
            if f.kind == "relationships"
        ],
        "counts": {"nodes": dict(node_counts), "relationships": dict(rel_counts)},
    }
    write_manifest(out, manifest)
