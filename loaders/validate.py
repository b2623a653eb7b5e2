"""Checking a whole roster before anything is written, reporting every problem in one pass.

Rows are streamed, never kept: what stays in memory is one set of keys per node table (to find
duplicates and resolve references), the levels of regions and kinds of organizations (small), and
the rejected rows with their reasons. References to keys that are not in the roster are looked up
in the graph in bulk through `lookup` (one query per referenced table, see loaders/lookup.py), so
this module needs no database itself.

Each problem (`loaders/problems.py`) names the file, the row number the user sees in Excel and the
column header as it appears in the file. Whether each file is well-formed as a sheet (its header,
formula and merged cells, shifted or cut rows) is `loaders/sheet_shape.py`; this module checks the
values, keys and references, which depend on the tables read before. With --skip-invalid a row
whose reference points at a rejected row is rejected too ("cascaded"), with a reason naming the row
it depended on.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterator

import numpy as np

from graph.roster.model import Table
from graph.roster.organizations import ORGANIZATIONS
from graph.roster.regions import REGIONS
from graph.roster.vocabularies import LEVEL_DEPTH, PARTY_KINDS, REGION_LEVELS
from graph.roster.writes import ROW_HASH
from graph.tables import (
    REFERENCE_TARGETS,
    TABLE_ORDER,
    TABLES_BY_NAME,
    relationship_key,
    relationship_key_columns,
)
from loaders import columnar
from loaders.fingerprint import Fingerprints, as_integers, digest, layout
from loaders.problems import Problem
from loaders.reading import Roster, TableFile, open_table
from loaders.relationship_keys import RepeatedKeys
from loaders.rows import ChunkParser, KeyParts, complete_keys, key_values, parse_record, row_references
from loaders.sheet_shape import cell_mark_problems, cut_reason, header_problems, overflow_problems
from loaders.source_check import SourceCheck, SourceScan
from loaders.spool import RowSpool
from loaders.validate_columns import ColumnChecks

# (target table name, sorted keys) → {key: info}; info is a region's level, an organization's kind,
# or True. Keys absent from the answer are not in the graph.
Lookup = Callable[[str, list[str]], dict[str, Any]]


def no_graph(table: str, keys: list[str]) -> dict[str, Any]:
    """A lookup for an empty graph (pure validation, tests)."""
    return {}


TARGET_NOUN = {
    "region": "区划",
    "village": "村",
    "organization": "组织",
    "unit": "单位",
    "party_org": "党组织",
    "person": "人员",
    "household": "帮扶对象户",
    "enterprise": "带贫主体",
}


@dataclass
class Validation:
    checks: list[SourceCheck]
    errors: list[Problem]
    cascaded: list[Problem]
    notices: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected_rows(self) -> int:
        return sum(len(c.rejected) for c in self.checks)

    def close(self) -> None:
        """Drop the rows kept for writing (validate(keep_rows=True))."""
        for check in self.checks:
            if check.spool is not None:
                check.spool.close()
                check.spool = None


# -- the whole roster --------------------------------------------------------------------------------


def _pack(index: int, row: int) -> int:
    return (index << 32) | row


# the rows of these tables are always parsed, unchanged or not: later tables' references need their
# levels and kinds, and they are small
PARSED_WHEN_UNCHANGED = (REGIONS.name, ORGANIZATIONS.name)
FINGERPRINT_CHUNK = 4096  # rows whose fingerprints are looked up at once


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


class Validator(ColumnChecks):
    def __init__(
        self,
        lookup: Lookup = no_graph,
        *,
        today=None,
        keep_rows: bool = False,
        known: dict[str, Fingerprints] | None = None,
        fingerprint_key: bytes = b"",
    ):
        self.lookup = lookup
        self.fingerprint_key = fingerprint_key
        self.today = today
        self.keep_rows = keep_rows
        # table → fingerprints of rows the graph holds as they are (loaders/fingerprint.py); a row found
        # there is taken out of the set, so what is left after validation is what the roster no longer
        # lists as it was
        self.known = known
        self.keys: dict[str, dict[str, int]] = {t: {} for t in TABLE_ORDER}  # key → packed location
        self.rejected_keys: dict[str, set[str]] = {t: set() for t in TABLE_ORDER}
        self.region_level: dict[str, str] = {}
        self.org_party: dict[str, bool] = {}
        self.graph_info: dict[str, dict[str, Any]] = {t: {} for t in TABLE_ORDER}
        self.displays: list[str] = []
        self.errors: list[Problem] = []
        self.cascaded: list[Problem] = []

    # -- entry point ---------------------------------------------------------------------------
    def run(self, roster: Roster) -> Validation:
        notices = list(roster.notices)
        checks: list[SourceCheck] = []
        for name in TABLE_ORDER:
            group = []
            for source in roster.sources:
                if source.table.name == name:
                    table_file = open_table(source)
                    notices.extend(table_file.notices)
                    check = SourceCheck(
                        table_file,
                        len(self.displays),
                        spool=RowSpool() if self.keep_rows else None,
                        fingerprint_key=self.fingerprint_key,
                    )
                    self.displays.append(source.display)
                    group.append(check)
            if group:
                self._check_table(TABLES_BY_NAME[name], group)
                checks.extend(group)
        return Validation(checks, self.errors, self.cascaded, notices)

    # -- one table, all its sources --------------------------------------------------------------
    def _check_table(self, table: Table, checks: list[SourceCheck]) -> None:
        # relationship tables: what each row names, to find repeated rows (loaders/relationship_keys.py)
        self.rel_keys = RepeatedKeys()
        self.rel_variants: dict[tuple[str, ...], int] = {}
        pending: dict[str, set[str]] = {}
        self_edges: list[tuple] = []
        for check in checks:
            self._scan(table, check, pending, self_edges)
        if table.rel_key:
            self._report_repeated(table, checks)
        for edge in self_edges:
            kind, ref = edge[3], edge[4]
            if ref not in self.keys[table.name]:
                pending.setdefault(kind, set()).add(ref)
        bad = self._resolve_in_graph(pending)
        bad = {k: v for k, v in bad.items() if REFERENCE_TARGETS[k][0] != table.name}
        if self_edges:
            self._check_self_edges(table, self_edges)
        if bad:
            for check in checks:
                self._rescan(table, check, bad)

    def _scan(self, table: Table, check: SourceCheck, pending: dict, self_edges: list) -> None:
        tf = check.table_file
        check.file_problems = header_problems(tf)
        self.errors.extend(check.file_problems)
        sheet_problems = cell_mark_problems(tf)
        known = self.known.get(table.name) if self.known is not None and not check.file_problems else None
        prefix = layout(tf)
        # the unchanged rows of a relationship table named by fixed columns (visits): their keys a
        # chunk at a time (the order rows are added in does not matter to RepeatedKeys)
        bulk = KeyParts(table, tf) if table.rel_key and not table.key and not table.rel_key_of else None
        scan = SourceScan(ChunkParser(table, tf, self.today), bulk, sheet_problems, pending, self_edges)
        after = 0
        if bulk is not None and not check.file_problems and _plain_columns(table, scan.parser):
            if columnar.readable(tf, sheet_problems):
                after = self._scan_columns(table, check, scan, prefix, known)
        if after is not None:
            for chunk in self._fingerprinted(tf, check, prefix, known, sheet_problems, after):
                self._check_chunk(table, check, chunk, scan)
        if scan.unchanged_rows:
            self._unchanged_relationships(table, check, bulk, scan.unchanged_rows)
        last = scan.last
        cut = cut_reason(tf, last[1]) if tf.unterminated and last is not None else None
        if cut:
            problem = Problem(check.display, last[0], tf.header_at(len(last[1]) - 1), cut)
            self.errors.append(problem)
            self._reject(table, check, last[0], [problem], None)
        for row, problems in sorted(sheet_problems.items()):  # formula rows calamine read as blank
            self.errors.extend(problems)
            check.rejected.setdefault(row, []).extend(problems)

    def _check_chunk(self, table: Table, check: SourceCheck, chunk: list[tuple], scan: SourceScan) -> None:
        """Rows (row, cells, digest, unchanged) of one source, in file order, one at a time: every
        problem a row has by itself, with its key, its references, and what it repeats."""
        tf = check.table_file
        bulk, sheet_problems, pending, self_edges = (
            scan.bulk,
            scan.sheet_problems,
            scan.pending,
            scan.self_edges,
        )
        # what names each parsed row's relationship, noted for a chunk at once (see _note_relationships)
        noted_in_bulk = bulk is not None
        parse = [
            not unchanged or (bulk is None and table.name in PARSED_WHEN_UNCHANGED) for *_, unchanged in chunk
        ]
        parsed_rows = scan.parser.parse([item[1] for item, wanted in zip(chunk, parse) if wanted])
        if noted_in_bulk:
            self._note_relationships(
                table, check, [item[0] for item, wanted in zip(chunk, parse) if wanted], parsed_rows
            )
        parsed_rows = iter(parsed_rows)
        for (row, cells, row_digest, unchanged), wanted in zip(chunk, parse):
            check.rows += 1
            scan.last = (row, cells)
            if not wanted:
                check.unchanged += 1
                if bulk is not None:
                    scan.unchanged_rows.append((row, cells))
                    if len(scan.unchanged_rows) >= FINGERPRINT_CHUNK:
                        self._unchanged_relationships(table, check, bulk, scan.unchanged_rows)
                        scan.unchanged_rows = []
                else:
                    self._unchanged_row(table, check, row, cells)
                continue
            if unchanged:
                check.unchanged += 1
            values, extras, parsed = next(parsed_rows)
            if check.spool is not None and not parsed and not unchanged:
                values[ROW_HASH] = row_digest.hex()
                check.spool.append(row, values, extras)
            problems = sheet_problems.pop(row, [])
            problems += overflow_problems(tf, row, cells)
            problems += [Problem(check.display, row, tf.header_of(c), m) for c, m in parsed]
            key_problems, first_key = self._key_problems(table, check, row, values, note=not noted_in_bulk)
            problems += key_problems
            cascades = []
            for column, kind, ref in row_references(table, values):
                target = REFERENCE_TARGETS[kind][0]
                if target == table.name:
                    self_edges.append((check, row, column, kind, ref, first_key, values.get("level")))
                elif ref in self.keys[target]:
                    message = self._constraint_problem(kind, self._roster_info(target, ref), ref)
                    if message:
                        message = _chosen_by(table, column, values, message)
                        problems.append(Problem(check.display, row, tf.header_of(column), message))
                    elif ref in self.rejected_keys[target]:
                        cascades.append(self._cascade(check, row, tf.header_of(column), kind, target, ref))
                else:
                    pending.setdefault(kind, set()).add(ref)
            self.errors.extend(problems)
            self.cascaded.extend(cascades)
            reasons = check.file_problems + problems + cascades
            if reasons:
                self._reject(table, check, row, reasons, first_key)

    @staticmethod
    def _fingerprinted(
        tf: TableFile, check: SourceCheck, prefix: str, known, sheet_problems: dict, after: int = 0
    ):
        """Chunks of (row, cells, digest, unchanged): each row's fingerprint's 8 bytes, and whether it
        takes one of the `known` fingerprints (loaders/fingerprint.py), looked up a chunk at once.
        Rows up to `after` were read as columns (`_scan_columns`) and are passed over."""
        key = check.fingerprint_key
        rows = tf.rows()
        if after:
            rows = ((row, cells) for row, cells in rows if row > after)
        for chunk in _chunks(rows, FINGERPRINT_CHUNK):
            digests = [digest(prefix, cells, key) for _, cells in chunk]
            if known is None:
                taken = [False] * len(chunk)
            else:
                eligible = None
                if sheet_problems:  # a row with a formula or merged cell is read in full
                    eligible = np.array([row not in sheet_problems for row, _ in chunk])
                taken = known.take(as_integers(digests), eligible).tolist()
            yield [(row, cells, d, unchanged) for (row, cells), d, unchanged in zip(chunk, digests, taken)]

    def _key_problems(
        self, table: Table, check: SourceCheck, row: int, values: dict, note: bool = True
    ) -> tuple[list[Problem], str | None]:
        """A key (or relationship) an earlier row already has; and the node key this row holds first."""
        problems, first_key = [], None
        tf = check.table_file
        if table.key:
            keys = self.keys[table.name]
            key = values.get(table.key)
            if key:
                if key in keys:
                    index, first_row = keys[key] >> 32, keys[key] & 0xFFFFFFFF
                    where = "" if index == check.index else f"{self.displays[index]} "
                    problems.append(
                        Problem(
                            check.display,
                            row,
                            tf.header_of(table.key),
                            f"“{key}”重复：{where}第 {first_row} 行已有此{table.column(table.key).zh}",
                        )
                    )
                    check.dup_rows.add(row)
                else:
                    keys[key] = _pack(check.index, row)
                    first_key = key
                    if table.name == REGIONS.name and values.get("level"):
                        self.region_level[key] = values["level"]
                    elif table.name == ORGANIZATIONS.name and values.get("kind"):
                        self.org_party[key] = values["kind"] in PARTY_KINDS
        if table.rel_key and note:
            self._note_relationship(table, check, row, values)
        return problems, first_key

    def _unchanged_row(self, table: Table, check: SourceCheck, row: int, cells: list) -> None:
        """A row the graph holds as it is: only its key is read, for duplicates and references."""
        values = key_values(table, check.table_file, cells)
        problems, _ = self._key_problems(table, check, row, values)
        if problems:  # the same row twice: the later one is a duplicate, as always
            self.errors.extend(problems)
            self._reject(table, check, row, problems, None)

    def _unchanged_relationships(
        self, table: Table, check: SourceCheck, parts: KeyParts, rows: list[tuple[int, list]]
    ) -> None:
        """`_unchanged_row` of many rows of a relationship table named by fixed columns (visits): only
        what each row names, for the rows that repeat it (the same as `_note_relationship`)."""
        keys = parts.keys([c for _, c in rows])
        self.rel_keys.add_many(*self._found(check, table, [row for row, _ in rows], keys))

    def _note_relationships(
        self, table: Table, check: SourceCheck, rows: list[int], parsed: list[tuple[dict, dict, list]]
    ) -> None:
        """`_note_relationship` of a chunk's parsed rows of a table named by fixed columns (visits): a
        column at a time, each day's text once (the same keys as `relationship_key`)."""
        columns = []
        for name in table.rel_key:
            column = [values.get(name) for values, _, _ in parsed]
            if any(hasattr(v, "isoformat") for v in set(column)):
                texts = {v: v.isoformat() for v in set(column) if hasattr(v, "isoformat")}
                column = [texts.get(v, v) if v.__class__ is not str else v for v in column]
            columns.append(column)
        self._add_relationships(table, check, rows, _required_parts(table), columns)

    def _add_relationships(
        self, table: Table, check: SourceCheck, rows: list[int], required: list[int], parts: list[list]
    ) -> None:
        """Keep what each of many rows names (a table named by fixed columns: one list of parts per
        key column), for `_report_repeated`."""
        self.rel_keys.add_many(*self._found(check, table, rows, complete_keys(required, parts)))

    def _found(self, check: SourceCheck, table: Table, rows: list[int], keys: list) -> tuple[list, list]:
        """The keys that name something, and where each row is (its variant, source and row)."""
        variant = self.rel_variants.setdefault(table.rel_key, len(self.rel_variants)) << 56
        base = variant | (check.index << 32)
        found = [(key, base | row) for key, row in zip(keys, rows) if key is not None]
        return [k for k, _ in found], [loc for _, loc in found]

    def _note_relationship(self, table: Table, check: SourceCheck, row: int, values: dict) -> None:
        """Keep the hash of what the row names (which columns that is: its variant), to find the rows
        that repeat it once the table is read (`_report_repeated`)."""
        key = relationship_key(table, values)
        if key is None:
            return
        columns = relationship_key_columns(table, values)
        variant = self.rel_variants.setdefault(columns, len(self.rel_variants))
        self.rel_keys.add(key, (variant << 56) | _pack(check.index, row))

    def _report_repeated(self, table: Table, checks: list[SourceCheck]) -> None:
        """A row that names the same relationship as an earlier row (the load would merge the two, the
        later silently overwriting the earlier) is a duplicate, reported at the later row."""
        by_index = {c.index: c for c in checks}
        variants = {v: columns for columns, v in self.rel_variants.items()}
        for first, later in self.rel_keys.repeated():
            check = by_index[(later >> 32) & 0xFFFFFF]
            row, index, first_row = later & 0xFFFFFFFF, (first >> 32) & 0xFFFFFF, first & 0xFFFFFFFF
            where = "" if index == check.index else f" {self.displays[index]} "
            columns = [n for n in variants[later >> 56] if n in check.table_file.positions]
            names = "、".join(table.column(n).zh for n in columns)
            problem = Problem(
                check.display,
                row,
                check.table_file.header_of(columns[0]),
                f"与{where}第 {first_row} 行重复：{names}相同的{table.zh}只能有一行"
                "（重复的行会被合并，后一行覆盖前一行）；请合并或删除其中一行",
            )
            self.errors.append(problem)
            check.dup_rows.add(row)
            self._reject(table, check, row, [problem], None)

    def _reject(self, table: Table, check: SourceCheck, row: int, reasons: list[Problem], first_key) -> None:
        check.rejected.setdefault(row, []).extend(reasons)
        if first_key:
            self.rejected_keys[table.name].add(first_key)

    def _cascade(self, check, row, header, kind, target, ref) -> Problem:
        loc = self.keys[target][ref]
        where = f"{self.displays[loc >> 32]} 第 {loc & 0xFFFFFFFF} 行"
        return Problem(
            check.display,
            row,
            header,
            f"引用的{TARGET_NOUN[kind]}“{ref}”所在行（{where}）被拒绝，本行随之拒绝",
            cascade=True,
        )

    def _roster_info(self, target: str, key: str):
        if target == REGIONS.name:
            return self.region_level.get(key)
        if target == ORGANIZATIONS.name:
            party = self.org_party.get(key)
            return None if party is None else ("党组织" if party else "单位")
        return True

    @staticmethod
    def _constraint_problem(kind: str, info, key: str) -> str | None:
        """Why `key` (whose level, or 党组织/单位 kind, is `info`) cannot be referenced as `kind`."""
        if kind == "village" and info and info != "村":
            return f"“{key}”是{info}，这里应为村"
        if kind == "unit" and info == "党组织":
            return f"“{key}”是党组织，包村单位应为机关、事业单位等单位"
        if kind == "party_org" and info == "单位":
            return f"“{key}”不是党组织"
        return None

    def _graph_info(self, target: str, key: str):
        info = self.graph_info[target].get(key)
        if target == ORGANIZATIONS.name and info is not None:
            return "党组织" if info in PARTY_KINDS else "单位"
        return info

    def _resolve_in_graph(self, pending: dict[str, set[str]]) -> dict[str, dict[str, str]]:
        """Look the keys the roster does not hold up in the graph; messages for the bad ones."""
        by_target: dict[str, set[str]] = {}
        for kind, keys in pending.items():
            target = REFERENCE_TARGETS[kind][0]
            by_target.setdefault(target, set()).update(k for k in keys if k not in self.keys[target])
        for target, keys in by_target.items():
            unknown = sorted(k for k in keys if k not in self.graph_info[target])
            if unknown:
                self.graph_info[target].update(self.lookup(target, unknown))
        bad: dict[str, dict[str, str]] = {}
        for kind, keys in pending.items():
            target = REFERENCE_TARGETS[kind][0]
            for key in keys:
                if key in self.keys[target]:
                    continue  # a forward self reference, see _check_self_edges
                if key not in self.graph_info[target]:
                    message = self._missing(kind, key)
                else:
                    message = self._constraint_problem(kind, self._graph_info(target, key), key)
                if message:
                    bad.setdefault(kind, {})[key] = message
        return bad

    @staticmethod
    def _missing(kind: str, key: str) -> str:
        noun = TARGET_NOUN[kind]
        return f"{noun}“{key}”不存在：本花名册和图谱中都没有这个{noun}"

    def _check_self_edges(self, table: Table, edges: list[tuple]) -> None:
        """References within regions (parent one level up) and organizations (parent exists)."""
        keys = self.keys[table.name]
        pending = []
        for edge in edges:
            check, row, column, kind, ref, child_key, child_level = edge
            header = check.table_file.header_of(column)
            if ref in keys:
                parent_level = self.region_level.get(ref)
            elif ref in self.graph_info[table.name]:
                parent_level = self._graph_info(table.name, ref)
            else:
                self._self_problem(table, check, row, header, self._missing(kind, ref), child_key)
                continue
            if table.name == REGIONS.name and child_level and parent_level:
                expected = REGION_LEVELS[LEVEL_DEPTH[child_level] - 1]
                if parent_level != expected:
                    self._self_problem(
                        table,
                        check,
                        row,
                        header,
                        f"上级“{ref}”是{parent_level}，{child_level}的上级应为{expected}（恰好高一级）",
                        child_key,
                    )
                    continue
            if ref in keys:
                pending.append(edge)
        # a row whose parent row is rejected is rejected too, to a fixed point (chains of parents)
        done: set[int] = set()
        changed = True
        while changed:
            changed = False
            for i, (check, row, column, kind, ref, child_key, _) in enumerate(pending):
                if i in done or ref not in self.rejected_keys[table.name]:
                    continue
                done.add(i)
                problem = self._cascade(check, row, check.table_file.header_of(column), kind, table.name, ref)
                self.cascaded.append(problem)
                self._reject(table, check, row, [problem], child_key)
                changed = True

    def _self_problem(self, table, check, row, header, message, child_key) -> None:
        problem = Problem(check.display, row, header, message)
        self.errors.append(problem)
        self._reject(table, check, row, [problem], child_key)

    def _rescan(self, table: Table, check: SourceCheck, bad: dict[str, dict[str, str]]) -> None:
        """Second reading of a source, only to place the references found bad in the graph lookup."""
        tf = check.table_file
        for row, cells in tf.rows():
            values, _, _ = parse_record(table, tf.record(cells), self.today)
            for column, kind, ref in row_references(table, values):
                message = bad.get(kind, {}).get(ref)
                if message is None or REFERENCE_TARGETS[kind][0] == table.name:
                    continue
                message = _chosen_by(table, column, values, message)
                problem = Problem(check.display, row, tf.header_of(column), message)
                self.errors.append(problem)
                first_key = values.get(table.key) if table.key and row not in check.dup_rows else None
                self._reject(table, check, row, [problem], first_key)


def _plain_columns(table: Table, parser: ChunkParser) -> bool:
    """A table whose rows columns can check (loaders/columnar.py): no rule across a row's columns,
    and references that name one table, not this one, whatever the row says."""
    if parser.rules or table.reference_rule or table.key:
        return False
    for column in table.columns:
        if column.kind == "reference":
            if column.ref_by is not None or REFERENCE_TARGETS[column.ref][0] == table.name:
                return False
    return True


def _required_parts(table: Table) -> list[int]:
    return [i for i, name in enumerate(table.rel_key) if table.column(name).required]


def _chosen_by(table: Table, column: str, values: dict, message: str) -> str:
    """A reference whose target another column chooses (an inspection's subject, by its 对象类型)
    says which it was looked for as."""
    chooser = table.column(column).ref_by
    if chooser is None:
        return message
    return f"{table.column(chooser[0]).zh}为{values.get(chooser[0])}，{message}"


def validate(
    roster: Roster,
    lookup: Lookup = no_graph,
    *,
    today=None,
    keep_rows: bool = False,
    known: dict[str, Fingerprints] | None = None,
    fingerprint_key: bytes = b"",
) -> Validation:
    """Every problem of the roster; which rows would be rejected with --skip-invalid, and why.

    keep_rows: keep every parsed row (on disk, `SourceCheck.spool`) for the writes that follow;
    the caller closes them (`Validation.close`). known: per table, the fingerprints of rows the
    graph holds as they are (a snapshot's scope, loaders/snapshot.py): such rows are not parsed or
    kept, and their fingerprints are taken out of the sets. fingerprint_key: the key of the rows'
    fingerprints (`graph.pii.fingerprint_key`), so that a fingerprint cannot be tried against guessed
    id or phone numbers."""
    return Validator(
        lookup, today=today, keep_rows=keep_rows, known=known, fingerprint_key=fingerprint_key
    ).run(roster)
