"""What several commands' options share: dates as the roster writes them, output formats and files."""

from __future__ import annotations

import datetime as dt

import click

from graph import clock
from graph.values import parse_date


class DateType(click.ParamType):
    """A date as staff write it: 2026-11-30, 2026/11/30, 2026.11.30, 20261130, 2026年11月30日."""

    name = "date"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def as_of_option(help_text: str = "截至日期（默认今天）"):
    """--as-of DATE, today when not given."""
    return click.option(
        "--as-of",
        type=DATE,
        default=None,
        metavar="DATE",
        help=help_text,
        callback=lambda ctx, param, value: value or clock.today(),
    )


def date_option(*names: str, help_text: str):
    """An optional date option (None when not given)."""
    return click.option(*names, type=DATE, default=None, metavar="DATE", help=help_text)
