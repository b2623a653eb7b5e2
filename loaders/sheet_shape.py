"""Is the file well-formed as a sheet? The header (required columns, repeated or damaged names,
formulas and merged cells in it), formula and merged cells in the data, values beyond the header's
last column, and a last row cut short.

Why apart from `validate`: these depend on one file alone, never on the values' meaning, keys or
references, which `validate.Validator` checks across the roster's tables.
"""

from __future__ import annotations

from loaders.problems import Problem
from loaders.reading import TableFile, column_letters, is_blank
from loaders.rows import cell_problem


def _range(r0: int, c0: int, r1: int, c1: int) -> str:
    return f"{column_letters(c0)}{r0}:{column_letters(c1)}{r1}"


def _formula_message(formula: str) -> str:
    shown = formula if len(formula) <= 40 else formula[:40] + "…"
    return (
        f"单元格含公式（{shown}）：花名册只接受值，公式不会被计算或保存；"
        "请在 Excel 中复制这些单元格，“选择性粘贴 → 数值”后再导入"
    )


def header_problems(tf: TableFile) -> list[Problem]:
    """What is wrong with the header row: every row of the file is rejected with these."""
    display = tf.source.display
    problems = [
        Problem(display, tf.header_row, c.zh, f"缺少必填列“{c.zh}”（{c.name}）") for c in tf.missing_required
    ]
    problems += [
        Problem(display, tf.header_row, header, "列名重复：此列与前面的列对应同一字段，无法确定用哪一列")
        for _, header in tf.duplicate_headers
    ]
    for position, raw in enumerate(tf.headers):
        bad = cell_problem(raw)
        if bad:
            problems.append(Problem(display, tf.header_row, tf.header_at(position)[:40], f"列名{bad}"))
    for position, formula in tf.marks.formulas.get(tf.header_row, []):
        problems.append(Problem(display, tf.header_row, tf.header_at(position), _formula_message(formula)))
    for r0, c0, r1, c1 in tf.marks.merged:
        if r0 <= tf.header_row <= r1 and (r0 < r1 or c0 < c1):
            problems.append(
                Problem(
                    display,
                    tf.header_row,
                    tf.header_at(c0),
                    f"表头含合并单元格 {_range(r0, c0, r1, c1)}：表头应只占一行，每列一个列名；请取消合并"
                    "（多行表头请合并成一行）",
                )
            )
    return problems


def cell_mark_problems(tf: TableFile) -> dict[int, list[Problem]]:
    """Row → problems of an .xlsx sheet's formula cells and merged data cells (the value of a merged
    range sits in its first cell only: every other row it covers would read empty)."""
    display = tf.source.display
    out: dict[int, list[Problem]] = {}
    for row, cells in tf.marks.formulas.items():
        if row > tf.header_row:
            for position, formula in cells:
                out.setdefault(row, []).append(
                    Problem(display, row, tf.header_at(position), _formula_message(formula))
                )
    for r0, c0, r1, c1 in tf.marks.merged:
        if r1 <= tf.header_row:
            continue
        first = r0 if c1 > c0 else r0 + 1
        for row in range(max(first, tf.header_row + 1), r1 + 1):
            out.setdefault(row, []).append(
                Problem(
                    display,
                    row,
                    tf.header_at(c0),
                    f"单元格属于合并单元格 {_range(r0, c0, r1, c1)}，合并后只有左上角的单元格有值；"
                    "请取消合并并在每一行填上值",
                )
            )
    return out


def overflow_problems(tf: TableFile, row: int, cells: list) -> list[Problem]:
    """A value beyond the header's last column belongs to no column: the row is shifted (a comma in
    an unquoted cell) or the file is damaged; it is neither loaded nor silently dropped."""
    width = len(tf.headers)
    for position in range(width, len(cells)):
        if not is_blank([cells[position]]):
            return [
                Problem(
                    tf.source.display,
                    row,
                    tf.header_at(position),
                    f"本行第 {position + 1} 列有值，但表头只有 {width} 列：多出的值不属于任何列"
                    "（单元格中的逗号是否漏了引号？）",
                )
            ]
    return []


def cut_reason(tf: TableFile, cells: list) -> str | None:
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
