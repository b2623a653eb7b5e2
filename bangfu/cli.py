"""`bangfu`: the one command that fronts everything (a thin layer over the library packages).

Each layer keeps its commands beside its code and registers them here through one function
(`graph.cli.register`, `loaders.cli.register`, `webapp.cli.register`). Errors meant for people
(BangfuError) are printed in Chinese without a traceback.
"""

from __future__ import annotations

import sys

import click

import graph.cli
import loaders.cli
import webapp.cli
from graph.context import AppContext
from graph.errors import BangfuError
from graph.settings import load_settings


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


# each layer registers its own commands (graph: the database and what reads it; loaders: rosters in;
# webapp: the web app); they are listed here, lowest first, and nothing else is imported
for register in (graph.cli.register, loaders.cli.register, webapp.cli.register):
    register(cli)


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
