"""`bangfu db …`: install, start, stop and inspect the local Neo4j; create the schema anywhere."""
from __future__ import annotations

import click

from bangfu.context import pass_app
from graph import server
from graph.errors import BangfuError
from graph.schema import init_schema, schema_version


@click.group("db")
def db_group() -> None:
    """管理数据库：本地 Neo4j 的安装、启动、停止、状态，以及建立索引约束。"""


@db_group.command("install")
@pass_app
def install_command(app) -> None:
    """用 Maven 从 Maven Central 获取 Neo4j 社区版（已安装则跳过）。"""
    neo = app.settings.neo4j
    was = server.is_installed(neo)
    dist = server.install(neo, quiet=False)
    click.echo(f"Neo4j {neo.version} {'已安装' if was else '安装完成'}：{dist}")


@db_group.command("start")
@pass_app
def start_command(app) -> None:
    """启动本地 Neo4j（仅监听 127.0.0.1，开启认证）。"""
    neo = app.settings.neo4j
    result = server.start(neo)
    click.echo(f"Neo4j 已启动：{result.uri}（进程 {result.pid}，用时 {result.seconds:.1f} 秒）")
    click.echo(f"用户 neo4j，密码保存在 {neo.password_file}（仅本用户可读）")


@db_group.command("stop")
@pass_app
def stop_command(app) -> None:
    """停止本地 Neo4j（正常关闭，数据落盘）。"""
    neo = app.settings.neo4j
    if neo.is_external:
        raise BangfuError(f"已设置 NEO4J_URI（{neo.uri}）：bangfu 不管理该服务器的启停。")
    if server.stop(neo):
        click.echo("Neo4j 已停止。")
    else:
        click.echo("本地 Neo4j 未在运行。")


@db_group.command("status")
@pass_app
def status_command(app) -> None:
    """显示数据库状态；未运行时退出码为 3。"""
    neo = app.settings.neo4j
    st = server.status(neo)
    if st.external:
        click.echo(f"使用外部 Neo4j：{st.uri}（数据库：{neo.database or '默认'}）")
    elif st.running:
        click.echo(f"本地 Neo4j 正在运行：{st.uri}，进程 {st.pid}，数据目录 {st.data_dir}")
    else:
        click.echo(f"本地 Neo4j 未在运行（数据目录 {st.data_dir}，{'已安装' if st.installed else '尚未安装'} Neo4j {st.version}）。")
        raise SystemExit(3)
    graph = app.graph
    info = graph.driver.get_server_info()
    version = schema_version(graph)
    counts = graph.read("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
    click.echo(f"服务器：{info.agent}，图模式版本：{version if version is not None else '未初始化（运行 bangfu db init）'}，节点数：{counts}")


@db_group.command("init")
@pass_app
def init_command(app) -> None:
    """建立图模型所需的唯一约束与索引，并记录模式版本（可重复运行）。"""
    report = init_schema(app.graph)
    click.echo(f"图模式版本 {report.version}：新建约束 {report.constraints_added} 个，索引 {report.indexes_added} 个"
               + ("" if report.constraints_added or report.indexes_added or report.version_changed else "（无变化）"))
