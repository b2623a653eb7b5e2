"""`bangfu serve` (the web app under waitress) and `bangfu user …` (accounts)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from graph.context import pass_app
from graph.schema import init_schema
from webapp import users


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _ensure_first_admin(app) -> None:
    """Create `admin` when there is no administrator yet, and say where its login is."""
    init_schema(app.graph)
    created = users.ensure_first_admin(app.graph)
    if created:
        name, password = created
        _write_private(app.settings.first_admin_file, f"用户名：{name}\n密码：{password}\n")
        click.echo(
            f"已创建首个管理员：用户名 {name}，密码 {password}"
            f"（也保存在 {app.settings.first_admin_file}，仅本用户可读）"
        )
    elif app.settings.first_admin_file.exists():
        click.echo(f"管理员登录信息见 {app.settings.first_admin_file}")
    else:
        click.echo("已有管理员账号（忘记密码可用 bangfu user passwd 用户名 重设）。")


@click.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址（办公网内共享时设为本机内网地址）"
)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@pass_app
def serve_command(app, host: str, port: int, threads: int) -> None:
    """用 waitress 运行网页版。"""
    import waitress

    from webapp import create_app, warm

    _ensure_first_admin(app)
    web = create_app(app.settings)  # its own driver, with the short retries of a web request
    warm.start(web)  # today's overview ready before the first visitor, and after each load
    click.echo(f"帮扶图谱已启动：http://{host}:{port}/  （Ctrl+C 停止）")
    waitress.serve(web, host=host, port=port, threads=threads, ident="bangfu", _quiet=True)


@click.group("user")
def user_group() -> None:
    """管理网页版账号（查看员 viewer / 分析员 analyst / 管理员 admin）。"""


@user_group.command("first-admin")
@pass_app
def user_first_admin(app) -> None:
    """还没有管理员时创建 admin（密码自动生成，显示一次并保存在 <home>/first-admin.txt）；已有则什么也不改。

    bangfu serve 第一次启动时也会这样做；安装脚本用本命令在启动网页版之前备好登录信息。
    """
    _ensure_first_admin(app)


@user_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(users.ROLES), default="viewer", show_default=True)
@click.option("--password", default=None, help="不给出则自动生成并显示一次")
@pass_app
def user_add(app, username: str, role: str, password: str | None) -> None:
    """新建账号。"""
    init_schema(app.graph)
    generated = password is None
    password = password or users.generate_password()
    users.add_user(app.graph, username, role, password)
    click.echo(
        f"已创建用户 {username}（{users.ROLE_NAMES[role]}）" + (f"，密码：{password}" if generated else "")
    )


@user_group.command("passwd")
@click.argument("username")
@click.option("--password", default=None, help="不给出则自动生成并显示一次")
@pass_app
def user_passwd(app, username: str, password: str | None) -> None:
    """重设密码。"""
    generated = password is None
    password = password or users.generate_password()
    users.set_password(app.graph, username, password)
    click.echo(f"已重设 {username} 的密码" + (f"：{password}" if generated else "。"))


@user_group.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(users.ROLES))
@click.option("--disable/--enable", default=False, help="停用或启用账号")
@pass_app
def user_role(app, username: str, role: str, disable: bool) -> None:
    """修改角色，或停用、启用账号。"""
    users.set_role(app.graph, username, role, disable)
    click.echo(f"{username}：{users.ROLE_NAMES[role]}，{'已停用' if disable else '启用'}")


@user_group.command("list")
@pass_app
def user_list(app) -> None:
    """列出账号。"""
    for row in users.list_users(app.graph):
        state = "已停用" if row.get("disabled") else "启用"
        click.echo(f"{row['username']:<20} {users.ROLE_NAMES.get(row['role'], row['role']):<6} {state}")


def register(cli: click.Group) -> None:
    """`bangfu serve` and `bangfu user …`."""
    cli.add_command(serve_command)
    cli.add_command(user_group)
