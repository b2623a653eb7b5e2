"""`bangfu`: the one command that fronts everything (a thin layer over the library packages).

Each domain keeps its commands beside its code (loaders/cli.py, graph/db_cli.py …) and registers
them here. Errors meant for people (BangfuError) are printed in Chinese without a traceback.
"""

from __future__ import annotations

import sys

import click

from graph.errors import BangfuError
from graph.settings import load_settings
from bangfu.context import AppContext, pass_app  # noqa: F401  (domains import pass_app from here)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="设置文件（默认 ./bangfu.toml 或 BANGFU_CONFIG）",
)
@click.pass_context
def cli(ctx: click.Context, config_file: str | None) -> None:
    """帮扶图谱 bangfu：把组织部的花名册装进 Neo4j 图谱，查漏补缺。"""
    try:
        settings = load_settings(config_file)
    except (ValueError, FileNotFoundError) as exc:
        raise click.UsageError(str(exc)) from None
    app = AppContext(settings)
    ctx.obj = app
    ctx.call_on_close(app.close)


# -- registration of the domains' commands ---------------------------------------------------------
from graph.db_cli import db_group  # noqa: E402

cli.add_command(db_group)
from webapp.cli import serve_command, user_group  # noqa: E402

cli.add_command(serve_command)
cli.add_command(user_group)
# (each domain adds its line below)
from loaders.demo_cli import demo_group  # noqa: E402

cli.add_command(demo_group)
from loaders.cli import load_command  # noqa: E402

cli.add_command(load_command)
from loaders.changes_cli import changes_command  # noqa: E402

cli.add_command(changes_command)
from graph.rules_cli import check_command, coverage_command  # noqa: E402

cli.add_command(check_command)
cli.add_command(coverage_command)
from graph.ledger_cli import bulletin_command, ledger_group  # noqa: E402

cli.add_command(ledger_group)
cli.add_command(bulletin_command)
from graph.queries_cli import query_group  # noqa: E402

cli.add_command(query_group)
from graph.export_cli import export_group  # noqa: E402

cli.add_command(export_group)
from loaders.admin_import_cli import admin_import_command, db_import_command  # noqa: E402

export_group.add_command(admin_import_command)
db_group.add_command(db_import_command)
from loaders.reports.cli import load_report_command  # noqa: E402

cli.add_command(load_report_command)


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="bangfu", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("已取消。", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except BangfuError as exc:
        click.secho(f"错误：{exc.message}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        sys.exit(130)
