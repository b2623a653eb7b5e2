"""What the reports say besides who is assigned (shared/spec/activity-tables.md): visits (走访记录),
reserve cadres (后备干部), talents from the village (在外人才), inspections (督查记录), evaluations
(述职评议) and village indicators (村级指标)."""

from __future__ import annotations

from graph.roster.model import ENDED, HISTORY, RECORD, Column, Derived, Snapshot, Table, iso, key_row, vocab
from graph.roster.vocabularies import (
    EVALUATED_ROLES,
    GRADE_ALIASES,
    GRADES,
    INSPECTION_KINDS,
    INSPECTION_RESULTS,
    RESERVE_SOURCES,
    SERVICE_CENTER_GRADES,
    SUBJECT_REFERENCES,
    SUBJECT_TYPE_ALIASES,
    SUBJECT_TYPES,
    TALENT_KINDS,
    VISIT_KIND_ALIASES,
    VISIT_KINDS,
)
from graph.roster.writes import (
    ROW_HASH,
    SPAN,
    FirstWrite,
    NodeShape,
    RelShape,
    Step,
    fixed,
    keyed_node,
    keyed_pair,
    node,
    pair,
    pair_step,
    props_of,
    same,
    start_key,
)


def _visit(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "household_id": values["household_id"],
        "date": values["date"],
        "kind": values["kind"],
        "row_hash": values.get(ROW_HASH),
        "props": props_of(values, extras, same("note")),
    }


VISITS = Table(
    "visits",
    "走访记录",
    (
        Column("person_id", "帮扶责任人编号", "reference", True, ref="person"),
        Column("household_id", "户编号", "reference", True, ref="household"),
        Column("date", "走访日期", "date", True),
        Column("kind", "方式", "vocab", True, vocab(VISIT_KINDS, VISIT_KIND_ALIASES)),
        Column("note", "内容", "text"),
    ),
    rel_key=("person_id", "household_id", "date", "kind"),
    steps=(
        Step(
            "visits",
            _visit,
            (),
            RelShape(
                "VISITED",
                ("Person", "person_id"),
                ("Household", "household_id"),
                ("date", "kind"),
                ("note",),
            ),
            concurrent=True,
            lock_order="person_id",
            # a first load's visits (12 M at 1,000,000 households) are created, and the help pairs'
            # latest visits worked out once after the table instead of again in every batch
            first_write=FirstWrite("visits_first", "visits_earlier", "visits_settle"),
        ),
    ),
    # history: a missing visit is left alone; about 12 visits per household a year: a snapshot reads the
    # fingerprints of its scope's visits a chunk of villages at a time, kept as 64-bit integers
    # (loaders/fingerprint.py), and skips the visits it lists as they were
    snapshot=Snapshot(HISTORY),
    scope_column="household_id",
)


def _reserve_cadre(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "village_code": values["village_code"],
        "start_key": start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": props_of(values, extras, {**SPAN, "source": "source"}),
    }


RESERVE_CADRES = Table(
    "reserve_cadres",
    "后备干部",
    (
        Column("person_id", "人员编号", "reference", True, ref="person"),
        Column("village_code", "村代码", "reference", True, ref="village"),
        Column("start_date", "入库日期", "date"),
        Column("end_date", "出库日期", "date"),
        Column("source", "来源", "vocab", vocab=vocab(RESERVE_SOURCES)),
    ),
    rel_key=("person_id", "village_code", "start_date"),
    steps=(
        Step(
            "reserve_cadres",
            _reserve_cadre,
            (),
            RelShape(
                "RESERVE_CADRE_OF",
                ("Person", "person_id"),
                ("Region", "village_code"),
                ("start_key",),
                ("start", "end", "source"),
            ),
        ),
    ),
    # the pool is stated completely: one who is no longer listed leaves it
    snapshot=Snapshot(
        ENDED,
        order=4,
        row=lambda v: key_row((v.get("person_id"), v.get("village_code"), iso(v.get("start_date"))), 2),
        row_labels=("Person", "Region", None),
        phrase=lambda row, name: f"{name('Person', row[0])} 列入 {name('Region', row[1])} 后备干部",
    ),
    scope_column="village_code",
)


def _talent(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "village_code": values["home_village_code"],
        "row_hash": values.get(ROW_HASH),
        "props": props_of(
            values, extras, same("kind", "residence", "last_contact", "contribution", "amount")
        ),
    }


TALENTS = Table(
    "talents",
    "在外人才",
    (
        Column("person_id", "人员编号", "reference", True, ref="person"),
        Column("home_village_code", "家乡村代码", "reference", True, ref="village"),
        Column("kind", "类型", "vocab", True, vocab(TALENT_KINDS)),
        Column("residence", "所在地", "text"),
        Column("last_contact", "最近联系日期", "date"),
        Column("contribution", "反哺情况", "text"),
        Column("amount", "金额（元）", "number"),
    ),
    rel_key=("person_id", "home_village_code"),
    steps=(
        Step(
            "talents",
            _talent,
            (),
            RelShape(
                "TALENT_OF",
                ("Person", "person_id"),
                ("Region", "village_code"),
                (),
                ("kind", "residence", "last_contact", "contribution", "amount"),
            ),
        ),
    ),
    snapshot=Snapshot(RECORD),
)

_SUBJECT_SPACE = {"village": "Region", "person": "Person", "organization": "Organization"}
_INSPECTION_COLUMNS = ("date", "subject_type", "kind", "result", "problem", "category")


def _subject_of(subject_type: str):
    """An inspection's subject, for the one step that writes subjects of this type."""
    return pair("inspection_id", "subject_id", when=lambda v: v.get("subject_type") == subject_type)


INSPECTIONS = Table(
    "inspections",
    "督查记录",
    (
        Column("inspection_id", "督查编号", "code", True),
        Column("date", "日期", "date", True),
        Column("unit_code", "督查单位代码", "reference", True, ref="organization"),
        Column("subject_type", "对象类型", "vocab", True, vocab(SUBJECT_TYPES, SUBJECT_TYPE_ALIASES)),
        Column(
            "subject_id",
            "对象编号",
            "reference",
            True,
            ref="village",
            ref_by=("subject_type", SUBJECT_REFERENCES),
        ),
        Column("kind", "方式", "vocab", True, vocab(INSPECTION_KINDS)),
        Column("result", "结果", "vocab", True, vocab(INSPECTION_RESULTS)),
        Column("problem", "问题", "text"),
        Column("category", "问题类别", "text"),
    ),
    key="inspection_id",
    steps=(
        Step(
            "inspections",
            node("inspection_id", same(*_INSPECTION_COLUMNS)),
            (),
            NodeShape(
                "Inspection", "inspection_id", _INSPECTION_COLUMNS, fixed("Inspection"), searchable=False
            ),
            concurrent=True,
        ),
        pair_step(
            "inspection_unit",
            "INSPECTED_BY",
            ("Inspection", "key"),
            ("Organization", "target"),
            pair("inspection_id", "unit_code"),
            ("unit_code",),
        ),
        *(
            pair_step(
                f"inspection_subject_{ref}",
                "INSPECTS",
                ("Inspection", "key"),
                (_SUBJECT_SPACE[ref], "target"),
                _subject_of(subject_type),
                ("subject_type", "subject_id"),
                village_target=ref == "village",
                word="督查对象",
            )
            for subject_type, ref in SUBJECT_REFERENCES
        ),
    ),
    snapshot=Snapshot(RECORD),
)


def evaluation_id(values: dict) -> str:
    """An evaluation's node key: one evaluation of a person for a role in a year."""
    return f"{values['person_id']}|{values['year']}|{values['role']}"


_EVALUATION_COLUMNS = ("year", "role", "grade")

EVALUATIONS = Table(
    "evaluations",
    "述职评议",
    (
        Column("person_id", "人员编号", "reference", True, ref="person"),
        Column("year", "年度", "year", True),
        Column("role", "角色", "vocab", True, vocab(EVALUATED_ROLES)),
        Column("grade", "等次", "vocab", True, vocab(GRADES, GRADE_ALIASES)),
        Column("unit_code", "评议单位代码", "reference", ref="organization"),
    ),
    rel_key=("person_id", "year", "role"),
    steps=(
        Step(
            "evaluations",
            keyed_node(evaluation_id, _EVALUATION_COLUMNS),
            (),
            NodeShape(
                "Evaluation", "evaluation_id", _EVALUATION_COLUMNS, fixed("Evaluation"), searchable=False
            ),
            concurrent=True,
        ),
        pair_step(
            "evaluation_person",
            "EVALUATES",
            ("Evaluation", "key"),
            ("Person", "target"),
            keyed_pair(evaluation_id, "person_id"),
            (),
            word="评议对象",
        ),
        pair_step(
            "evaluation_unit",
            "EVALUATED_BY",
            ("Evaluation", "key"),
            ("Organization", "target"),
            keyed_pair(evaluation_id, "unit_code"),
            ("unit_code",),
        ),
    ),
    snapshot=Snapshot(RECORD),
    derived=(Derived("evaluation_id", "评议编号"),),
)


def indicator_id(values: dict) -> str:
    """A village indicator's node key: one row of indicators for a village in a year."""
    return f"{values['village_code']}|{values['year']}"


_INDICATOR_COLUMNS = ("year", "collective_income", "service_center", "note")

VILLAGE_INDICATORS = Table(
    "village_indicators",
    "村级指标",
    (
        Column("village_code", "村代码", "reference", True, ref="village"),
        Column("year", "年度", "year", True),
        Column("collective_income", "集体经营性收入（万元）", "number"),
        Column("service_center", "党群服务中心", "vocab", vocab=vocab(SERVICE_CENTER_GRADES)),
        Column("note", "备注", "text"),
    ),
    rel_key=("village_code", "year"),
    steps=(
        Step(
            "village_indicators",
            keyed_node(indicator_id, _INDICATOR_COLUMNS),
            (),
            NodeShape(
                "VillageIndicator",
                "indicator_id",
                _INDICATOR_COLUMNS,
                fixed("VillageIndicator"),
                searchable=False,
            ),
            concurrent=True,
        ),
        pair_step(
            "indicator_village",
            "INDICATOR_OF",
            ("VillageIndicator", "key"),
            ("Region", "target"),
            keyed_pair(indicator_id, "village_code"),
            (),
            village_target=True,
            word="指标所属村",
        ),
    ),
    snapshot=Snapshot(RECORD),
    derived=(Derived("indicator_id", "指标编号"),),
    scope_column="village_code",
)

TABLES = (VISITS, RESERVE_CADRES, TALENTS, INSPECTIONS, EVALUATIONS, VILLAGE_INDICATORS)
