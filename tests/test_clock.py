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


def test_unset_is_the_machine_s_day(monkeypatch):
    monkeypatch.delenv(clock.TODAY_VARIABLE)
    before = dt.date.today()
    assert clock.today() in (before, dt.date.today())


def test_a_bad_day_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(clock.TODAY_VARIABLE, "明天")
    with pytest.raises(ValueError, match="BANGFU_TODAY 应为日期"):
        clock.today()
