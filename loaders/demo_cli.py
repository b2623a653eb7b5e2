"""`bangfu demo generate OUT --households N`: write a fictional county roster with planted gaps."""
from __future__ import annotations

import datetime as dt

import click

from loaders.demo import RULES, TABLES, generate

_RULE_NAMES = {
    "first_secretary": "重点村无第一书记", "first_secretary_party_member": "第一书记非中共党员",
    "work_team": "工作队不健全", "responsibility_group": "责任组缺合格组长", "village_contact": "无包村干部",
    "leader_point": "软弱涣散村无县处级挂点领导", "party_liaison": "非重点村无党建联系人",
    "branch_secretary": "村党组织书记空缺", "contracting_unit": "贫困村无包村单位",
    "help_pair": "户无帮扶责任人", "cadre_load": "帮扶户数超上限", "expiring": "任期将满无接续",
}


@click.group("demo")
def demo_group() -> None:
    """演示数据：生成虚构县区的花名册（含有意埋设的缺口）。"""


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期格式应为 YYYY-MM-DD：{value}") from None


@demo_group.command("generate")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--households", "-n", type=click.IntRange(1, 9_000_000), required=True, help="帮扶对象户数")
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子（同一种子生成相同文件）")
@click.option("--gap-share", type=click.FloatRange(0.0, 1.0), default=0.05, show_default=True,
              help="埋设缺口的比例（每条规则至少埋设一处）")
@click.option("--as-of", callback=_date, default=None, help="缺口对应的检查日期（默认今天）")
def generate_command(out, households, seed, gap_share, as_of) -> None:
    """在 OUT 文件夹写出一套虚构花名册（UTF-8 CSV，中文表头，每表一个文件）。"""
    res = generate(out, households, seed=seed, gap_share=gap_share, as_of=as_of)
    click.echo(f"已生成 {res.counties} 个县区、{res.townships} 个乡镇、{res.villages} 个村，"
               f"{res.households} 户（种子 {res.seed}，检查日期 {res.as_of.isoformat()}）：{res.out_dir}")
    click.echo("  " + "，".join(f"{t} {res.rows[t]}" for t in TABLES))
    click.echo("  埋设缺口：" + "，".join(f"{_RULE_NAMES[r]} {res.planted.get(r, 0)}" for r in RULES))
    cpu_rate = res.households / res.cpu_seconds if res.cpu_seconds > 0 else float("inf")
    click.echo(f"  用时 {res.seconds:.1f} 秒，每秒 {res.rate:,.0f} 户"
               f"（CPU {res.cpu_seconds:.1f} 秒，每 CPU 秒 {cpu_rate:,.0f} 户）")
