"""`bangfu export …`: network pictures and the roster backup (`export roster`) written to files.

bangfu export graph --region 419902101000 --format html --output 孙红乡.html
bangfu export graph --node P00001 --depth 2 --format png --output 赖超.png
bangfu export graph --query household_chain --param household=4199021012010001 --format svg -o 户.svg
"""

from __future__ import annotations

from pathlib import Path

import click

from graph import clock, pii
from graph.cli.options import date_option
from graph.context import pass_app
from graph.errors import BangfuError
from graph.export import FORMATS, export_subgraph
from graph.export.select import MAX_DEPTH, from_query_result, neighbourhood, region_network

SUFFIXES = {"html": ".html", "graphml": ".graphml", "gexf": ".gexf", "png": ".png", "svg": ".svg"}


@click.group("export")
def export_group() -> None:
    """导出：关系网络图（HTML、GraphML、GEXF、PNG、SVG）等。"""


@export_group.command("graph")
@click.option("--query", "query_name", metavar="查询名", help="保存的查询（结果中的节点与关系）")
@click.option(
    "--param", "-p", "params", multiple=True, metavar="名称=值", help="查询参数（可重复，配合 --query）"
)
@click.option(
    "--node",
    "node_key",
    metavar="主键",
    help="某个节点的邻域：区划代码、组织代码、人员编号、户编号或企业编号",
)
@click.option(
    "--depth", type=click.IntRange(1, MAX_DEPTH), default=1, show_default=True, help="邻域深度（配合 --node）"
)
@click.option(
    "--region",
    "region_code",
    metavar="区划代码",
    help="某区划的责任网络（其下各村的责任人、单位、党组织与结对帮扶）",
)
@date_option("--as-of", "as_of", help_text="责任网络的截至日期（默认今天，配合 --region）")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(FORMATS), default=None, help="格式（默认按输出文件的扩展名）"
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help="输出文件"
)
@click.option("--unmasked", is_flag=True, help="不遮盖身份证号与电话（仅在确有需要时使用）")
@click.option(
    "--dpi",
    type=click.IntRange(72, 600),
    default=None,
    help="PNG 的分辨率（每英寸点数，默认 220，适合打印）",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(10, None),
    default=None,
    help="超过这么多节点时汇总显示（默认取设置 export_max_nodes）",
)
@pass_app
def graph_command(
    app, query_name, params, node_key, depth, region_code, as_of, fmt, output, unmasked, dpi, max_nodes
) -> None:
    """把一个子图导出为可离线打开的关系网络图。三选一：--query、--node、--region。"""
    chosen = [
        name
        for name, value in (("--query", query_name), ("--node", node_key), ("--region", region_code))
        if value
    ]
    if len(chosen) != 1:
        raise click.UsageError("请在 --query、--node、--region 中选择且只选择一个。")
    if params and not query_name:
        raise click.UsageError("--param 只能与 --query 一起使用。")
    if fmt is None:
        fmt = next((f for f, s in SUFFIXES.items() if output.suffix.lower() == s), None)
        if fmt is None:
            raise click.UsageError(
                f"无法从文件名 {output.name} 判断格式，请用 --format 指定（{'/'.join(FORMATS)}）。"
            )
    if query_name:
        from graph.cli.queries import parse_param_options
        from graph.queries import QueryRunner

        result = QueryRunner(app.graph, app.settings).run(
            query_name, parse_param_options(params), unmasked=unmasked
        )
        sub = from_query_result(result)
        if not sub.nodes:
            raise BangfuError(
                f"查询 {query_name} 的结果里没有节点或关系，画不成关系图（可用 bangfu query run 看表格）。"
            )
    elif node_key:
        sub = neighbourhood(app.graph, node_key, depth)
    else:
        day = None
        day = as_of or clock.today()
        sub = region_network(app.graph, region_code, as_of=day)
    limit = max_nodes or app.settings.export_max_nodes
    report = export_subgraph(
        sub,
        fmt,
        output,
        max_nodes=limit,
        unmasked=unmasked,
        ring=pii.keyring(app.settings) if unmasked else None,
        as_of=as_of or clock.today(),
        dpi=dpi,
    )
    click.echo(
        f"已导出 {report.path}（{fmt.upper()}，{report.nodes} 个节点，{report.relationships} 条关系，"
        f"{report.bytes / 1024:.0f} KB）"
    )
    for note in report.notes:
        click.echo(f"注意：{note}")
    if unmasked:
        click.secho("提醒：文件中含未遮盖的身份证号与电话，请妥善保管。", fg="yellow", err=True)


@export_group.command("roster")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(("csv", "xlsx")),
    default="csv",
    show_default=True,
    help="csv：OUT 为文件夹，每表一个 CSV（UTF-8 带 BOM）；xlsx：OUT 为一个工作簿，每表一个工作表",
)
@click.option("--overwrite", is_flag=True, help="覆盖 OUT 中已有的同名文件")
@pass_app
def roster_command(app, out: Path, fmt: str, overwrite: bool) -> None:
    """把整个图谱按花名册格式导出（备份）：可用 bangfu load 导入空图谱，得到相同的图谱。

    \b
    仅供管理员使用：导出文件含未遮盖的身份证号与联系电话（这是备份），请加密保管；
    每次导出都记入审计日志（谁、何时、在哪台机器、导出到哪里）。
    用户账号、审计日志与导入记录不属于花名册，不在导出之列（整库备份请用 bangfu db backup）。
    """
    import getpass
    import socket

    from graph import audit
    from graph.roster_export import export_roster

    graph = app.graph
    report = export_roster(graph, out, fmt, overwrite=overwrite, ring=pii.keyring(app.settings))
    audit.record(
        graph,
        getpass.getuser(),
        "export_unmasked",
        {
            "导出": "花名册备份（bangfu export roster）",
            "格式": fmt,
            "位置": str(report.path.resolve()),
            "行数": report.rows,
        },
        remote_addr=f"命令行@{socket.gethostname()}",
    )
    click.echo(f"已导出 {report.path}（{fmt.upper()}，{len(report.rows)} 个表，共 {report.total_rows} 行）：")
    for table, count in report.rows.items():
        click.echo(f"  {table}：{count} 行")
    click.secho(
        "提醒：文件中含未遮盖的身份证号与电话，请妥善保管；本次导出已记入审计日志。", fg="yellow", err=True
    )
