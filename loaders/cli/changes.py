"""`bangfu changes`: what each snapshot started, ended, removed and added, and the properties it changed.

Exit codes: 0 listed (also when nothing changed), 2 bad usage (bad date, unknown region).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.changes import snapshot_changes
from graph.cli.options import date_option
from graph.context import pass_app
from graph.rules import check_region
from loaders.changes_report import changes_text, changes_xlsx


@click.command("changes")
@date_option("--since", help_text="从该快照日期起（含）")
@date_option("--until", help_text="到该快照日期止（含）")
@click.option("--region", default=None, metavar="CODE", help="只看该区划（县区/乡镇/村代码）内的变动")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "xlsx"]),
    default="table",
    show_default=True,
    help="输出格式：table 表格、json、xlsx 电子表格",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="输出文件")
@pass_app
def changes_command(app, since, until, region, fmt, output) -> None:
    """快照变动：每次快照导入开始和结束了哪些结对帮扶、责任分工、任职，新增和移出了哪些户，改了哪些属性。"""
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} 晚于 --until {until}", param_hint="--since")
    items = snapshot_changes(app.graph, since, until, region)
    if fmt == "xlsx":
        found = check_region(app.graph, region)
        name = found["name"] if found else None
        path = changes_xlsx(items, output or "快照变动.xlsx", since=since, until=until, region_name=name)
        click.echo(f"已写入 {path}（{len(items)} 次快照）", err=True)
        return
    text = json.dumps(items, ensure_ascii=False, indent=1) if fmt == "json" else changes_text(items)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"已写入 {output}", err=True)
    else:
        click.echo(text)
