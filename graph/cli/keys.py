"""`bangfu keys status|backup|restore|rotate`: the key that seals id and phone numbers (graph/pii.py,
graph/field_crypto.py). Thin: the work is in the library."""

from __future__ import annotations

import getpass
import socket
from pathlib import Path

import click

from graph import audit, field_crypto, pii
from graph.context import pass_app


@click.group("keys")
def keys_group() -> None:
    """身份证号与电话的加密密钥：查看、备份、恢复、更换。丢失密钥即永久丢失这些号码。"""


@keys_group.command("status")
@pass_app
def status_command(app) -> None:
    """显示密钥文件、算法，以及图谱中各密钥加密的号码个数。"""
    ring = pii.keyring(app.settings)
    click.echo(f"密钥文件：{field_crypto.key_file(pii.keys_dir(app.settings))}（仅本用户可读）")
    use = pii.key_use(app.graph)
    for key in ring.keys:
        current = "（当前）" if key is ring.current else ""
        click.echo(
            f"密钥 {key.key_id}{current}：{field_crypto.SUITE_NAMES[key.suite]}，建立于 {key.created_at}，"
            f"图谱中用它加密的号码 {use.pop(key.key_id, 0)} 个"
        )
    for key_id, count in sorted(use.items()):
        click.secho(
            f"图谱中有 {count} 个号码用不在密钥文件中的密钥 {key_id} 加密：请恢复该密钥的备份。", fg="red"
        )
    if pii.has_clear(app.graph):
        click.secho("图谱中仍有明文号码：请运行 bangfu db init 加密。", fg="yellow")


@keys_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def backup_command(app, file: Path) -> None:
    """把密钥文件复制为 FILE（仅本用户可读）。请与数据库备份分开保管：两者在一起，加密就没有意义。"""
    field_crypto.backup(pii.keys_dir(app.settings), file)
    click.echo(f"密钥已备份到 {file}。{pii.LOSS_WARNING}")


@keys_group.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def restore_command(app, file: Path) -> None:
    """用 bangfu keys backup 制作的备份恢复密钥文件（缺少正在使用的密钥的备份会被拒绝）。"""
    ring = field_crypto.restore(pii.keys_dir(app.settings), file)
    click.echo(f"已恢复密钥文件（{len(ring.keys)} 个密钥，当前 {ring.current.key_id}）。")


@keys_group.command("rotate")
@pass_app
def rotate_command(app) -> None:
    """更换密钥：建立新密钥，再分批用它重新加密图谱中的全部号码。

    \b
    中途中断时重新运行即可：未换完的会接着换，不会再建新密钥。旧密钥留在密钥文件中（换钥前的数据库备份仍能解密）。
    换完后请重新备份密钥。
    """
    ring, progress, fresh = pii.rotate(app.settings, app.graph, echo=click.echo)
    audit.record(
        app.graph,
        getpass.getuser(),
        "keys_rotate",
        {"密钥": ring.current.key_id, "重新加密": progress.total},
        remote_addr=f"命令行@{socket.gethostname()}",
    )
    click.echo(
        f"{'已建立新密钥' if fresh else '继续上次未完成的更换：密钥'} {ring.current.key_id}，"
        f"重新加密号码 {progress.total} 个。请用 bangfu keys backup 重新备份密钥。"
    )
