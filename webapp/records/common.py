"""What the entity pages share: whether a dated tie is current at the as-of date, and the rule
violations that name one subject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.rules import RULES

CURRENT, PAST, FUTURE = "current", "past", "future"
# how a tie with start/end dates stands at the as-of date, in the words of the rules (在岗结对帮扶 …)
STATE_WORDS = {CURRENT: "在岗", PAST: "已结束", FUTURE: "未开始"}
NEEDY_STATUSES = ("未脱贫", "监测对象")  # shared/spec/coverage-rules.md, "needy"
CLOSED_STATUS = "已销户"


def native(value: Any) -> Any:
    """A neo4j temporal value as its Python value (others unchanged)."""
    return value.to_native() if hasattr(value, "to_native") else value


def state(start: Any, end: Any, as_of: dt.date) -> str:
    """current when start is empty or ≤ as_of and end is empty or ≥ as_of (the spec's "active")."""
    start, end = native(start), native(end)
    if start is not None and start > as_of:
        return FUTURE
    if end is not None and end < as_of:
        return PAST
    return CURRENT


def with_state(rows: list[dict], as_of: dt.date) -> list[dict]:
    """The rows, each with `state` (current/past/future) from its start and end."""
    return [{**row, "state": state(row.get("start"), row.get("end"), as_of)} for row in rows]


def rule_ids(subject_type: str) -> list[str]:
    """The rules whose violations name a subject of this type (graph/rules.py RULES)."""
    return [r.id for r in RULES if r.subject_type == subject_type]


def naming(violations: list[dict], subject_type: str, subject_id: str) -> list[dict]:
    return [v for v in violations if v["subject_type"] == subject_type and v["subject_id"] == subject_id]
