"""Who answers for each village, role by role (责任分工): a person, or for 包村单位 a unit."""

from __future__ import annotations

from graph.roster.model import ENDED, Column, Snapshot, Table, iso, vocab
from graph.roster.vocabularies import CONTRACTING_UNIT, ROLE_ALIASES, ROLES
from graph.roster.writes import ROW_HASH, SPAN, RelShape, Step, props_of, start_key

REL_KEY = ("role", "village_code", "person_id", "unit_code", "start_date")


def _person(values: dict, extras: dict) -> dict | None:
    if values["role"] == CONTRACTING_UNIT:
        return None
    return {
        "person_id": values["person_id"],
        "village_code": values["village_code"],
        "role": values["role"],
        "start_key": start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": props_of(values, extras, {**SPAN, "unit_code": "unit_code"}),
    }


def _unit(values: dict, extras: dict) -> dict | None:
    if values["role"] != CONTRACTING_UNIT:
        return None
    return {
        "unit_code": values["unit_code"],
        "village_code": values["village_code"],
        "role": values["role"],
        "start_key": start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": props_of(values, extras, SPAN),
    }


def _row_rules(values: dict) -> list[tuple[str, str]]:
    problems = []
    role = values.get("role")
    if role == CONTRACTING_UNIT:
        if not values.get("unit_code"):
            problems.append(("unit_code", "责任类型为包村单位时必须填写单位代码"))
        if values.get("person_id"):
            problems.append(("person_id", "责任类型为包村单位时不填写人员编号（包村的是单位）"))
    elif role is not None and not values.get("person_id"):
        problems.append(("person_id", f"责任类型为{role}时必须填写人员编号"))
    return problems


def _reference(column: str, kind: str, values: dict) -> str:
    if column == "unit_code" and values.get("role") == CONTRACTING_UNIT:
        return "unit"  # the contracting unit itself: a unit, not a party organization
    return kind


def _rel_key(values: dict) -> tuple[str, ...]:
    """An assignment names its person, or for 包村单位 its unit; the other column is a property."""
    other = "person_id" if values.get("role") == CONTRACTING_UNIT else "unit_code"
    return tuple(n for n in REL_KEY if n != other)


def _row(v: dict) -> tuple[str, ...] | None:
    person = v.get("person_id") if v.get("role") != CONTRACTING_UNIT else None
    parts = (
        v.get("role"),
        v.get("village_code"),
        person or "",
        v.get("unit_code") or "",
        iso(v.get("start_date")),
    )
    needed = parts[:2] + ((person,) if v.get("role") != CONTRACTING_UNIT else (v.get("unit_code"),))
    if any(not p for p in needed):
        return None
    return tuple(p or "" for p in parts)


def _identity(row: tuple) -> tuple:
    """An assignment of a person is not told apart by its dispatching unit."""
    return row[:3] + ("",) + row[4:] if row[2] else row


def _phrase(row: list, name) -> str:
    village = name("Region", row[1])
    if row[2]:
        unit = f"（派出单位 {name('Organization', row[3])}）" if row[3] else ""
        return f"{row[0]} {village}：{name('Person', row[2])}{unit}"
    return f"{row[0]} {village}：{name('Organization', row[3])}"


ASSIGNMENTS = Table(
    "assignments",
    "责任分工",
    (
        Column("role", "责任类型", "vocab", True, vocab(ROLES, ROLE_ALIASES)),
        Column("village_code", "村代码", "reference", True, ref="village"),
        Column("person_id", "人员编号", "reference", ref="person"),  # required for person roles
        Column("unit_code", "单位代码", "reference", ref="organization"),  # 包村单位: required, a unit
        Column("start_date", "开始日期", "date"),
        Column("end_date", "结束日期", "date"),
    ),
    rel_key=REL_KEY,
    steps=(
        Step(
            "assignments_person",
            _person,
            (),
            RelShape(
                "ASSIGNED_TO",
                ("Person", "person_id"),
                ("Region", "village_code"),
                ("role", "start_key"),
                ("start", "end", "unit_code"),
            ),
        ),
        Step(
            "assignments_unit",
            _unit,
            (),
            RelShape(
                "ASSIGNED_TO",
                ("Organization", "unit_code"),
                ("Region", "village_code"),
                ("role", "start_key"),
                ("start", "end"),
            ),
        ),
    ),
    snapshot=Snapshot(
        ENDED,
        order=2,
        listed_always=True,
        row=_row,
        identity=_identity,
        row_labels=(None, "Region", "Person", "Organization", None),
        phrase=_phrase,
    ),
    scope_column="village_code",
    row_rules=_row_rules,
    reference_rule=_reference,
    rel_key_of=_rel_key,
)
