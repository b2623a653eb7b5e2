"""`bangfu export admin-import`: the first load of a province or the country, as the bulk importer's
files (`bangfu db import`, in graph/cli/db.py, runs the importer).

    bangfu export admin-import 导入文件/ 花名册/某省/      # validate, then write the importer's files
    bangfu db stop && bangfu db import 导入文件/           # bulk import into the empty local database

Exit codes as `bangfu load`: 0 written, 1 problems found (nothing written), 2 usage.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph import pii
from graph.context import AppContext, pass_app
from graph.import_folder import ARGS_FILE
from loaders.admin_import.export import export_admin_import
from loaders.cli.load import print_report


@click.command("admin-import")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="导出有效的行；无效的行原样写入拒绝文件并注明原因")
@click.option(
    "--rejects-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="拒绝文件目录（默认 <home>/rejects/<导入批次>）",
)
@click.option("--progress/--no-progress", default=None, help="显示进度条（默认：终端中显示）")
@pass_app
def admin_import_command(
    app: AppContext,
    out: Path,
    paths: tuple[Path, ...],
    skip_invalid: bool,
    rejects_dir: Path | None,
    progress: bool | None,
) -> None:
    """把花名册转为 Neo4j 批量导入工具（neo4j-admin database import full）的 CSV 与表头文件。

    \b
    校验与 bangfu load 相同（按导入空图谱校验）：有错误则不写任何文件。
    得到的图谱与 bangfu load 导入空图谱的结果相同。OUT 须为新的或空的目录。
    本地数据库用 bangfu db import OUT 导入；其他服务器：
    cd OUT && neo4j-admin database import full @import.args 数据库名
    """
    ring, created = pii.create_key(app.settings)  # the key of the database the files are for
    if created:
        click.secho(f"已创建密钥文件 {pii.keys_dir(app.settings)}。{pii.LOSS_WARNING}", fg="yellow", err=True)
    report = export_admin_import(
        ring=ring,
        paths=paths,
        out=out,
        skip_invalid=skip_invalid,
        batch_size=app.settings.load_batch_size,
        rejects_dir=rejects_dir,
        rejects_root=app.settings.home / "rejects",
        progress=progress,
    )
    if not report.load.written:
        print_report(report.load)
        click.secho("（bangfu export admin-import：未生成任何导入文件。）", fg="red", err=True)
        raise SystemExit(report.exit_code)
    print_report(report.load)
    nodes, rels = report.node_counts, report.rel_counts
    click.echo(f"已生成批量导入文件：{out}（节点 {sum(nodes.values())} 个，关系 {sum(rels.values())} 条）")
    if report.merged_rows:
        click.echo(
            f"  其中 {report.merged_rows} 行关系与前面的行键相同，已合并（与 bangfu load 的 MERGE 相同）。"
        )
    click.echo(f"导入本地数据库：bangfu db stop && bangfu db import {out}")
    click.echo(f"导入其他服务器：cd {out} && neo4j-admin database import full @{ARGS_FILE} <数据库名>")
    if report.exit_code:
        raise SystemExit(report.exit_code)
