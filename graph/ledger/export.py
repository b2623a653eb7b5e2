"""The ledger in the forms staff pass around: a text table, JSON, and the usual Excel ledger columns
(序号, 乡镇, 村/对象, 问题, 发现日期, 责任单位, 责任人, 整改时限, 整改措施, 状态, 销号日期)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from graph.ledger.store import OPEN, Filters
from graph.rulebook import FINDING_TITLES, INSPECTION
from graph.rules_export import text_table
from graph.spreadsheet import sheet_table

LEDGER_COLUMNS = (
    "序号",
    "乡镇",
    "村/对象",
    "问题",
    "发现日期",
    "责任单位",
    "责任人",
    "整改时限",
    "整改措施",
    "状态",
    "销号日期",
)
EVENT_WORDS = {
    "found": "发现",
    "seen": "检查仍发现",
    "measure": "整改措施",
    "assign": "调整责任与时限",
    "extend": "延期",
    "waive": "豁免",
    "unwaive": "取消豁免",
    "close": "销号",
    "reopen": "问题反弹，重新打开",
}
NO_SECRETARY = "（乡镇党委书记空缺）"


def subject_text(f: dict) -> str:
    """村/对象: the village; a household with its village; a person with their id."""
    path = f.get("region_path") or []
    if f["subject_type"] == "village":
        return f.get("subject_name") or f["subject_id"]
    if f["subject_type"] == "household":
        village = path[-1] if path else ""
        return f"{village} {f.get('subject_name') or ''}（{f['subject_id']}）".strip()
    return f"{f.get('subject_name') or ''}（{f['subject_id']}）"


def problem_text(f: dict) -> str:
    """问题 in a list: the rule's title; an inspection's finding says what the inspection found too
    (its message), since every such finding has the same title (督查发现问题)."""
    if f.get("rule") == INSPECTION:
        return problem_detail(f)
    return f.get("rule_title") or ""


def problem_detail(f: dict) -> str:
    """问题 in full: the title, and the message when it says more than the title (most rules' message
    is their title: "贫困村驻村工作队不健全" once, not twice)."""
    title, message = f.get("rule_title") or "", f.get("message") or ""
    return f"{title}：{message}" if message and message != title else title or message


def filter_words(filters: Filters, region_name: str | None = None) -> list[str]:
    """The ledger's filters in words, for an export's title."""
    words = []
    if filters.township or filters.region:
        words.append(f"区划 {region_name or filters.township or filters.region}")
    if filters.statuses:
        statuses = set(filters.statuses)
        words.append("状态 " + ("未销号" if statuses == set(OPEN) else "、".join(sorted(statuses))))
    if filters.rules:
        words.append("问题 " + "、".join(FINDING_TITLES.get(r, r) for r in filters.rules))
    if filters.overdue:
        words.append("仅逾期")
    return words


def person_text(f: dict) -> str:
    if f.get("responsible_person"):
        return f"{f.get('person_name') or ''}（{f['responsible_person']}）"
    # a village's or household's township secretary is the default person: say when the post is vacant
    return NO_SECRETARY if f["subject_type"] in ("village", "household") and f.get("responsible_unit") else ""


def unit_text(f: dict) -> str:
    return f.get("unit_name") or f.get("responsible_unit") or ""


def status_text(f: dict) -> str:
    """The status, with 逾期 (open and past the due date in force) and 延期 (the due date was extended:
    an extended finding past its new date is both)."""
    marks = (["逾期"] if f.get("overdue") else []) + (["延期"] if f.get("extensions") else [])
    return f["status"] + (f"（{'，'.join(marks)}）" if marks else "")


def due_text(f: dict) -> str:
    """整改时限; an extended one with the date first set (原定)."""
    if f.get("extensions") and f.get("first_due"):
        return f"{f.get('due')}（延期，原定 {f['first_due']}）"
    return str(f.get("due") or "")


def measures_text(f: dict) -> str:
    return "\n".join(
        f"{m.get('date') or ''} {m.get('text')}（{m.get('user')}）" for m in f.get("measures") or []
    )


def ledger_row(index: int, f: dict) -> list[Any]:
    return [
        index,
        f.get("township") or "",
        subject_text(f),
        problem_detail(f),
        f.get("first_found"),
        unit_text(f),
        person_text(f),
        f.get("due"),
        measures_text(f),
        status_text(f),
        f.get("resolved_on"),
    ]


def ledger_text(findings: list[dict], total: int) -> str:
    if not findings:
        return "没有符合条件的问题。"
    headers = ["编号", "乡镇", "村/对象", "问题", "发现日期", "整改时限", "状态", "责任单位", "责任人"]
    rows = [
        [
            f["finding_id"],
            f.get("township") or "",
            subject_text(f),
            f.get("rule_title"),
            f.get("first_found"),
            f.get("due"),
            status_text(f),
            unit_text(f),
            person_text(f),
        ]
        for f in findings
    ]
    more = (
        f"\n（共 {total} 个，显示前 {len(findings)} 个）" if total > len(findings) else f"\n共 {total} 个。"
    )
    return text_table(headers, rows) + more


def finding_text(f: dict, events: list[dict]) -> str:
    lines = [
        f"问题 {f['finding_id']}：{problem_detail(f)}",
        f"对象：{subject_text(f)}" + (f"（{' / '.join(f['region_path'])}）" if f.get("region_path") else ""),
        f"状态：{status_text(f)}"
        + (f"，销号日期 {f['resolved_on']}" if f.get("resolved_on") else "")
        + (f"，问题反弹 {f['reopened']} 次" if f.get("reopened") else ""),
        f"发现日期：{f.get('first_found')}；最近一次检查发现：{f.get('last_seen')}；整改时限：{due_text(f)}",
        f"责任单位：{unit_text(f) or '—'}；责任人：{person_text(f) or '—'}",
    ]
    if f.get("waived_reason"):
        lines.append(f"豁免理由：{f['waived_reason']}（{f.get('waived_by')}）")
    lines += ["", "经过："]
    for e in events:
        when = e.get("as_of") or e.get("date") or ""
        at = e["at"].strftime("%Y-%m-%d %H:%M") if isinstance(e.get("at"), dt.datetime) else ""
        detail = e.get("text") or (f"{e.get('old')} → {e.get('new')}" if e.get("old") else "")
        word = EVENT_WORDS.get(e["kind"], e["kind"])
        lines.append(f"  {at}  {word} {when} {detail}（{e.get('user') or ''}）".rstrip())
    return "\n".join(lines)


def ledger_xlsx(findings: list[dict], path: str | Path, title: str) -> Path:
    """The Excel ledger; `title` names the table, its filters and date (graph.spreadsheet.sheet_title)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    sheet_table(
        ws,
        title,
        LEDGER_COLUMNS,
        [ledger_row(i, f) for i, f in enumerate(findings, start=1)],
    )
    path = Path(path)
    wb.save(path)
    return path


def plain(f: dict) -> dict:
    """A finding as JSON values (dates as ISO text)."""

    def conv(v):
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    return {k: conv(v) for k, v in f.items() if k not in ("created_at",)}


def is_open(f: dict) -> bool:
    return f["status"] in OPEN
