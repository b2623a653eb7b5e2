"""`bangfu db …`: install, start, stop and inspect the local Neo4j; back it up, restore it, reset it;
create the schema anywhere."""

from __future__ import annotations

from pathlib import Path

import click

from graph import audit_chain, pii, server
from graph.context import AppContext, pass_app
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
    for note in result.notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)
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
        installed = "已安装" if st.installed else "尚未安装"
        click.echo(f"本地 Neo4j 未在运行（数据目录 {st.data_dir}，{installed} Neo4j {st.version}）。")
        raise SystemExit(3)
    graph = app.graph
    info = graph.driver.get_server_info()
    version = schema_version(graph)
    counts = graph.read("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
    shown = version if version is not None else "未初始化（运行 bangfu db init）"
    click.echo(f"服务器：{info.agent}，图模式版本：{shown}，节点数：{counts}")


@db_group.command("init")
@pass_app
def init_command(app) -> None:
    """建立图模型所需的唯一约束与索引，并记录模式版本（可重复运行）。

    \b
    首次运行时在 <home>/keys 建立身份证号与电话的加密密钥（仅本用户可读）：丢失密钥即永久丢失这些号码，
    请随即用 bangfu keys backup 备份。图谱中尚有明文号码（旧版本导入的）时，先整库备份，再分批加密
    （可中断后重新运行，已加密的跳过）。
    """
    ring, created = pii.create_key(app.settings)
    if created:
        click.echo(f"已建立加密密钥：{pii.keys_dir(app.settings)}（仅本用户可读）")
        click.secho(pii.LOSS_WARNING, fg="yellow", err=True)
    if pii.has_clear(app.graph):
        _backup_before_sealing(app)
        click.echo("图谱中有明文的身份证号或电话：正在分批加密……")
    report = init_schema(app.graph, ring, echo=click.echo)
    click.echo(
        f"图模式版本 {report.version}：新建约束 {report.constraints_added} 个，索引 {report.indexes_added} 个"
        + ("" if report.constraints_added or report.indexes_added or report.version_changed else "（无变化）")
    )


def _backup_before_sealing(app) -> None:
    """The whole database backed up before its clear numbers are sealed (`bangfu db backup`'s way)."""
    from graph import backup as backups

    neo = app.settings.neo4j
    if neo.is_external or server.running_pid(neo) is None:
        click.secho(
            "注意：数据库不是本机 bangfu 管理的，加密前无法自动备份；请确认已有该服务器的备份。",
            fg="yellow",
            err=True,
        )
        return
    version, head = schema_version(app.graph), audit_chain.head(app.graph)
    app.close()
    target = backups.default_backup_path(app.settings.home, "before-encryption")
    report = backups.backup(neo, target, schema_version=version, audit_head=head, echo=click.echo)
    if head is not None:
        audit_chain.write_anchor(app.settings.home, head, backup=report.path)
    click.echo(f"加密前已整库备份到 {report.path}（含明文号码，请妥善保管或在确认无误后删除）。")


@db_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="覆盖已有的同名备份文件")
@pass_app
def backup_command(app, file: Path, overwrite: bool) -> None:
    """把本地 Neo4j 的整个数据库备份为一个 tar.gz 文件（含清单与 sha256）。

    \b
    Neo4j 社区版不支持在线备份：服务器在运行时，bangfu 会先停止它，复制完再启动（期间网页与命令暂不可用）。
    备份中的身份证号与电话是加密的（密钥不在备份里，另用 bangfu keys backup 备份），其余个人信息未加密；
    文件仅本用户可读，请妥善保管。
    使用 NEO4J_URI 指定的远程服务器时不适用：请用该服务器自己的备份，或 bangfu export roster。
    """
    from graph import backup as backups

    neo = app.settings.neo4j
    if neo.is_external:
        raise backups.BackupError(backups.remote_message(neo))
    version = head = None
    if server.running_pid(neo) is not None:
        from graph.connection import Graph

        with Graph.connect(app.settings) as graph:
            version = schema_version(graph)
            head = audit_chain.head(graph)
        app.close()
    report = backups.backup(
        neo, file, schema_version=version, audit_head=head, overwrite=overwrite, echo=click.echo
    )
    if head is not None:  # outside the database: a log cut or rewritten later no longer matches it
        audit_chain.write_anchor(app.settings.home, head, backup=report.path)
    files = report.manifest["files"]
    raw_mb = sum(f["size"] for f in files.values()) / 1e6
    schema = report.manifest["schema_version"]
    click.echo(
        f"已备份到 {report.path}（{len(files)} 个文件，原始 {raw_mb:.1f} MB，"
        f"压缩后 {report.bytes / 1e6:.1f} MB；Neo4j {report.manifest['neo4j_version']}，"
        f"图模式版本 {schema if schema is not None else '未知（服务器未运行）'}）"
    )
    click.echo(f"sha256 {report.sha256}（另存于 {report.path}.sha256）")
    if head is None and version is None:
        click.echo("服务器未运行：审计日志链头未记下（可在启动后运行 bangfu audit anchor）。")
    if head is not None:
        click.echo(
            f"审计日志链头（第 {head['seq']} 条）已记在数据库之外："
            f"{audit_chain.anchors_file(app.settings.home)} 与 {report.path}.audit"
        )
    if report.restarted:
        click.echo("本地 Neo4j 已重新启动。")


@db_group.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--stop", "stop_server", is_flag=True, help="服务器在运行时先停止它，恢复后再启动")
@pass_app
def restore_command(app, file: Path, stop_server: bool) -> None:
    """用 bangfu db backup 制作的备份替换本地 Neo4j 的整个数据库。

    \b
    先完整校验备份（清单、版本、每个文件的 sha256），校验不过则不做任何改动；
    解压到数据目录旁的临时文件夹，再整体替换。Neo4j 的登录密码（密码文件）保持不变。
    服务器在运行时拒绝恢复，除非加 --stop。
    """
    from graph import backup as backups
    from graph.schema import SCHEMA_VERSION

    neo = app.settings.neo4j
    app.close()
    report = backups.restore(neo, file, stop=stop_server, code_schema_version=SCHEMA_VERSION, echo=click.echo)
    m = report.manifest
    if m.get("audit_head"):  # the restored log ends here: anchors of the replaced log no longer apply
        audit_chain.write_anchor(app.settings.home, m["audit_head"], backup=report.path, restored=True)
    click.echo(
        f"已从 {report.path} 恢复数据库（{m.get('created_at', '时间未知')} 制作于 {m.get('host', '?')}，"
        f"{len(m['files'])} 个文件）。"
    )
    for note in report.notes:
        click.echo(f"注意：{note}")
    click.echo("本地 Neo4j 已重新启动。" if report.restarted else "请运行 `bangfu db start` 启动本地 Neo4j。")


@db_group.command("reset")
@click.option("--yes", is_flag=True, help="不再询问，直接清空（供脚本使用）")
@click.option(
    "--backup",
    "backup_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="清空前的备份文件（默认 <home>/backups/before-reset-时间.tar.gz）",
)
@pass_app
def reset_command(app, yes: bool, backup_file: Path | None) -> None:
    """清空本地数据库、从头开始：先整库备份，再删除全部数据，然后启动一个空数据库。

    \b
    删除的是本地 Neo4j 的整个数据文件夹：图谱、网页账号、审计日志都会清空
    （下次 bangfu serve 或 bangfu user first-admin 会重新创建管理员 admin）。
    Neo4j 的登录密码（密码文件）保持不变。清空前的备份可用 bangfu db restore 文件 --stop 找回。
    请不要手动删除数据文件夹：用本命令。清空记入新数据库的审计日志。
    """
    import getpass
    import socket

    from graph import audit
    from graph import backup as backups
    from graph.connection import Graph

    neo = app.settings.neo4j
    if neo.is_external:
        raise backups.BackupError(
            f"已设置 NEO4J_URI（{neo.uri}）：bangfu 只清空它自己运行的本地 Neo4j，不会清空远程服务器。"
        )
    target = backup_file or backups.default_backup_path(app.settings.home, "before-reset")
    data = neo.data_dir.resolve() / "data"
    if not yes:
        click.confirm(
            f"将清空本地数据库 {data} 中的全部数据（图谱、网页账号、审计日志），"
            f"清空前备份到 {target}。确定吗？",
            abort=True,
        )
    was_running = server.running_pid(neo) is not None
    version = None
    if was_running:
        with Graph.connect(app.settings) as graph:
            version = schema_version(graph)
        app.close()
    report = backups.reset(neo, target, schema_version=version, echo=click.echo)
    if report.backup is not None:
        click.echo(f"已备份到 {report.backup.path}（sha256 {report.backup.sha256}）")
    else:
        click.echo("本地数据库还没有数据文件，无需备份。")
    app.settings.first_admin_file.unlink(missing_ok=True)  # its account is gone with the data
    # the audit log starts anew: the heads anchored for the old one no longer apply
    audit_chain.write_anchor(app.settings.home, {"seq": 0, "hash": ""}, restored=True)
    server.start(neo)
    try:
        with Graph.connect(app.settings) as graph:
            init_schema(graph)
            audit.record(
                graph,
                getpass.getuser(),
                "db_reset",
                {
                    "备份": str(report.backup.path.resolve()) if report.backup else "（无数据，未备份）",
                    "数据目录": str(data),
                },
                remote_addr=f"命令行@{socket.gethostname()}",
            )
    finally:
        if not was_running:
            server.stop(neo)
    click.echo(
        f"本地数据库已清空，图模式已重建{'，Neo4j 正在运行' if was_running else '，Neo4j 已停止'}。"
        "网页账号已一并清空：下次 bangfu serve（或 bangfu user first-admin）会创建新的管理员。"
    )


@db_group.command("import")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@pass_app
def db_import_command(app: AppContext, out: Path) -> None:
    """用批量导入工具把 OUT（bangfu export admin-import 的输出）导入本地 Neo4j，然后建立索引约束。

    \b
    只能导入新的或空的数据库；本地 Neo4j 须先停止（bangfu db stop），导入后自动启动。
    """
    from graph.bulk_import import run_import

    click.echo("正在批量导入（服务器停止中）……")
    result = run_import(app.settings, out)
    click.echo(f"批量导入完成：用时 {result.seconds:.1f} 秒，日志 {result.log}")
    click.echo(
        f"Neo4j 已启动：{result.started.uri}（进程 {result.started.pid}）；"
        f"图模式版本 {result.schema.version}，新建约束 {result.schema.constraints_added} 个、"
        f"索引 {result.schema.indexes_added} 个（用时 {result.schema_seconds:.1f} 秒）"
    )
    click.echo(f"数据库中现有节点 {result.nodes} 个，关系 {result.relationships} 条。")
