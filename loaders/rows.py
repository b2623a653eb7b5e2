"""One roster row on its own: the typed values of its cells, its extra columns, and the problems it
has by itself (a bad cell, a missing required value, rules across its columns), before anything is
compared with other rows or the graph (loaders/validate.py does that)."""

from __future__ import annotations

import re
from itertools import repeat
from typing import Any

from graph import values as V
from graph.roster.model import MULTIPLE_JOINER, MULTIPLE_SEPARATORS, Column, Table
from loaders.reading import MAX_CELL_CHARS, TableFile, trim


def parse_cell(column: Column, raw, today):
    """A cell's typed value (ValueError with a Chinese message when it is not one)."""
    kind = column.kind
    if column.multiple:
        return _several(column, raw)
    if kind == "vocab":
        value = column.vocab.lookup(str(raw))
        if value is None:
            raise ValueError(f"“{raw}”不是允许的值，可选：{column.vocab.describe()}")
        return value
    if kind == "date":
        return V.parse_date(raw)
    if kind == "yesno":
        return V.parse_yesno(raw)
    if kind == "int":
        return V.parse_int(raw, column.min_value)
    if kind == "number":
        return V.parse_number(raw)
    if kind == "year":
        return V.parse_year(raw)
    if kind == "id_number":
        return V.parse_id_number(raw, today)
    if kind == "phone":
        return V.parse_phone(raw)
    if kind == "credit_code":
        return V.parse_credit_code(raw)
    return V.as_text(raw)  # text, code, reference


def _several(column: Column, raw) -> str:
    """A cell naming one or more values of a vocabulary (因病、因残), as the graph stores them: each
    once, in the vocabulary's order, joined by MULTIPLE_JOINER."""
    parts = [p.strip() for p in re.split(f"[{MULTIPLE_SEPARATORS}]", str(raw)) if p.strip()]
    found = set()
    for part in parts:
        value = column.vocab.lookup(part)
        if value is None:
            raise ValueError(
                f"“{part}”不是允许的值，可选：{column.vocab.describe()}（多个用“、”“，”或“;”分隔）"
            )
        found.add(value)
    if not found:
        raise ValueError(f"“{raw}”中没有值，可选：{column.vocab.describe()}")
    return MULTIPLE_JOINER.join(v for v in column.vocab.values if v in found)


# C0 control characters (tab and line breaks are text) and DEL: NUL bytes, binary junk, a UTF-16 file
# read byte by byte. Nobody types them; a cell holding one is damaged.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_problem(raw) -> str | None:
    """Why a cell cannot be taken as a value at all, whatever its column: too long for Excel,
    control characters, or a formula written as text (it would become a live formula again in any
    Excel export of the graph)."""
    if not isinstance(raw, str):
        return None
    if len(raw) > MAX_CELL_CHARS:
        return f"单元格有 {len(raw)} 个字符，超过 Excel 单元格的上限 {MAX_CELL_CHARS}，文件可能已损坏"
    bad = _CONTROL.search(raw)
    if bad:
        return f"单元格含有不可见的控制字符（U+{ord(bad.group()):04X}），文件可能已损坏或不是文本"
    if raw.startswith("="):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        return f"单元格以“=”开头，像是公式（{shown}）：花名册只接受值，不接受公式"
    return None


ABSENT = object()  # a cell with a problem leaves its column out of the row's values


def column_cell(column: Column, raw, today) -> tuple[Any, str | None]:
    """One trimmed cell of a table column: (its value or ABSENT, the problem or None). A required
    empty cell has both: its value (None, yes/no: False) and the problem."""
    bad = cell_problem(raw)
    if bad:
        return ABSENT, bad
    if raw is None:
        return (False if column.kind == "yesno" else None), ("必填项为空" if column.required else None)
    try:
        return parse_cell(column, raw, today), None
    except ValueError as exc:
        return ABSENT, str(exc)


def extra_cell(raw) -> tuple[Any, str | None]:
    """One trimmed cell of an extra column (kept as text): (its text or ABSENT, the problem or None)."""
    bad = cell_problem(raw)
    if bad:
        return ABSENT, bad
    return (V.as_text(raw) if raw is not None else None), None


def parse_record(table: Table, record: dict, today=None) -> tuple[dict, dict, list[tuple[str, str]]]:
    """Typed values of the columns present in the file, extra properties, and (column, message) problems.

    A column absent from the file is absent from the values (the graph keeps what it had); a
    column present with an empty cell is None (yes/no: False). `ChunkParser` gives the same for many
    rows at once.
    """
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column in table.columns:
        if column.name not in record:
            continue
        value, problem = column_cell(column, record[column.name], today)
        if problem:
            problems.append((column.name, problem))
        if value is not ABSENT:
            values[column.name] = value
    extras = {}
    for name, raw in record.items():
        if name.startswith("extra_"):
            value, problem = extra_cell(raw)
            if problem:
                problems.append((name, problem))
            else:
                extras[name] = value
    problems.extend(_row_rules(table, values, record))
    return values, extras, problems


class ChunkParser:
    """`parse_record` of many rows of one source at once, a column at a time: each distinct text of a
    column is trimmed, checked and parsed once (a visit's cadre, household, day and way repeat through
    the file), and the rows' values are put together from the columns. Every row gets exactly what
    `parse_record(table, tf.record(cells), today)` gives it, problems in the same order
    (tests/test_rows_chunks.py holds the two side by side); only the work is shared."""

    CACHE_LIMIT = 50_000  # distinct texts kept per column (then forgotten, and kept again)
    TRIAL_ROWS = 1000  # a chunk this long in which most texts are new: the column is not kept at all

    def __init__(self, table: Table, tf: TableFile, today=None) -> None:
        self.table = table
        last: dict[str, int] = {}  # as `TableFile.record`: a name's first place, its last position's cell
        for position, name in enumerate(tf.fields):
            if name is not None:
                last[name] = position
        present = [c for c in table.columns if c.name in last]
        self.names = [c.name for c in present]
        self.columns = [(last[c.name], _cell_of_column(c, today), {}) for c in present]
        self.extra_names = [n for n in last if n.startswith("extra_")]
        self.extras = [(last[n], extra_cell, {}) for n in self.extra_names]
        self.spans = "start_date" in self.names and "end_date" in self.names
        self.rules = bool(table.row_rules) or self.spans

    def parse(self, rows: list[list]) -> list[tuple[dict, dict, list[tuple[str, str]]]]:
        """(values, extras, problems) of each row's raw cells."""
        count = len(rows)
        value_columns, problem_columns = self._columns(self.columns, rows)
        extra_columns, extra_problems = self._columns(self.extras, rows)
        values = (
            [dict(zip(self.names, cells)) for cells in zip(*value_columns)]
            if self.names
            else [{} for _ in range(count)]
        )
        extras = (
            [dict(zip(self.extra_names, cells)) for cells in zip(*extra_columns)]
            if self.extras
            else [{} for _ in range(count)]
        )
        problems: list[list[tuple[str, str]]] = [[] for _ in range(count)]
        for names, columns, out in (
            (self.names, problem_columns, values),
            (self.extra_names, extra_problems, extras),
        ):
            for name, messages in zip(names, columns):
                if messages.count(None) == count:
                    continue
                for i, message in enumerate(messages):
                    if message is not None:
                        problems[i].append((name, message))
                        if out[i].get(name, None) is ABSENT:
                            del out[i][name]
        if self.rules:
            for row_values, row_problems in zip(values, problems):
                row_problems.extend(_row_rules(self.table, row_values, None))
        return list(zip(values, extras, problems))

    def _columns(self, columns: list, rows: list[list]) -> tuple[list[list], list[list]]:
        """Per column: the value (or ABSENT) and the problem (or None) of each row's cell."""
        values, problems = [], []
        for index, (position, compute, cache) in enumerate(columns):
            cells = [r[position] if position < len(r) else None for r in rows]
            if cache is None:  # a column of (nearly) all different texts: nothing worth keeping
                results = [compute(trim(raw)) for raw in cells]
            else:
                results = list(map(cache.get, cells))
                misses = 0
                if None in results:  # texts not met before (and cells that are not text: not kept)
                    for i, result in enumerate(results):
                        if result is None:
                            raw = cells[i]
                            result = cache.get(raw) if raw.__class__ is str else None  # met in this chunk
                            if result is None:
                                misses += 1
                                result = compute(trim(raw))
                                if raw.__class__ is str:  # 1, 1.0 and True are one key to a dict: texts only
                                    if len(cache) >= self.CACHE_LIMIT:
                                        cache.clear()
                                    cache[raw] = result
                            results[i] = result
                if len(rows) >= self.TRIAL_ROWS and 2 * misses > len(rows):
                    columns[index] = (position, compute, None)  # names, id numbers: stop keeping them
            values.append([r[0] for r in results])
            problems.append([r[1] for r in results])
        return values, problems


def _cell_of_column(column: Column, today):
    return lambda raw: column_cell(column, raw, today)


def _row_rules(table: Table, values: dict, record: dict) -> list[tuple[str, str]]:
    """Rules across the columns of one row: the table's own (its declaration's), then a span's."""
    problems = table.row_rules(values) if table.row_rules else []
    start, end = values.get("start_date"), values.get("end_date")
    if start is not None and end is not None and end < start:
        problems.append(("end_date", f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}"))
    return problems


def row_references(table: Table, values: dict) -> list[tuple[str, str, str]]:
    """(column, reference kind, key) of every reference the row makes."""
    refs = []
    for column in table.columns:
        if column.kind != "reference":
            continue
        key = values.get(column.name)
        if not key:
            continue
        kind = column.reference_kind(values)
        if kind is None:
            continue  # the column choosing what it names is empty or wrong: reported there
        if table.reference_rule:  # what this row's reference names, by its table's declaration
            kind = table.reference_rule(column.name, kind, values)
            if kind is None:
                continue
        refs.append((column.name, kind, key))
    return refs


def key_value(column: Column, raw):
    """The typed value of a key column's trimmed cell (not None), or None when it is not one. The
    common cells take a fast path: a code is its trimmed text, an ISO date stays the text it is."""
    if isinstance(raw, str) and (
        column.kind in ("code", "text", "reference")
        or (column.kind == "date" and len(raw) == 10 and raw[4] == "-" and raw[7] == "-")
    ):
        return raw  # relationship_key writes a date as this same text
    try:
        return parse_cell(column, raw, None)
    except ValueError:
        return None


class KeyParts:
    """What names the relationship of each row of a relationship table whose key is fixed columns
    (visits: who, which household, the day, the way), as `graph.tables.relationship_key` has it,
    for many rows at once: each column's part is computed once per distinct cell text."""

    CACHE_LIMIT = 250_000  # distinct texts kept per column (then forgotten, and kept again)

    def __init__(self, table: Table, tf: TableFile) -> None:
        # (position or None, column, the part of each text met so far)
        self.parts = [(tf.positions.get(n), table.column(n), {}) for n in table.rel_key]
        self.required = [i for i, (_, column, _) in enumerate(self.parts) if column.required]

    def keys(self, rows: list[list]) -> list[tuple | None]:
        """Each row's relationship key, or None when a required part is missing (see
        relationship_key): a column at a time."""
        columns = []
        for position, column, cache in self.parts:
            if position is None:
                cells = [None] * len(rows)
            else:
                cells = [r[position] if position < len(r) else None for r in rows]
            parts = list(map(cache.get, cells, repeat(cache)))
            for i, value in enumerate(parts):
                if value is cache:  # a text not met before this chunk (it may be met earlier in it)
                    cell = cells[i]
                    if cell not in cache:
                        if len(cache) >= self.CACHE_LIMIT:
                            cache.clear()
                        cache[cell] = key_part(column, cell)
                    parts[i] = cache[cell]
            columns.append(parts)
        return complete_keys(self.required, columns)


def complete_keys(required: list[int], parts: list[list]) -> list[tuple | None]:
    """Each row's key from its parts (one list per key column), None where a required part (at the
    positions `required`) is missing: such a row names nothing (see relationship_key)."""
    keys = list(zip(*parts))
    if any(None in parts[i] for i in required):
        return [None if any(k[i] is None for i in required) else k for k in keys]
    return keys


def key_part(column: Column, raw):
    value = trim(raw)
    if value is not None:
        value = key_value(column, value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def key_values(table: Table, tf: TableFile, cells: list) -> dict:
    """The typed values of a row's key columns only (node key, or what names a relationship). The
    common cells take a fast path: a code is its trimmed text, an ISO date stays the text it is."""
    names = (table.key,) if table.key else table.rel_key
    values = {}
    for name in names:
        position = tf.positions.get(name)
        if position is None:
            continue
        raw = trim(cells[position]) if position < len(cells) else None
        if raw is None:
            values[name] = None
            continue
        values[name] = key_value(table.column(name), raw)
    return values
