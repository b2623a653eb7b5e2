"""`bangfu load`: the command staff run on their rosters (messages in Chinese).

Exit codes: 0 loaded (with --skip-invalid: the valid rows loaded), 1 problems found (nothing
written), 2 usage. Problems go to stderr as `FILE:ROW:COLUMN: message`, the summary to stdout.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.options import DATE
from graph.context import AppContext, pass_app
from loaders.api import LoadReport, load_roster
from loaders.snapshot import SnapshotRequest
from loaders.snapshot_report import print_snapshot

MAX_SHOWN = 1000  # problems printed; the rest are counted (all of them are in the rejects summary)


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="导入有效的行；无效的行原样写入拒绝文件并注明原因")
@click.option("--dry-run", is_flag=True, help="只校验，不写入图谱")
@click.option(
    "--rejects-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="拒绝文件目录（默认 <home>/rejects/<导入批次>）",
)
@click.option("--progress/--no-progress", default=None, help="显示进度条（默认：终端中显示）")
@click.option(
    "--snapshot",
    "snapshot_date",
    type=DATE,
    default=None,
    metavar="DATE",
    help="快照导入：花名册是截至该日期范围内的全部数据；结对帮扶、责任分工、任职中缺少的行"
    "在前一天结束，缺少的户移出名册（不删除任何数据）",
)
@click.option(
    "--scope",
    default=None,
    metavar="CODE",
    help="快照范围（区划代码，默认花名册中唯一的县区）；如一个乡镇的快照",
)
@click.option(
    "--allow-mass-end", is_flag=True, help="允许快照结束超过 snapshot_max_end_share（默认 20%）的在岗记录"
)
@pass_app
def load_command(
    app: AppContext,
    paths: tuple[Path, ...],
    skip_invalid: bool,
    dry_run: bool,
    rejects_dir: Path | None,
    progress: bool | None,
    snapshot_date,
    scope: str | None,
    allow_mass_end: bool,
) -> None:
    """把花名册（CSV/Excel 文件夹或工作簿）导入图谱；--snapshot 按月快照导入。"""
    if snapshot_date is None and (scope or allow_mass_end):
        raise click.UsageError("--scope 和 --allow-mass-end 只用于快照导入（--snapshot 日期）。")
    snapshot = SnapshotRequest(snapshot_date, scope, allow_mass_end) if snapshot_date else None
    report = load_roster(  # a RosterError (unreadable roster) is a BangfuError: printed by bangfu.cli
        app.graph,
        paths,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        batch_size=app.settings.load_batch_size,
        writers=app.settings.load_writers,
        rejects_dir=rejects_dir,
        rejects_root=app.settings.home / "rejects",
        progress=progress,
        snapshot=snapshot,
        settings=app.settings,
    )
    print_report(report)
    if report.exit_code:
        raise SystemExit(report.exit_code)


def print_report(report: LoadReport) -> None:
    v = report.validation
    for notice in v.notices:
        click.echo(f"提示：{notice}", err=True)
    shown = v.errors + (v.cascaded if report.skip_invalid else [])
    for problem in shown[:MAX_SHOWN]:
        click.echo(problem.render(), err=True)
    if len(shown) > MAX_SHOWN:
        click.echo(f"……另有 {len(shown) - MAX_SHOWN} 个问题未显示。", err=True)

    rows = report.rows_by_table()
    rejected = report.rejected_by_table()
    click.echo(f"花名册：{len(rows)} 个表，共 {sum(rows.values())} 行。")
    if report.snapshot is not None:
        print_snapshot(report.snapshot, dry_run=report.dry_run or not report.written)
        if report.refused:
            click.secho(report.refused, fg="red", err=True)
            return
    if v.errors:
        click.echo(
            f"发现 {len(v.errors)} 个问题"
            + (
                f"，另有 {len(v.cascaded)} 行因引用被拒绝的行而拒绝"
                if report.skip_invalid and v.cascaded
                else ""
            )
            + "。"
        )
    if report.dry_run:
        click.echo(
            "试运行（--dry-run）：未写入图谱。"
            + (f"导入时将拒绝 {v.rejected_rows} 行。" if report.skip_invalid and v.rejected_rows else "")
        )
        return
    if not report.written:
        click.secho(
            "有错误，未写入任何数据。请改正后重新导入，或使用 --skip-invalid 只导入有效的行。",
            fg="red",
            err=True,
        )
        return
    c = report.changes
    click.echo(f"导入批次：{report.load_id}")
    unchanged = report.unchanged_by_table()
    for table, count in rows.items():
        extra = f"（拒绝 {rejected[table]} 行）" if table in rejected else ""
        same = f"，与图谱相同未重写 {unchanged[table]} 行" if unchanged.get(table) else ""
        click.echo(f"  {table}：导入 {c.rows_written.get(table, 0)} 行{same}{extra}")
    labels = sorted(set(c.nodes_created) | set(c.nodes_updated))
    if labels:
        click.echo(
            "节点："
            + "；".join(
                f"{label} 新建 {c.nodes_created.get(label, 0)}、更新 {c.nodes_updated.get(label, 0)}"
                for label in labels
            )
        )
    types = sorted(set(c.rels_created) | set(c.rels_updated) | set(c.rels_deleted))
    if types:
        click.echo(
            "关系："
            + "；".join(
                f"{t} 新建 {c.rels_created.get(t, 0)}、更新 {c.rels_updated.get(t, 0)}"
                + (f"、删除 {c.rels_deleted[t]}" if c.rels_deleted.get(t) else "")
                for t in types
            )
        )
    if (
        not any(c.nodes_created.values())
        and not any(c.nodes_updated.values())
        and not any(c.rels_created.values())
        and not any(c.rels_updated.values())
        and not any(c.rels_deleted.values())
        and not any(c.snapshot_ended.values())
    ):
        click.echo("图谱已是最新：本次导入没有改变任何数据。")
    if c.unmatched:
        click.secho(
            f"警告：{sum(c.unmatched.values())} 行在写入时找不到引用的节点而未写入"
            f"（{dict(c.unmatched)}），可能有其他人同时修改了图谱；请重新导入。",
            fg="yellow",
            err=True,
        )
    if report.recorded is not None:
        r = report.recorded
        click.echo(
            f"已记录检查（截至 {r.as_of}）：问题 {r.seen} 个，新发现 {r.created}，销号 {r.closed}"
            + (f"，反弹 {r.reopened}" if r.reopened else "")
            + "；见 bangfu ledger list。"
        )
    if report.record_error:
        click.secho(report.record_error, fg="yellow", err=True)
    if report.rejects_dir:
        click.echo(
            f"被拒绝的行已原样保存到 {report.rejects_dir}"
            "（每表一个 .rejects.csv，原因见“错误原因”列和 summary.txt）。"
        )
