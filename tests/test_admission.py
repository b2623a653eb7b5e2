"""Analysts' queries in a pool of their own (webapp/admission.py): the slots, the per-user limit, the
bounded queue, the wait that is told, and viewers who never wait for analysts."""

from __future__ import annotations

import dataclasses
import os
import threading
import time

import pytest

from tests.helpers.web import client_for, csrf_token, make_app, text
from webapp.admission import AnalysisBusy, AnalystGate, Limits

SLOW_ENOUGH = 0.6  # longer than the 0.5 s from which a wait is told

# Nothing here depends on the date, and under `make test-later`'s libfaketime every timed wait of a
# thread (a condition or an event with a timeout) is computed on a monotonic clock a year ahead that the
# kernel does not share, so it lasts a year; these tests run in `make test` only.
pytestmark = pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""), reason="时间偏移下线程的定时等待不可靠，本模块与日期无关"
)


def _hold(gate: AnalystGate, user: str, until: threading.Event) -> None:
    with gate.admit(user):
        until.wait(10)


def _until_waiting(gate: AnalystGate, n: int) -> None:
    deadline = time.monotonic() + 5
    while gate._waiting < n and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gate._waiting == n


def test_a_slot_per_user_and_the_queue_is_bounded():
    gate = AnalystGate(Limits(slots=2, per_user=1, queue=1, wait_s=5))
    with gate.admit("甲") as first:
        assert first.waited_s < 0.5
        with pytest.raises(AnalysisBusy, match="您已有 1 个查询正在运行"):
            with gate.admit("甲"):
                pass
        with gate.admit("乙"):  # the second slot
            waiting = threading.Thread(target=_hold, args=(gate, "丙", threading.Event()), daemon=True)
            waiting.start()  # 丙 waits for a slot: the queue (one place) is now full
            _until_waiting(gate, 1)
            with pytest.raises(AnalysisBusy, match="2 个正在运行，1 个在排队") as refused:
                with gate.admit("丁"):
                    pass
            assert refused.value.retry_after_s == 5


def test_a_waiter_gets_the_freed_slot_and_is_told_how_long():
    gate = AnalystGate(Limits(slots=1, per_user=1, queue=2, wait_s=10))
    holding = gate.admit("甲")
    holding.__enter__()
    threading.Timer(SLOW_ENOUGH, lambda: holding.__exit__(None, None, None)).start()
    with gate.admit("乙") as admission:
        assert admission.waited_s >= SLOW_ENOUGH - 0.05


def test_a_wait_has_an_end():
    gate = AnalystGate(Limits(slots=1, per_user=1, queue=2, wait_s=0.3))
    with gate.admit("甲"):
        started = time.monotonic()
        with pytest.raises(AnalysisBusy, match="已排队等候 0.3 秒仍无空位"):
            with gate.admit("乙"):
                pass
        assert time.monotonic() - started < 2


# -- in the web app -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(sample_web_county, neo4j_settings, tmp_path_factory, findings):
    queries = dataclasses.replace(neo4j_settings.queries, analyst_slots=1, analyst_queue=1, analyst_wait_s=5)
    settings = dataclasses.replace(neo4j_settings, queries=queries)
    return make_app(sample_web_county, settings, tmp_path_factory.mktemp("home"), findings)


def _gate(app) -> AnalystGate:
    with app.test_request_context():
        from webapp.admission import analyst_gate

        return analyst_gate()


def _editor(client, cypher: str):
    token = csrf_token(client, "/cypher")
    return client.post("/cypher", data={"cypher": cypher, "csrf_token": token})


def test_analysts_wait_or_are_told_and_viewers_do_not_wait(app):
    gate = _gate(app)
    analyst, viewer = client_for(app, "analyst1"), client_for(app, "viewer1")
    query = "/queries/party_branches?run=1"
    released = threading.Event()
    waiting = threading.Thread(target=_hold, args=(gate, "analyst2", released), daemon=True)
    with gate.admit("someone-else"):  # the only slot is taken
        waiting.start()  # and the one place in the queue
        _until_waiting(gate, 1)

        page = text(_editor(analyst, "MATCH (v:Village) RETURN count(v) AS 村数"))
        assert "分析查询繁忙" in page and "请稍后再试" in page and "行，用时" not in page
        page = text(analyst.get(query))
        assert "分析查询繁忙" in page and "行，用时" not in page
        export = analyst.get("/queries/party_branches/export/csv?as_of=2026-11-21")
        assert export.status_code == 503 and export.headers["Retry-After"] == "5"
        assert "分析查询繁忙" in export.get_data(as_text=True)

        started = time.monotonic()
        page = text(viewer.get(query))  # a viewer's run takes no slot
        assert "行，用时" in page and "分析查询繁忙" not in page and "排队等候" not in page
        assert time.monotonic() - started < 5
    released.set()
    waiting.join(10)


def test_an_analyst_who_waited_is_told_so(app):
    gate = _gate(app)
    analyst = client_for(app, "analyst1")
    holding = gate.admit("someone-else")
    holding.__enter__()

    def release_after_a_wait():  # counted from when the analyst waits: logging in may take long
        try:
            _until_waiting(gate, 1)
            time.sleep(SLOW_ENOUGH)
        finally:
            holding.__exit__(None, None, None)

    threading.Thread(target=release_after_a_wait, daemon=True).start()
    page = text(_editor(analyst, "MATCH (v:Village) RETURN count(v) AS 村数"))
    assert "本次查询排队等候了" in page and "村数" in page
    page = text(analyst.get("/queries/party_branches?run=1&as_of=2026-11-20"))
    assert "行，用时" in page and "排队等候" not in page  # nobody holds a slot now
