"""What people do to a finding: write a measure, change who answers for it and by when, waive it.

Every change is checked first (an unknown finding, person or unit, a due date before the finding was
found, an extension or a waiver without a reason are refused with a Chinese message and change
nothing), then kept as an event of the finding (its history) and in the audit log. Nobody closes a
finding by hand: only a later recorded check that no longer sees it does (graph/ledger/record.py).
"""

from __future__ import annotations

import datetime as dt

import cypher
from graph import audit, clock, names
from graph.connection import Graph
from graph.errors import UsageError
from graph.ledger.record import LedgerError
from graph.ledger.store import CLOSED, OPEN, WAIVED, get_finding

MAX_TEXT = 2000


def _text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise LedgerError(f"{what}不能为空。")
    if len(text) > MAX_TEXT:
        raise LedgerError(f"{what}最长 {MAX_TEXT} 个字。")
    return text


def add_measure(
    graph: Graph,
    finding_id: str,
    text: str,
    *,
    user: str,
    date: dt.date | None = None,
    remote_addr: str | None = None,
) -> str:
    """A dated measure (整改措施 / 进展) by `user`; returns the finding's status after it."""
    finding = get_finding(graph, finding_id)
    text = _text(text, "整改措施")
    date = date or clock.today()
    if date < finding["first_found"]:
        raise LedgerError(f"措施日期 {date} 早于问题发现日期 {finding['first_found']}。")
    rows = graph.write_returning(
        cypher.load("ledger/add_measure"), {"id": finding_id, "text": text, "user": user, "date": date}
    )[0]
    audit.record(graph, user, "ledger_note", {"finding": finding_id, "date": date, "text": text}, remote_addr)
    return rows[0]["status"]


def assign(
    graph: Graph,
    finding_id: str,
    *,
    user: str,
    person: str | None = None,
    unit: str | None = None,
    due: dt.date | None = None,
    reason: str | None = None,
    clear_person: bool = False,
    remote_addr: str | None = None,
) -> None:
    """New responsible person and/or unit and/or due date (整改时限). `person` and `unit` are what the
    user typed: a name, a code, or a type-ahead suggestion (graph/names.py; a shared name is refused
    with the candidates). A due date later than the current one is an extension (延期): it needs a
    `reason` and is kept with the old and new dates."""
    finding = get_finding(graph, finding_id)
    if finding["status"] == CLOSED:
        raise LedgerError(
            f"问题 {finding_id} 已于 {finding.get('resolved_on')} 销号，不能再调整责任人或时限。"
        )
    person = (person or "").strip() or None
    unit = (unit or "").strip() or None
    if person is None and unit is None and due is None and not clear_person:
        raise LedgerError("请至少给出责任人、责任单位或整改时限之一。")
    try:
        person = names.resolve_person(graph, person) if person else None
        unit = names.resolve_unit(graph, unit) if unit else None
    except UsageError as exc:  # unknown, or a name several share (the candidates are in the message)
        raise LedgerError(exc.message) from None
    if due is not None and due < finding["first_found"]:
        raise LedgerError(f"整改时限 {due} 早于问题发现日期 {finding['first_found']}。")
    extending = due is not None and finding.get("due") is not None and due > finding["due"]
    reason = (reason or "").strip() or None
    if extending and reason is None:
        raise LedgerError(
            f"整改时限由 {finding['due']} 延至 {due} 属于延期，须写明延期理由（如：待乡镇党委换届后配备）。"
        )
    if reason is not None and len(reason) > MAX_TEXT:
        raise LedgerError(f"延期理由最长 {MAX_TEXT} 个字。")
    today = clock.today()
    graph.write(
        cypher.load("ledger/assign"),
        {
            "id": finding_id,
            "user": user,
            "person": person,
            "unit": unit,
            "due": due,
            "clear_person": clear_person,
            "extension_reason": reason if extending else None,
            "today": today,
        },
    )
    audit.record(
        graph,
        user,
        "ledger_assign",
        {
            "finding": finding_id,
            "person": person,
            "unit": unit,
            "due": due,
            "extended_from": finding["due"] if extending else None,
            "reason": reason if extending else None,
            "clear_person": clear_person,
        },
        remote_addr,
    )


def waive(graph: Graph, finding_id: str, reason: str, *, user: str, remote_addr: str | None = None) -> None:
    """豁免 (admins only: the caller checks the role): the rule does not apply; a reason is required."""
    finding = get_finding(graph, finding_id)
    reason = _text(reason, "豁免理由")
    if finding["status"] not in OPEN:
        raise LedgerError(
            f"问题 {finding_id} 的状态是{finding['status']}，只有待整改或整改中的问题可以豁免。"
        )
    graph.write(cypher.load("ledger/waive"), {"id": finding_id, "reason": reason, "user": user})
    audit.record(graph, user, "ledger_waive", {"finding": finding_id, "reason": reason}, remote_addr)


def unwaive(
    graph: Graph, finding_id: str, *, user: str, reason: str | None = None, remote_addr: str | None = None
) -> str:
    """A waiver withdrawn: open again; returns the status."""
    finding = get_finding(graph, finding_id)
    if finding["status"] != WAIVED:
        raise LedgerError(f"问题 {finding_id} 没有被豁免（状态：{finding['status']}）。")
    rows = graph.write_returning(
        cypher.load("ledger/unwaive"),
        {"id": finding_id, "user": user, "reason": (reason or "").strip() or None},
    )[0]
    audit.record(graph, user, "ledger_unwaive", {"finding": finding_id, "reason": reason}, remote_addr)
    return rows[0]["status"]
