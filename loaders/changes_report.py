"""What snapshots changed as a text report and an Excel sheet (`bangfu changes`, the 变动 page)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from graph.roster.households import HOUSEHOLDS
from graph.spreadsheet import sheet_table, sheet_title
from loaders.changes_words import KIND_WORDS, change_lines, describe_property, describe_row, table_name


def changes_text(items: list[dict]) -> str:
    if not items:
        return "所选期间没有快照导入。"
    out = []
    for item in items:
        out.append(
            f"快照 {item['snapshot']} · {item['scope_name'] or ''}（{item['scope']}）"
            f" · 导入批次 {item['load_id']} · 导入人 {item['user']}"
            + ("" if item["complete"] else " · 未完成（请再次导入同一快照）")
        )
        groups = change_lines(item)
        for table in item["unlisted_started"]:
            count = item["counts"][table]["started"]
            out.append(f"  {table_name(table)} 开始 {count} 行（该范围第一次快照，逐条不列出）")
        if not groups and not item["unlisted_started"]:
            out.append("  无变化（与图谱中已有的数据相同）")
        for kind, table, phrases in groups:
            out.append(f"  {table} {kind} {len(phrases)}：")
            out += [f"    {p}" for p in phrases]
        out.append("")
    return "\n".join(out).rstrip()


HEADERS = ["快照日期", "范围", "导入批次", "变动", "表", "内容", "属性", "原值", "新值"]


def changes_rows(items: list[dict]) -> list[list]:
    rows = []
    for item in items:
        head = [item["snapshot"], f"{item['scope_name'] or ''}（{item['scope']}）", item["load_id"]]
        names = item["names"]
        for kind in ("ended", "started"):
            for table, table_rows in item[kind].items():
                rows += [
                    head + [KIND_WORDS[kind], table_name(table), describe_row(table, r, names), "", "", ""]
                    for r in table_rows
                ]
        for kind, key in (("removed", "households_removed"), ("added", "households_added")):
            rows += [
                head
                + [
                    KIND_WORDS[kind],
                    HOUSEHOLDS.zh,
                    describe_row(HOUSEHOLDS.name, [h], names),
                    "",
                    "",
                    "",
                ]
                for h in item[key]
            ]
        for change in item["properties"]:
            entity, prop, old, new = describe_property(change, names)
            rows.append(head + [KIND_WORDS["property"], "", entity, prop, old, new])
    return rows


def changes_xlsx(
    items: list[dict], path: str | Path, *, since=None, until=None, region_name: str | None = None
) -> Path:
    """The changes as one sheet; its title names the dates and the region asked for."""
    filters = [f"快照日期 {since or '最早'} 至 {until or '最近'}"] if since or until else []
    if region_name:
        filters.append(f"区划 {region_name}")
    wb = Workbook()
    ws = wb.active
    ws.title = "变动"
    sheet_table(
        ws,
        sheet_title(
            "快照变动（结对帮扶、责任分工、任职的开始与结束，帮扶对象的新增与移出，属性变更）",
            as_of=until or max((i["snapshot"] for i in items), default=None),
            filters=filters,
        ),
        HEADERS,
        changes_rows(items),
    )
    path = Path(path)
    wb.save(path)
    return path
