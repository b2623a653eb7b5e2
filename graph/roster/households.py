"""Helped households (帮扶对象), who helps each (结对帮扶) and the policies they receive (政策享受)."""

from __future__ import annotations

from graph.roster.model import ENDED, LEAVES, RECORD, Column, Snapshot, Table, iso, key_row, vocab
from graph.roster.vocabularies import (
    CAUSES,
    HOUSEHOLD_CATEGORIES,
    HOUSEHOLD_STATUSES,
    PROGRAMS,
    STATUS_ALIASES,
)
from graph.roster.writes import (
    PRESENT_FROM,
    ROW_HASH,
    SPAN,
    RelShape,
    Step,
    fixed,
    node_step,
    pair_step,
    props_of,
    same,
    start_key,
    year_key,
)


def _lives_in(values: dict, extras: dict) -> dict:
    start = values.get(PRESENT_FROM)
    return {
        "key": values["household_id"],
        "target": values.get("village_code"),
        "start": start,
        "start_key": start.isoformat() if start else "",
    }


HOUSEHOLDS = Table(
    "households",
    "帮扶对象",
    (
        Column("household_id", "户编号", "code", True),
        Column("head_name", "户主姓名", "text", True),
        Column("head_id_number", "户主身份证号", "id_number"),
        Column("village_code", "村代码", "reference", True, ref="village"),
        Column("size", "家庭人口", "int", True, min_value=1),
        Column("status", "户状态", "vocab", True, vocab(HOUSEHOLD_STATUSES, STATUS_ALIASES)),
        Column("category", "户类型", "vocab", vocab=vocab(HOUSEHOLD_CATEGORIES)),
        Column("cause", "主要致贫原因", "vocab", vocab=vocab(CAUSES)),
        Column("exit_year", "脱贫年份", "year"),
    ),
    key="household_id",
    steps=(
        node_step(
            "households",
            "Household",
            "household_id",
            ("head_name", "head_id_number", "size", "status", "category", "cause", "exit_year"),
            fixed("Household", "Searchable"),
            name_column="head_name",
        ),
        pair_step(
            "household_lives_in",
            "LIVES_IN",
            ("Household", "key"),
            ("Region", "target"),
            _lives_in,
            ("village_code",),
            merge=("start_key",),
            village_target=True,
            word="居住村",
        ),
    ),
    snapshot=Snapshot(
        LEAVES,
        row=lambda v: key_row((v.get("household_id"),), 1),
        row_labels=("Household",),
        phrase=lambda row, name: name("Household", row[0]),
    ),
    referenced_as=(("household", None),),
    scope_column="village_code",
)


def _help_pair(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "household_id": values["household_id"],
        "start_key": start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": props_of(values, extras, SPAN),
    }


HELP_PAIRS = Table(
    "help_pairs",
    "结对帮扶",
    (
        Column("person_id", "帮扶责任人编号", "reference", True, ref="person"),
        Column("household_id", "户编号", "reference", True, ref="household"),
        Column("start_date", "开始日期", "date"),
        Column("end_date", "结束日期", "date"),
    ),
    rel_key=("person_id", "household_id", "start_date"),
    steps=(
        Step(
            "help_pairs",
            _help_pair,
            (),
            RelShape(
                "HELPS",
                ("Person", "person_id"),
                ("Household", "household_id"),
                ("start_key",),
                ("start", "end"),
            ),
            concurrent=True,
            lock_order="person_id",
        ),
    ),
    snapshot=Snapshot(
        ENDED,
        order=1,
        listed_always=True,
        row=lambda v: key_row((v.get("person_id"), v.get("household_id"), iso(v.get("start_date"))), 2),
        row_labels=("Person", "Household", None),
        phrase=lambda row, name: f"{name('Person', row[0])} 帮扶 {name('Household', row[1])}",
    ),
    scope_column="household_id",
)


def _benefit(values: dict, extras: dict) -> dict:
    return {
        "household_id": values["household_id"],
        "program": values["program"],
        "year_key": year_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": props_of(values, extras, same("amount", "year")),
    }


BENEFITS = Table(
    "benefits",
    "政策享受",
    (
        Column("household_id", "户编号", "reference", True, ref="household"),
        Column("program", "项目", "vocab", True, vocab(PROGRAMS)),
        Column("amount", "金额（元）", "number"),
        Column("year", "年份", "year"),
    ),
    rel_key=("household_id", "program", "year"),
    steps=(
        Step(
            "benefits",
            _benefit,
            (),
            RelShape(
                "RECEIVES",
                ("Household", "household_id"),
                ("Program", "program"),
                ("year_key",),
                ("amount", "year"),
                program_end=True,
            ),
        ),
    ),
    snapshot=Snapshot(RECORD),
)
