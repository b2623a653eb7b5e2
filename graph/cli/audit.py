"""`bangfu audit verify`: walk the audit log's hash chain (graph/audit_chain.py) and say whether it is
intact; exit 1 at the first entry that was changed, removed or inserted, or when the tail was cut."""

from __future__ import annotations

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
