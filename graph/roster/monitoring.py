"""防止返贫致贫 (shared/spec/monitoring.md): the households found at risk and how each case went
(监测对象: clue → identified or dismissed → risk eliminated), and the help measures they get
(帮扶措施). Both are records of a household, referenced by 户编号."""

from __future__ import annotations

from graph.roster.model import RECORD, Column, Derived, Snapshot, Table, vocab
from graph.roster.vocabularies import (
    MEASURE_KINDS,
    MONITOR_CATEGORIES,
    MONITOR_SOURCE_ALIASES,
    MONITOR_SOURCES,
    RISKS,
)
from graph.roster.writes import (
    ROW_HASH,
    SPAN,
    NodeShape,
    Step,
    fixed,
    keyed_node,
    keyed_pair,
    pair_step,
    props_of,
    same,
)


def _day(value) -> str:
    return value.isoformat() if value else ""


def monitoring_id(values: dict) -> str:
    """A monitoring row's node key: one clue of a household on a day."""
    return f"{values['household_id']}|{_day(values.get('clue_date'))}"


def _monitoring_rules(values: dict) -> list[tuple[str, str]]:
    """The spec's rules across a monitoring row's dates and its category."""
    problems = []
    clue, identified = values.get("clue_date"), values.get("identified_date")
    dismissed, eliminated = values.get("dismissed_date"), values.get("eliminated_date")
    if clue and identified and identified < clue:
        problems.append(("identified_date", f"识别日期 {_day(identified)} 早于线索日期 {_day(clue)}"))
    if identified and dismissed:
        problems.append(("dismissed_date", "识别日期和核实不纳入日期只能填一个：已识别的户不能又核实不纳入"))
    if eliminated and not identified:
        problems.append(
            ("eliminated_date", "填了风险消除日期，却没有识别日期：未识别为监测对象的户无从消除风险")
        )
    elif eliminated and identified and eliminated < identified:
        problems.append(
            ("eliminated_date", f"风险消除日期 {_day(eliminated)} 早于识别日期 {_day(identified)}")
        )
    # an empty cell (a value outside the list is told as such, not twice)
    if identified and "category" in values and values["category"] is None:
        problems.append(
            ("category", "填了识别日期，监测类型必填（脱贫不稳定户、边缘易致贫户、突发严重困难户）")
        )
    return problems


_MONITORING_COLUMNS = (
    "clue_date",
    "source",
    "identified_date",
    "dismissed_date",
    "category",
    "risks",
    "labor",
    "eliminated_date",
)

MONITORING = Table(
    "monitoring",
    "监测对象",
    (
        Column("household_id", "户编号", "reference", True, ref="household"),
        Column("clue_date", "线索日期", "date", True),
        Column("source", "线索来源", "vocab", True, vocab(MONITOR_SOURCES, MONITOR_SOURCE_ALIASES)),
        Column("identified_date", "识别日期", "date"),
        Column("dismissed_date", "核实不纳入日期", "date"),
        Column("category", "监测类型", "vocab", vocab=vocab(MONITOR_CATEGORIES)),
        Column("risks", "风险类型", "vocab", vocab=vocab(RISKS), multiple=True),
        Column("labor", "有劳动能力人数", "int", min_value=0),
        Column("eliminated_date", "风险消除日期", "date"),
    ),
    rel_key=("household_id", "clue_date"),
    steps=(
        Step(
            "monitoring",
            keyed_node(monitoring_id, _MONITORING_COLUMNS),
            (),
            NodeShape(
                "Monitoring", "monitoring_id", _MONITORING_COLUMNS, fixed("Monitoring"), searchable=False
            ),
            concurrent=True,
        ),
        pair_step(
            "monitoring_household",
            "MONITORING_OF",
            ("Monitoring", "key"),
            ("Household", "target"),
            keyed_pair(monitoring_id, "household_id"),
            (),
            word="监测户",
        ),
    ),
    # a record: a snapshot adds and updates rows by key, never ends or removes one it no longer lists
    snapshot=Snapshot(RECORD),
    derived=(Derived("monitoring_id", "监测编号"),),
    row_rules=_monitoring_rules,
    scope_column="household_id",
)


def measure_id(values: dict) -> str:
    """A measure's node key: one kind of help for a household from a day."""
    return f"{values['household_id']}|{values['kind']}|{_day(values.get('start_date'))}"


_MEASURE_PROPS = {**SPAN, **same("kind", "note")}


def _measure(values: dict, extras: dict) -> dict:
    return {
        "key": measure_id(values),
        "props": props_of(values, extras, _MEASURE_PROPS),
        "row_hash": values.get(ROW_HASH),
    }


MEASURES = Table(
    "measures",
    "帮扶措施",
    (
        Column("household_id", "户编号", "reference", True, ref="household"),
        Column("kind", "措施类型", "vocab", True, vocab(MEASURE_KINDS)),
        Column("start_date", "开始日期", "date", True),
        Column("end_date", "结束日期", "date"),
        Column("unit_code", "责任单位代码", "reference", ref="unit"),
        Column("note", "内容", "text"),
    ),
    rel_key=("household_id", "kind", "start_date"),
    steps=(
        Step(
            "measures",
            _measure,
            (),
            NodeShape(
                "HelpMeasure",
                "measure_id",
                tuple(_MEASURE_PROPS.values()),
                fixed("HelpMeasure"),
                searchable=False,
            ),
            concurrent=True,
        ),
        pair_step(
            "measure_household",
            "MEASURE_FOR",
            ("HelpMeasure", "key"),
            ("Household", "target"),
            keyed_pair(measure_id, "household_id"),
            (),
            word="帮扶户",
        ),
        pair_step(
            "measure_unit",
            "MEASURE_BY",
            ("HelpMeasure", "key"),
            ("Organization", "target"),
            keyed_pair(measure_id, "unit_code"),
            ("unit_code",),
        ),
    ),
    snapshot=Snapshot(RECORD),
    derived=(Derived("measure_id", "措施编号"),),
    scope_column="household_id",
)

TABLES = (MONITORING, MEASURES)
