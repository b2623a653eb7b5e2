"""Checking a whole roster before anything is written, reporting every problem in one pass.

Rows are streamed, never kept: what stays in memory is one set of keys per node table (to find
duplicates and resolve references), the levels of regions and kinds of organizations (small), and
the rejected rows with their reasons. References to keys that are not in the roster are looked up
in the graph in bulk through `lookup` (one query per referenced table, see loaders/lookup.py), so
this module needs no database itself.

Each problem names the file, the row number the user sees in Excel and the column header as it
appears in the file. With --skip-invalid a row whose reference points at a rejected row is rejected
too ("cascaded"), with a reason naming the row it depended on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from graph.tables import (
    LEVEL_DEPTH,
    PARTY_KINDS,
    REFERENCE_TARGETS,
    REGION_LEVELS,
    TABLE_ORDER,
    TABLES_BY_NAME,
    Table,
    relationship_key,
    relationship_key_columns,
)
from loaders.fingerprint import fingerprint, layout
from loaders.reading import Roster, TableFile, column_letters, is_blank, open_table
from loaders.rows import ROW_HASH, cell_problem, key_values, parse_record, row_references
from loaders.spool import RowSpool

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


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str
    cascade: bool = False  # rejected only because a row it references was rejected

    def render(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class SourceCheck:
    """What validation learnt about one source: its rows and which of them are rejected, and why."""

    table_file: TableFile
    index: int
    rows: int = 0
    rejected: dict[int, list[Problem]] = field(default_factory=dict)
    dup_rows: set[int] = field(default_factory=set)
    file_problems: list[Problem] = field(default_factory=list)
    spool: RowSpool | None = None  # parsed rows kept for writing (validate(keep_rows=True))
    unchanged: int = 0  # rows the graph already holds as they are (not parsed, not kept)

    @property
    def display(self) -> str:
        return self.table_file.source.display

    @property
    def table(self) -> Table:
        return self.table_file.source.table


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


# -- the shape of a sheet ---------------------------------------------------------------------------


def _range(r0: int, c0: int, r1: int, c1: int) -> str:
    return f"{column_letters(c0)}{r0}:{column_letters(c1)}{r1}"


def _formula_message(formula: str) -> str:
    shown = formula if len(formula) <= 40 else formula[:40] + "…"
    return (
        f"单元格含公式（{shown}）：花名册只接受值，公式不会被计算或保存；"
        "请在 Excel 中复制这些单元格，“选择性粘贴 → 数值”后再导入"
    )


def _sheet_problems(check: SourceCheck) -> dict[int, list[Problem]]:
    """Row → problems of an .xlsx sheet's formula cells and merged data cells (the value of a merged
    range sits in its first cell only: every other row it covers would read empty)."""
    tf = check.table_file
    out: dict[int, list[Problem]] = {}
    for row, cells in tf.marks.formulas.items():
        if row > tf.header_row:
            for position, formula in cells:
                out.setdefault(row, []).append(
                    Problem(check.display, row, tf.header_at(position), _formula_message(formula))
                )
    for r0, c0, r1, c1 in tf.marks.merged:
        if r1 <= tf.header_row:
            continue
        first = r0 if c1 > c0 else r0 + 1
        for row in range(max(first, tf.header_row + 1), r1 + 1):
            out.setdefault(row, []).append(
                Problem(
                    check.display,
                    row,
                    tf.header_at(c0),
                    f"单元格属于合并单元格 {_range(r0, c0, r1, c1)}，合并后只有左上角的单元格有值；"
                    "请取消合并并在每一行填上值",
                )
            )
    return out


def _shape_problems(check: SourceCheck, row: int, cells: list) -> list[Problem]:
    """A value beyond the header's last column belongs to no column: the row is shifted (a comma in
    an unquoted cell) or the file is damaged; it is neither loaded nor silently dropped."""
    tf = check.table_file
    width = len(tf.headers)
    for position in range(width, len(cells)):
        if not is_blank([cells[position]]):
            return [
                Problem(
                    check.display,
                    row,
                    tf.header_at(position),
                    f"本行第 {position + 1} 列有值，但表头只有 {width} 列：多出的值不属于任何列"
                    "（单元格中的逗号是否漏了引号？）",
                )
            ]
    return []


def _cut_reason(tf: TableFile, cells: list) -> str | None:
    """Why the last row of a CSV without a final line break looks cut, or None. A cut right after a
    comma leaves the row a cell short, or, after the last comma, with its last cell empty; a cut
    inside a cell cannot be told from a shorter value."""
    if len(cells) < len(tf.headers):
        return f"最后一行只有 {len(cells)} 列（表头有 {len(tf.headers)} 列）且没有换行结尾：文件可能被截断"
    if len(cells) == len(tf.headers) and isinstance(cells[-1], str) and not cells[-1].strip():
        return (
            "最后一行的最后一格为空且文件没有换行结尾：文件可能在这一格处被截断"
            "（如果这一格本来就空着，请在文件末尾加一个换行）"
        )
    return None


# -- the whole roster --------------------------------------------------------------------------------


def _pack(index: int, row: int) -> int:
    return (index << 32) | row


# the rows of these tables are always parsed, unchanged or not: later tables' references need their
# levels and kinds, and they are small
PARSED_WHEN_UNCHANGED = ("regions", "organizations")


class Validator:
    def __init__(
        self,
        lookup: Lookup = no_graph,
        *,
        today=None,
        keep_rows: bool = False,
        known: dict[str, set[str]] | None = None,
    ):
        self.lookup = lookup
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
                        table_file, len(self.displays), spool=RowSpool() if self.keep_rows else None
                    )
                    self.displays.append(source.display)
                    group.append(check)
            if group:
                self._check_table(TABLES_BY_NAME[name], group)
                checks.extend(group)
        return Validation(checks, self.errors, self.cascaded, notices)

    # -- one table, all its sources --------------------------------------------------------------
    def _check_table(self, table: Table, checks: list[SourceCheck]) -> None:
        self.rel_keys: dict[int, int] = {}  # relationship tables: hash of the key → packed location
        pending: dict[str, set[str]] = {}
        self_edges: list[tuple] = []
        for check in checks:
            self._scan(table, check, pending, self_edges)
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

    def _file_problems(self, check: SourceCheck) -> list[Problem]:
        tf = check.table_file
        problems = [
            Problem(check.display, tf.header_row, c.zh, f"缺少必填列“{c.zh}”（{c.name}）")
            for c in tf.missing_required
        ]
        problems += [
            Problem(
                check.display, tf.header_row, header, "列名重复：此列与前面的列对应同一字段，无法确定用哪一列"
            )
            for _, header in tf.duplicate_headers
        ]
        for position, raw in enumerate(tf.headers):
            bad = cell_problem(raw)
            if bad:
                problems.append(
                    Problem(check.display, tf.header_row, tf.header_at(position)[:40], f"列名{bad}")
                )
        for position, formula in tf.marks.formulas.get(tf.header_row, []):
            problems.append(
                Problem(check.display, tf.header_row, tf.header_at(position), _formula_message(formula))
            )
        for r0, c0, r1, c1 in tf.marks.merged:
            if r0 <= tf.header_row <= r1 and (r0 < r1 or c0 < c1):
                problems.append(
                    Problem(
                        check.display,
                        tf.header_row,
                        tf.header_at(c0),
                        f"表头含合并单元格 {_range(r0, c0, r1, c1)}：表头应只占一行，每列一个列名；请取消合并"
                        "（多行表头请合并成一行）",
                    )
                )
        return problems

    def _scan(self, table: Table, check: SourceCheck, pending: dict, self_edges: list) -> None:
        tf = check.table_file
        check.file_problems = self._file_problems(check)
        self.errors.extend(check.file_problems)
        sheet_problems = _sheet_problems(check)
        known = self.known.get(table.name) if self.known is not None and not check.file_problems else None
        prefix = layout(tf)
        last = None
        for row, cells in tf.rows():
            check.rows += 1
            last = (row, cells)
            digest = fingerprint(prefix, cells)
            unchanged = known is not None and digest in known and row not in sheet_problems
            if unchanged:
                known.discard(digest)
                check.unchanged += 1
                if table.name not in PARSED_WHEN_UNCHANGED:
                    self._unchanged_row(table, check, row, cells)
                    continue
            values, extras, parsed = parse_record(table, tf.record(cells), self.today)
            if check.spool is not None and not parsed and not unchanged:
                values[ROW_HASH] = digest
                check.spool.append(row, values, extras)
            problems = sheet_problems.pop(row, [])
            problems += _shape_problems(check, row, cells)
            problems += [Problem(check.display, row, tf.header_of(c), m) for c, m in parsed]
            key_problems, first_key = self._key_problems(table, check, row, values)
            problems += key_problems
            cascades = []
            for column, kind, ref in row_references(table, values):
                target = REFERENCE_TARGETS[kind][0]
                if target == table.name:
                    self_edges.append((check, row, column, kind, ref, first_key, values.get("level")))
                elif ref in self.keys[target]:
                    message = self._constraint_problem(kind, self._roster_info(target, ref), ref)
                    if message:
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
        cut = _cut_reason(tf, last[1]) if tf.unterminated and last is not None else None
        if cut:
            problem = Problem(check.display, last[0], tf.header_at(len(last[1]) - 1), cut)
            self.errors.append(problem)
            self._reject(table, check, last[0], [problem], None)
        for row, problems in sorted(sheet_problems.items()):  # formula rows calamine read as blank
            self.errors.extend(problems)
            check.rejected.setdefault(row, []).extend(problems)

    def _key_problems(
        self, table: Table, check: SourceCheck, row: int, values: dict
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
                    if table.name == "regions" and values.get("level"):
                        self.region_level[key] = values["level"]
                    elif table.name == "organizations" and values.get("kind"):
                        self.org_party[key] = values["kind"] in PARTY_KINDS
        if table.rel_key:
            problem = self._repeated_relationship(table, check, row, values)
            if problem:
                problems.append(problem)
        return problems, first_key

    def _unchanged_row(self, table: Table, check: SourceCheck, row: int, cells: list) -> None:
        """A row the graph holds as it is: only its key is read, for duplicates and references."""
        values = key_values(table, check.table_file, cells)
        problems, _ = self._key_problems(table, check, row, values)
        if problems:  # the same row twice: the later one is a duplicate, as always
            self.errors.extend(problems)
            self._reject(table, check, row, problems, None)

    def _repeated_relationship(
        self, table: Table, check: SourceCheck, row: int, values: dict
    ) -> Problem | None:
        """A row that names the same relationship as an earlier row (the load would merge the two, the
        later silently overwriting the earlier) is a duplicate, reported at the later row. Only a
        64-bit hash of each key is kept, for the current table, so memory stays small."""
        key = relationship_key(table, values)
        if key is None:
            return None
        digest = hash(key)
        first = self.rel_keys.get(digest)
        if first is None:
            self.rel_keys[digest] = _pack(check.index, row)
            return None
        index, first_row = first >> 32, first & 0xFFFFFFFF
        where = "" if index == check.index else f" {self.displays[index]} "
        columns = [n for n in relationship_key_columns(table, values) if n in check.table_file.positions]
        names = "、".join(table.column(n).zh for n in columns)
        column = columns[0]
        return Problem(
            check.display,
            row,
            check.table_file.header_of(column),
            f"与{where}第 {first_row} 行重复：{names}相同的{table.zh}只能有一行"
            "（重复的行会被合并，后一行覆盖前一行）；请合并或删除其中一行",
        )

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
        if target == "regions":
            return self.region_level.get(key)
        if target == "organizations":
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
        if target == "organizations" and info is not None:
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
            if table.name == "regions" and child_level and parent_level:
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
                problem = Problem(check.display, row, tf.header_of(column), message)
                self.errors.append(problem)
                first_key = values.get(table.key) if table.key and row not in check.dup_rows else None
                self._reject(table, check, row, [problem], first_key)


def validate(
    roster: Roster,
    lookup: Lookup = no_graph,
    *,
    today=None,
    keep_rows: bool = False,
    known: dict[str, set[str]] | None = None,
) -> Validation:
    """Every problem of the roster; which rows would be rejected with --skip-invalid, and why.

    keep_rows: keep every parsed row (on disk, `SourceCheck.spool`) for the writes that follow;
    the caller closes them (`Validation.close`). known: per table, the fingerprints of rows the
    graph holds as they are (a snapshot's scope, loaders/snapshot.py): such rows are not parsed or
    kept, and their fingerprints are taken out of the sets."""
    return Validator(lookup, today=today, keep_rows=keep_rows, known=known).run(roster)
