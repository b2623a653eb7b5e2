"""`bangfu demo generate OUT --households N`: write a fictional county roster with planted gaps."""

from __future__ import annotations

import datetime as dt

import click

from graph.cli.options import date_option
from graph.context import pass_app
from graph.rules import RULES_BY_ID
from loaders.demo import RULES, TABLES, generate


@click.group("demo")
def demo_group() -> None:
    """演示数据：生成虚构县区的花名册（含有意埋设的缺口）。"""


@demo_group.command("generate")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--households", "-n", type=click.IntRange(1, 9_000_000), required=True, help="帮扶对象户数")
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子（同一种子生成相同文件）")
@click.option(
    "--gap-share",
    type=click.FloatRange(0.0, 1.0),
    default=0.05,
    show_default=True,
    help="埋设缺口的比例（每条规则至少埋设一处）",
)
@date_option("--as-of", help_text="缺口对应的检查日期（默认今天）")
@click.option(
    "--counties",
    type=click.IntRange(1, 999),
    default=None,
    help="县区个数（默认每县 8–20 个乡镇，户数多时为多个县区）",
)
@click.option(
    "--months",
    type=click.IntRange(1, 120),
    default=None,
    help="生成连续 N 个月的月末快照（OUT/日期/ 各一套完整花名册，含人员调动、户的增减等变化）；"
    "最后一个月为检查日期当月或之前的月末",
)
def generate_command(out, households, seed, gap_share, as_of, counties, months) -> None:
    """在 OUT 文件夹写出一套虚构花名册（UTF-8 CSV，中文表头，每表一个文件）。"""
    if months:
        _generate_months(out, households, months, seed, gap_share, as_of, counties)
        return
    res = generate(out, households, seed=seed, gap_share=gap_share, as_of=as_of, counties=counties)
    _print_result(res)


def _generate_months(out, households, months, seed, gap_share, as_of, counties) -> None:
    from loaders.demo_months import generate_months

    res = generate_months(
        out, households, months, seed=seed, gap_share=gap_share, as_of=as_of, counties=counties
    )
    click.echo(f"第一个月（{res.dates[0]}）：")
    _print_result(res.first)
    for date, folder, changed in zip(res.dates[1:], res.folders[1:], res.changed):
        click.echo(
            f"{date}：{folder}  "
            + "，".join(f"{_CHANGE_NAMES[k]} {v}" for k, v in changed.items() if v and k in _CHANGE_NAMES)
        )
    click.echo(f"按日期顺序快照导入：bangfu demo load {out}")


_CHANGE_NAMES = {
    "households_left": "户移出",
    "households_joined": "户新增",
    "help_pairs_of_leavers": "移出户的结对",
    "exited_poverty": "脱贫",
    "monitored_again": "返为监测对象",
    "cadres_transferred": "帮扶干部调离",
    "help_pairs_of_transferred": "调离干部的结对",
    "help_pairs_started": "新结对",
    "first_secretaries_recalled": "第一书记召回",
    "leaders_replaced": "第一书记/队长轮换",
    "village_contacts_replaced": "包村干部调整",
    "branch_secretaries_resigned": "村党组织书记辞职",
    "branch_secretaries_replaced": "村党组织书记调整",
}


def _print_result(res) -> None:
    click.echo(
        f"已生成 {res.counties} 个县区、{res.townships} 个乡镇、{res.villages} 个村，"
        f"{res.households} 户（种子 {res.seed}，检查日期 {res.as_of.isoformat()}）：{res.out_dir}"
    )
    click.echo("  " + "，".join(f"{t} {res.rows[t]}" for t in TABLES))
    click.echo("  埋设缺口：" + "，".join(f"{RULES_BY_ID[r].title} {res.planted.get(r, 0)}" for r in RULES))
    cpu_rate = res.households / res.cpu_seconds if res.cpu_seconds > 0 else float("inf")
    click.echo(
        f"  用时 {res.seconds:.1f} 秒，每秒 {res.rate:,.0f} 户"
        f"（CPU {res.cpu_seconds:.1f} 秒，每 CPU 秒 {cpu_rate:,.0f} 户）"
    )


@demo_group.command("load")
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@pass_app
def load_months_command(app, out) -> None:
    """按日期顺序把 OUT 中的月末快照（OUT/日期/）快照导入图谱；已导入的月份跳过（可重复运行）。"""
    from pathlib import Path

    import cypher
    from loaders.api import load_roster
    from loaders.cli.load import print_report
    from loaders.snapshot import SnapshotRequest

    folders = sorted(p for p in Path(out).iterdir() if p.is_dir() and _is_date(p.name))
    if not folders:
        raise click.UsageError(
            f"{out} 中没有以日期命名的快照文件夹（如 2026-11-30/）；"
            "请用 bangfu demo generate OUT --months N 生成。"
        )
    latest = app.graph.read(cypher.load("snapshot/latest_date"))[0]["latest"]
    latest = latest.to_native() if latest is not None else None
    for folder in folders:
        date = dt.date.fromisoformat(folder.name)
        if latest is not None and date <= latest:
            click.echo(f"{date}：已导入（图谱中最新的快照截至 {latest}），跳过。")
            continue
        click.echo(f"== 快照 {date}：{folder}")
        report = load_roster(
            app.graph,
            [folder],
            user=None,
            progress=False,
            batch_size=app.settings.load_batch_size,
            writers=app.settings.load_writers,
            rejects_root=app.settings.home / "rejects",
            snapshot=SnapshotRequest(date),
            settings=app.settings,
        )
        print_report(report)
        if report.exit_code:
            raise SystemExit(report.exit_code)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False
