"""`bangfu audit verify` and `anchor`: walk the audit log's hash chain (graph/audit_chain.py) and say
whether it is intact (exit 1 at the first entry changed, removed or inserted, or a cut tail); and write
the chain's head outside the database (what `bangfu db backup` does by itself)."""

from __future__ import annotations

from pathlib import Path

import click

from graph import audit_chain
from graph.context import pass_app


@click.group("audit")
def audit_group() -> None:
    """审计日志：校验是否被篡改。"""


@audit_group.command("verify")
@pass_app
def verify_command(app) -> None:
    """逐条校验审计日志的哈希链，并与每次备份时记在数据库之外的链头比对。

    \b
    完好时退出码为 0；发现第一条被改动、删除或插入的记录，或日志末尾被截断时，说明是哪一条，退出码为 1。
    """
    verdict = audit_chain.verify(app.graph, app.settings.home)
    anchors = len(audit_chain.read_anchors(app.settings.home))
    if verdict.ok:
        click.echo(
            f"审计日志完好：共 {verdict.entries} 条记录，哈希链连续，与 {anchors} 个备份时的链头一致。"
        )
        return
    click.secho(f"审计日志已被篡改：{verdict.problem}", fg="red", err=True)
    raise SystemExit(1)


@audit_group.command("anchor")
@click.option(
    "--backup",
    "backup_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="同时写到该备份文件旁（文件.audit）",
)
@pass_app
def anchor_command(app, backup_file: Path | None) -> None:
    """把审计日志当前的链头记到数据库之外（bangfu db backup 会自动记；定时备份先停库时用本命令）。"""
    head = audit_chain.head(app.graph)
    if head is None:
        click.echo("审计日志还没有记录，无需记下链头。")
        return
    audit_chain.write_anchor(app.settings.home, head, backup=backup_file)
    click.echo(f"已记下审计日志链头（第 {head['seq']} 条）：{audit_chain.anchors_file(app.settings.home)}")
