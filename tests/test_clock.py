"""The one clock (graph/clock.py): BANGFU_TODAY fixes "today" for bangfu and everything it starts."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import clock
from graph.queries.scalars import convert_scalar
from tests.helpers.graphs import TEST_TODAY


def test_the_test_session_runs_on_the_sample_s_day():
    assert clock.today() == TEST_TODAY


def test_a_set_day_is_today_everywhere(monkeypatch):
    monkeypatch.setenv(clock.TODAY_VARIABLE, "2031-02-03")
    assert clock.today() == dt.date(2031, 2, 3)
    assert convert_scalar("date", "today") == dt.date(2031, 2, 3)  # a query's default=today


class _MachineClock:
    """The machine's calendar as the clock sees it, stopped on a day the test chooses."""

    class date(dt.date):
        @classmethod
        def today(cls):
            return dt.date(2030, 5, 6)


def test_unset_is_the_machine_s_day(monkeypatch):
    monkeypatch.delenv(clock.TODAY_VARIABLE)
    monkeypatch.setattr(clock, "dt", _MachineClock)
    assert clock.today() == dt.date(2030, 5, 6)


def test_a_bad_day_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(clock.TODAY_VARIABLE, "明天")
    with pytest.raises(ValueError, match="BANGFU_TODAY 应为日期"):
        clock.today()
