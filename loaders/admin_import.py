"""A roster as the CSV files of Neo4j's offline bulk importer (`neo4j-admin database import full`).

Why: `bangfu load` writes through transactions that MERGE every row (right for the incremental loads
of a county, hours for a province's first load); the bulk importer builds a new store from CSV
files an order of magnitude faster, but knows nothing of MERGE. This module gives it exactly the
graph `bangfu load` would write into an empty database:

* the same validation (`loaders.validate` against an empty graph, the same problems and messages;
  with any error nothing is written);
* the same rows: each accepted row goes through the loader's own steps (`loaders.steps.STEPS`) and
  batches (`loaders.write.batches`), so properties, types and search text are what the Cypher of
  `cypher/load/` would set; each step also declares what its Cypher writes (`Step.writes`: labels,
  relationship type, end nodes, merge key), the one thing the importer needs and the builders do not say;
* what MERGE would have merged: Program nodes once per name; a relationship row whose merge key
  (end nodes + key properties) repeats an earlier one is merged into it, as `SET r += props` would;
* the same provenance: `created_load` everywhere and a `Load` node with the files, checksums, row
  counts and the summary `bangfu load` would record (its `loaders.write.Changes`).

Rows are streamed from the roster to the output files; what stays in memory is the validator's keys
(as for `bangfu load`), the villages' codes and program names (small). Repeated relationship keys
are found through 8-byte hashes spilled to partition files and sorted one partition at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import json
import shutil
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph.checksum import sha256_of
from graph.import_folder import ARRAY_DELIMITER, ARRAY_DELIMITER_ARG, ImportFolderError, write_manifest
from graph.search import search_text
from loaders.api import DEFAULT_BATCH_SIZE, LoadReport, new_load_id
from loaders.reading import find_tables
from loaders.steps import ALL_STEPS, STEPS, NodeShape, RelShape, Step
from loaders.validate import SourceCheck, no_graph, validate
from loaders.write import Changes, RejectsWriter, batches, has_columns, progress_bar

PARTITIONS = 64  # hash partitions for finding repeated relationship keys


class AdminImportError(ImportFolderError):
    """The output folder or the roster cannot be turned into importer files."""


# every step in one order (the index tells apart the relationships of different steps)
STEP_ORDER = {step.cypher: i for i, step in enumerate(ALL_STEPS)}

# Importer types of the properties that are not strings (graph-model.md); extras are always text.
TYPES = {
    "poor_village": "boolean",
    "weak_org": "boolean",
    "is_secretary": "boolean",
    "exit_year": "long",
    "size": "long",
    "year": "long",
    "rejected_rows": "long",
    "annual_income": "double",
    "amount": "double",
    "start": "date",
    "end": "date",
    "started_at": "datetime",
    "finished_at": "datetime",
    "files": "string[]",
    "checksums": "string[]",
}
SEARCH_PROPS = ("search_text", "search_name")


# -- CSV encoding -----------------------------------------------------------------------------------


class _Text:
    """Quoted text (so that an empty string stays one; an empty field is no property at all)."""

    multiline = False

    def __call__(self, value) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {value!r}")
        if "\n" in value or "\r" in value:
            _Text.multiline = True
        return '"' + value.replace('"', '""') + '"'


def _long(value) -> str:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {value!r}")
    return str(value)


def _double(value) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    return repr(float(value))


def _boolean(value) -> str:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {value!r}")
    return "true" if value else "false"


def _date(value) -> str:
    if type(value) is not dt.date:
        raise TypeError(f"expected a date, got {value!r}")
    return value.isoformat()


def _datetime(value) -> str:
    return value.isoformat()


_text = _Text()


def _array(value) -> str:
    return _text(ARRAY_DELIMITER.join(value))


FORMATTERS = {
    "string": _text,
    "long": _long,
    "double": _double,
    "boolean": _boolean,
    "date": _date,
    "datetime": _datetime,
    "string[]": _array,
}


def _header_name(name: str) -> str:
    kind = TYPES.get(name, "string")
    text = name if kind == "string" else f"{name}:{kind}"
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


# -- output files -----------------------------------------------------------------------------------


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


def _extras(check: SourceCheck) -> list[str]:
    return [f for f in check.table_file.fields if f and f.startswith("extra_")]


def _check_headers(checks: list[SourceCheck]) -> None:
    """The importer's header syntax reserves ':' (name:type); such a column cannot be carried."""
    for check in checks:
        tf = check.table_file
        for position, name in enumerate(tf.fields):
            if name and name.startswith("extra_") and ":" in name:
                raise AdminImportError(
                    f"{check.display}：列名“{str(tf.headers[position]).strip()}”含半角冒号“:”，"
                    "批量导入（neo4j-admin）的表头不支持此字符。请把列名中的“:”改为全角“：”后再导出，"
                    "或改用 bangfu load 导入。"
                )


# -- the export -------------------------------------------------------------------------------------


@dataclass
class ExportReport:
    load: LoadReport  # validation and changes, as `bangfu load` reports them
    out: Path | None = None
    node_counts: Counter = field(default_factory=Counter)
    rel_counts: Counter = field(default_factory=Counter)
    merged_rows: int = 0  # relationship rows merged into an earlier one (as MERGE does)
    multiline: bool = False

    @property
    def exit_code(self) -> int:
        return self.load.exit_code


class _Exporter:
    def __init__(self, out: Path, load_id: str, batch_size: int):
        self.out = out
        self.load_id = load_id
        self.batch_size = batch_size
        self.files: list[OutFile] = []
        self.changes = Changes()
        self.villages: set[str] = set()
        self.programs: dict[str, None] = {}  # first-seen order
        self.node_counts: Counter = Counter()
        self.rel_counts: Counter = Counter()
        self.hashes = [array("Q") for _ in range(PARTITIONS)]
        self.hash_dir = out / ".dedupe"
        self.hash_dir.mkdir(parents=True)
        self.rel_files_by_step: dict[str, list[OutFile]] = {}

    # -- files ---------------------------------------------------------------------------------
    def _new_file(
        self,
        kind: str,
        label_or_type: str,
        header: list[str],
        columns: list[str],
        rel_type: str | None = None,
    ) -> OutFile:
        name = f"{len(self.files) + 1:03d}-{label_or_type}"
        formats = [FORMATTERS[TYPES.get(c, "string")] for c in columns]
        f = OutFile(kind, name, rel_type, header, columns, formats)
        f.open(self.out)
        self.files.append(f)
        return f

    def node_file(self, shape: NodeShape, check: SourceCheck) -> OutFile:
        columns = (
            list(shape.props)
            + (list(SEARCH_PROPS) if shape.searchable else [])
            + ["created_load"]
            + _extras(check)
        )
        header = [f"{shape.key}:ID({shape.label})", ":LABEL"] + [_header_name(c) for c in columns]
        return self._new_file("nodes", shape.label, header, columns)

    def rel_file(self, step: Step, shape: RelShape, check: SourceCheck | None, extras: list[str]) -> OutFile:
        columns = list(shape.merge) + ["created_load"] + list(shape.props) + extras
        header = [f":START_ID({shape.start[0]})", f":END_ID({shape.end[0]})"] + [
            _header_name(c) for c in columns
        ]
        f = self._new_file("relationships", shape.type, header, columns, shape.type)
        self.rel_files_by_step.setdefault(step.cypher, []).append(f)
        return f

    # -- rows ------------------------------------------------------------------------------------
    def node_row(self, f: OutFile, shape: NodeShape, row: dict) -> None:
        props = dict(row["props"])
        props = {k: v for k, v in props.items() if v is not None}
        if shape.searchable and "search_text" not in props:  # loaders that leave it to search.refresh
            name = props.get("head_name" if shape.label == "Household" else "name")
            props["search_text"], props["search_name"] = search_text(name, row["key"]), name or ""
        props["created_load"] = self.load_id
        unknown = set(props) - set(f.columns)
        if unknown:
            raise RuntimeError(
                f"{shape.label}: properties {sorted(unknown)} not in the step's shape (loaders/steps.py)"
            )
        fields = [_text(row["key"]), _array(shape.labels(props))]
        fields += ["" if props.get(c) is None else fmt(props[c]) for c, fmt in zip(f.columns, f.formats)]
        f.write(fields)
        if shape.label == "Region" and props.get("level") == "村":
            self.villages.add(row["key"])

    def pair_row(self, f: OutFile, shape: RelShape, row: dict) -> bool:
        target = row["target"]
        if target is None or (shape.village_target and target not in self.villages):
            return False
        start, end = row[shape.start[1]], row[shape.end[1]]
        f.write([_text(start), _text(end)] + [_text(row[k]) for k in shape.merge] + [_text(self.load_id)])
        return True

    def rel_row(self, f: OutFile, shape: RelShape, step_index: int, row: dict) -> None:
        props = row["props"]
        if f.present is None:
            f.present = tuple(props)
        values = {k: row[k] for k in shape.merge}
        values["created_load"] = self.load_id
        values.update(props)
        unknown = set(values) - set(f.columns)
        if unknown:
            raise RuntimeError(
                f"{shape.type}: properties {sorted(unknown)} not in the step's shape (loaders/steps.py)"
            )
        start, end = row[shape.start[1]], row[shape.end[1]]
        fields = [_text(start), _text(end)]
        fields += ["" if values.get(c) is None else fmt(values[c]) for c, fmt in zip(f.columns, f.formats)]
        f.write(fields)
        h = hash((step_index, start, end) + tuple(row[k] for k in shape.merge)) & 0xFFFFFFFFFFFFFFFF
        part = self.hashes[h >> 58]
        part.append(h)
        if len(part) >= 8192:
            self._spill(h >> 58)

    def _spill(self, index: int) -> None:
        with open(self.hash_dir / f"{index:02d}", "ab") as fh:
            self.hashes[index].tofile(fh)
        self.hashes[index] = array("Q")

    # -- a table ---------------------------------------------------------------------------------
    def table(self, table_name: str, checks: list[SourceCheck], rejects, bar, today) -> None:
        steps = STEPS[table_name]
        replay: list[tuple[Step, int, dict, dict]] = []  # after-table steps' counts, added after the table
        for check in checks:
            active = [s for s in steps if has_columns(check, s)]
            files: dict[str, OutFile] = {}
            for s in active:
                shape = s.writes
                if isinstance(shape, NodeShape):
                    files[s.cypher] = self.node_file(shape, check)
                elif shape.pair:
                    files[s.cypher] = self.rel_file(s, shape, check, [])
                else:
                    files[s.cypher] = self.rel_file(s, shape, check, _extras(check))
            for batch in batches(check, self.batch_size, rejects, bar, today):
                self.changes.rows_written[table_name] += len(batch)
                for s in active:
                    counted = self._step(s, files[s.cypher], batch)
                    if counted is not None:
                        if s.after_table:
                            replay.append((s, *counted))
                        else:
                            self.changes.add(s, *counted)
            for f in files.values():
                f.close()
        for s, sent, result, counters in replay:
            self.changes.add(s, sent, result, counters)

    def _step(self, step: Step, f: OutFile, batch: list):
        """Write one batch of a step; returns what `Changes.add` gets from the loader's Cypher."""
        shape = step.writes
        rows = [r for r in (step.build(v, e) for v, e in batch) if r is not None]
        if not rows:
            return None
        counters = {"nodes_created": 0, "relationships_created": 0, "relationships_deleted": 0}
        if isinstance(shape, NodeShape):
            for row in rows:
                self.node_row(f, shape, row)
            counters["nodes_created"] = len(rows)
            self.node_counts[shape.label] += len(rows)
        elif shape.pair:
            linked = sum(self.pair_row(f, shape, row) for row in rows)
            counters["relationships_created"] = linked
            self.rel_counts[shape.type] += linked
        else:
            index = STEP_ORDER[step.cypher]
            for row in rows:
                self.rel_row(f, shape, index, row)
                if shape.program_end and row["program"] not in self.programs:
                    self.programs[row["program"]] = None
                    counters["nodes_created"] += 1
                    self.node_counts["Program"] += 1
            counters["relationships_created"] = len(rows)
            self.rel_counts[shape.type] += len(rows)
        return len(rows), {"rows": len(rows), "created": len(rows), "updated": 0}, counters

    # -- the end ---------------------------------------------------------------------------------
    def programs_file(self) -> None:
        if not self.programs:
            return
        f = self._new_file(
            "nodes", "Program", ["name:ID(Program)", ":LABEL", "created_load"], ["created_load"]
        )
        for name in self.programs:
            f.write([_text(name), _text("Program"), _text(self.load_id)])
        f.close()

    def load_file(self, props: dict) -> None:
        columns = [c for c in props if c != "load_id"]
        f = self._new_file(
            "nodes", "Load", ["load_id:ID(Load)", ":LABEL"] + [_header_name(c) for c in columns], columns
        )
        f.write(
            [_text(props["load_id"]), _text("Load")]
            + ["" if props[c] is None else fmt(props[c]) for c, fmt in zip(f.columns, f.formats)]
        )
        f.close()

    def merge_repeated(self) -> int:
        """Relationship rows with the key of an earlier row become one, as MERGE + SET += makes them."""
        for i in range(PARTITIONS):
            if self.hashes[i]:
                self._spill(i)
        import numpy as np

        repeated: set[int] = set()
        for part in sorted(self.hash_dir.iterdir()):
            a = np.fromfile(part, dtype=np.uint64)
            a.sort()
            same = a[1:][a[1:] == a[:-1]]
            repeated.update(int(x) for x in np.unique(same))
        shutil.rmtree(self.hash_dir)
        if not repeated:
            return 0
        return _Merger(self, repeated).run()


class _Merger:
    """The rare case: read back the relationship files of the steps involved, drop every row of a
    repeated key from its file and write one merged row per key into a file of its own (whose header
    is the union of the sources', since rows of one key may come from files with other columns)."""

    def __init__(self, exporter: _Exporter, repeated: set[int]):
        self.x = exporter
        self.repeated = repeated

    def _rows(self, f: OutFile):
        with open(self.x.out / f.data_path, encoding="utf-8", newline="") as fh:
            yield from csv.reader(fh)

    def run(self) -> int:
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
                    if hash((index,) + key) & 0xFFFFFFFFFFFFFFFF in self.repeated:
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
            out = self.x.rel_file(step, shape, None, extras)
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
                    ",".join([_text(fields[0]), _text(fields[1])] + self._encode(f.columns, fields[2:]))
                    + "\n"
                )
                kept += 1
        tmp.replace(path)
        f.rows = kept

    @staticmethod
    def _encode(columns: list[str], texts: list[str]) -> list[str]:
        """Re-encode fields read back as text: ids and strings quoted, other types as they were."""
        return [
            ("" if t == "" else _text(t) if TYPES.get(c, "string") == "string" else t)
            for c, t in zip(columns, texts)
        ]

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
        return [_text(key[0]), _text(key[1])] + self._encode(out.columns, texts)


def export_admin_import(
    paths,
    out: Path,
    *,
    skip_invalid: bool = False,
    user: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects_dir: Path | None = None,
    rejects_root: Path = Path("rejects"),
    progress: bool | None = None,
    today: dt.date | None = None,
) -> ExportReport:
    """Validate the roster at `paths` as `bangfu load` would into an empty graph, then (if allowed)
    write the importer's files into `out` (a new or empty folder)."""
    roster = find_tables(list(paths))
    validation = validate(roster, no_graph, today=today, keep_rows=True)
    try:
        return _export_validated(
            validation,
            Path(out),
            skip_invalid=skip_invalid,
            user=user,
            batch_size=batch_size,
            rejects_dir=rejects_dir,
            rejects_root=rejects_root,
            progress=progress,
            today=today,
        )
    finally:
        validation.close()


def _export_validated(
    validation, out: Path, *, skip_invalid, user, batch_size, rejects_dir, rejects_root, progress, today
) -> ExportReport:
    """The importer's files from a validated roster (its parsed rows kept by validation)."""
    load = LoadReport(validation, skip_invalid, False)
    report = ExportReport(load)
    if not validation.ok and not skip_invalid:
        return report
    _check_headers(validation.checks)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise AdminImportError(f"输出目录 {out} 已存在且不为空：请指定新的或空的目录。")
    out.mkdir(parents=True, exist_ok=True)

    started = dt.datetime.now(dt.timezone.utc)
    load_id = new_load_id()
    load.load_id = load_id
    rejects = None
    if validation.rejected_rows:
        load.rejects_dir = Path(rejects_dir) if rejects_dir else Path(rejects_root) / load_id
        rejects = RejectsWriter(load.rejects_dir)
    sources = [c.table_file.source for c in validation.checks]
    _Text.multiline = False
    exporter = _Exporter(out, load_id, batch_size)
    bar = progress_bar(sum(c.rows for c in validation.checks), progress)
    try:
        by_table: dict[str, list[SourceCheck]] = {}
        for check in validation.checks:
            by_table.setdefault(check.table.name, []).append(check)
        for table_name, checks in by_table.items():  # validation keeps dependency order
            bar.set_description(f"导出 {table_name}")
            exporter.table(table_name, checks, rejects, bar, today)
        report.merged_rows = exporter.merge_repeated()
        exporter.programs_file()
    except BaseException:
        for f in exporter.files:
            f.close()
        shutil.rmtree(out, ignore_errors=True)
        raise
    finally:
        bar.close()
        if rejects is not None:
            rejects.close()
            load.rejects_files = list(rejects.paths)
    if rejects is not None:
        from loaders.api import _write_rejects_summary

        _write_rejects_summary(load)
    load.changes = exporter.changes
    exporter.load_file(
        {
            "load_id": load_id,
            "started_at": started,
            "user": user or getpass.getuser(),
            "files": [s.display for s in sources],
            "checksums": [sha256_of(s.path) for s in sources],
            "row_counts": json.dumps({c.display: c.rows for c in validation.checks}, ensure_ascii=False),
            "mode": "skip-invalid" if skip_invalid else "strict",
            "finished_at": dt.datetime.now(dt.timezone.utc),
            "rejected_rows": validation.rejected_rows,
            "summary": json.dumps(exporter.changes.as_dict(), ensure_ascii=False),
        }
    )
    exporter.node_counts["Load"] += 1
    report.out = out
    report.node_counts = exporter.node_counts
    report.rel_counts = exporter.rel_counts
    report.multiline = _Text.multiline
    _write_manifest(report, exporter)
    return report


def _write_manifest(report: ExportReport, exporter: _Exporter) -> None:
    groups = [f for f in exporter.files if f.rows > 0]
    for f in exporter.files:
        if f.rows == 0:  # a step with nothing to write (e.g. no contracting units): no empty group
            (report.out / f.data_path).unlink(missing_ok=True)
            (report.out / f.header_path).unlink(missing_ok=True)
    manifest = {
        "version": 1,
        "load_id": report.load.load_id,
        "array_delimiter": ARRAY_DELIMITER_ARG,
        "multiline_fields": report.multiline,
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
        "counts": {"nodes": dict(report.node_counts), "relationships": dict(report.rel_counts)},
    }
    write_manifest(report.out, manifest)
