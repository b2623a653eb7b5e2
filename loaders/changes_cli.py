"""`bangfu changes`: what each snapshot started, ended, removed and added, and the properties it changed.

Exit codes: 0 listed (also when nothing changed), 2 bad usage (bad date, unknown region).
"""
from __future__ import annotations

import json
from pathlib import Path

import click
from openpyxl import Workbook

from bangfu.context import pass_app
from graph.changes import snapshot_changes
from graph.rules_export import sheet_table
from loaders.changes_words import KIND_WORDS, change_lines, describe_property, describe_row, table_name
from loaders.values import parse_date


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def changes_text(items: list[dict]) -> str:
    if not items:
        return "所选期间没有快照导入。"
    out = []
    for item in items:
        out.append(f"快照 {item['snapshot']} · {item['scope_name'] or ''}（{item['scope']}）"
                   f" · 导入批次 {item['load_id']} · 导入人 {item['user']}"
                   + ("" if item["complete"] else " · 未完成（请再次导入同一快照）"))
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
                rows += [head + [KIND_WORDS[kind], table_name(table), describe_row(table, r, names), "", "", ""]
                         for r in table_rows]
        for kind, key in (("removed", "households_removed"), ("added", "households_added")):
            rows += [head + [KIND_WORDS[kind], table_name("households"), describe_row("households", [h], names),
                             "", "", ""] for h in item[key]]
        for change in item["properties"]:
            entity, prop, old, new = describe_property(change, names)
            rows.append(head + [KIND_WORDS["property"], "", entity, prop, old, new])
    return rows


def changes_xlsx(items: list[dict], path: str | Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "变动"
    sheet_table(ws, "快照变动（结对帮扶、责任分工、任职的开始与结束，帮扶对象的新增与移出，属性变更）",
                HEADERS, changes_rows(items))
    path = Path(path)
    wb.save(path)
    return path


@click.command("changes")
@click.option("--since", callback=_date, default=None, metavar="DATE", help="从该快照日期起（含）")
@click.option("--until", callback=_date, default=None, metavar="DATE", help="到该快照日期止（含）")
@click.option("--region", default=None, metavar="CODE", help="只看该区划（县区/乡镇/村代码）内的变动")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xlsx"]), default="table",
              show_default=True, help="输出格式：table 表格、json、xlsx 电子表格")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="输出文件")
@pass_app
def changes_command(app, since, until, region, fmt, output) -> None:
    """快照变动：每次快照导入开始和结束了哪些结对帮扶、责任分工、任职，新增和移出了哪些户，改了哪些属性。"""
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} 晚于 --until {until}", param_hint="--since")
    items = snapshot_changes(app.graph, since, until, region)
    if fmt == "xlsx":
        path = changes_xlsx(items, output or "快照变动.xlsx")
        click.echo(f"已写入 {path}（{len(items)} 次快照）", err=True)
        return
    text = json.dumps(items, ensure_ascii=False, indent=1) if fmt == "json" else changes_text(items)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"已写入 {output}", err=True)
    else:
        click.echo(text)
