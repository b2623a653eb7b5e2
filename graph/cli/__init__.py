"""The database's commands (`bangfu db`, `check`, `coverage`, `ledger`, `bulletin`, `query`,
`export`, `audit`), one module each; `register` adds them to the `bangfu` group."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    from graph.cli.audit import audit_group
    from graph.cli.db import db_group
    from graph.cli.export import export_group
    from graph.cli.keys import keys_group
    from graph.cli.ledger import bulletin_command, ledger_group
    from graph.cli.queries import query_group
    from graph.cli.rules import check_command, coverage_command

    for command in (
        db_group,
        check_command,
        coverage_command,
        ledger_group,
        bulletin_command,
        query_group,
        export_group,
        audit_group,
        keys_group,
    ):
        cli.add_command(command)
