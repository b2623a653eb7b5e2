"""The commands that bring data in (`bangfu load`, `changes`, `demo`, `load-report`, and
`export admin-import` under graph's `export` group); `register` adds them to the `bangfu` group."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    from graph.cli.export import export_group
    from loaders.cli.admin_import import admin_import_command
    from loaders.cli.changes import changes_command
    from loaders.cli.demo import demo_group
    from loaders.cli.load import load_command
    from loaders.cli.reports import load_report_command

    for command in (load_command, changes_command, demo_group, load_report_command):
        cli.add_command(command)
    export_group.add_command(admin_import_command)
