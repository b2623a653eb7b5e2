"""What a snapshot load found and did, as text for the command line (in Chinese)."""

from __future__ import annotations

import click

from graph.tables import TABLES_BY_NAME
from loaders.snapshot import HOUSEHOLDS, SnapshotPlan

SHOWN_ROWS = 20  # rows listed per kind of change; the rest are counted (`bangfu changes` lists all)


def row_text(table: str, row: tuple | list) -> str:
    """One row's key columns in words (its table's phrase, with codes for names):
    `P00017 帮扶 4199021012040011（自 2022-11-14）`."""
    since = f"（自 {row[-1]}）" if len(row) > 1 and row[-1] else ""
    return TABLES_BY_NAME[table].snapshot.phrase(list(row), _code) + since


def _code(label: str, key: str) -> str:
    return key


def _rows(title: str, table: str, rows: list) -> None:
    if not rows:
        return
    click.echo(f"    {title}：")
    for row in rows[:SHOWN_ROWS]:
        click.echo(f"      {row_text(table, row)}")
    if len(rows) > SHOWN_ROWS:
        click.echo(f"      ……另有 {len(rows) - SHOWN_ROWS} 行")


def print_snapshot(plan: SnapshotPlan, *, dry_run: bool) -> None:
    will = "将" if dry_run else ""
    previous = f"；上一次快照截至 {plan.previous}" if plan.previous else "；这是该范围的第一次快照"
    click.echo(f"快照：{plan.scope_name}（{plan.scope}）截至 {plan.date}{previous}。")
    for table, diff in plan.tables.items():
        zh = TABLES_BY_NAME[table].zh
        click.echo(
            f"  {zh}（{table}）：范围内在岗 {diff.active_before} 行；{will}新开始 {len(diff.started)}、"
            f"{will}结束 {len(diff.ended)}（快照中缺少，结束日期 {plan.day_before}）"
            + (f"、花名册标明已结束 {len(diff.closed)}" if diff.closed else "")
        )
        if not diff.baseline:
            _rows("新开始", table, diff.started)
        _rows("结束", table, diff.ended)
        _rows("花名册标明已结束", table, diff.closed)
    if plan.households_stated:
        click.echo(
            f"  帮扶对象（{HOUSEHOLDS}）：范围内在册 {plan.households_before} 户；"
            f"{will}新增 {len(plan.households_added)}、{will}移出 {len(plan.households_removed)}"
            f"（自 {plan.date} 起不在名册）"
        )
        if plan.households_before:
            _rows("新增", HOUSEHOLDS, [[h] for h in plan.households_added])
        _rows("移出", HOUSEHOLDS, [[h] for h in plan.households_removed])
    if plan.mass_end_allowed:
        click.secho(
            "注意：本次快照结束的记录超过 snapshot_max_end_share，已按 --allow-mass-end 导入"
            "（导入批次中有记录）。",
            fg="yellow",
            err=True,
        )
