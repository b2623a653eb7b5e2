"""Enterprises that lift households (带贫主体) and the households each lifts, how (带贫联结)."""

from __future__ import annotations

from graph.roster.model import RECORD, Column, Snapshot, Table, vocab
from graph.roster.vocabularies import ENTERPRISE_KINDS, LINK_MODES
from graph.roster.writes import (
    ROW_HASH,
    RelShape,
    Step,
    fixed,
    node_step,
    pair,
    pair_step,
    props_of,
    same,
    year_key,
)

ENTERPRISES = Table(
    "enterprises",
    "带贫主体",
    (
        Column("enterprise_id", "主体编号", "code", True),
        Column("name", "名称", "text", True),
        Column("kind", "类型", "vocab", True, vocab(ENTERPRISE_KINDS)),
        Column("village_code", "所在村代码", "reference", True, ref="village"),
        Column("credit_code", "统一社会信用代码", "credit_code"),
        Column("manager_id", "负责人编号", "reference", ref="person"),
        Column("party_org_code", "党组织代码", "reference", ref="party_org"),
    ),
    key="enterprise_id",
    steps=(
        node_step(
            "enterprises",
            "Enterprise",
            "enterprise_id",
            ("name", "kind", "credit_code"),
            fixed("Enterprise", "Searchable"),
            name_column="name",
        ),
        pair_step(
            "enterprise_located_in",
            "LOCATED_IN",
            ("Enterprise", "key"),
            ("Region", "target"),
            pair("enterprise_id", "village_code"),
            ("village_code",),
            village_target=True,
            word="位于",
        ),
        pair_step(
            "enterprise_manager",
            "MANAGES",
            ("Person", "target"),
            ("Enterprise", "key"),
            pair("enterprise_id", "manager_id"),
            ("manager_id",),
        ),
        pair_step(
            "enterprise_party_org",
            "HAS_PARTY_ORG",
            ("Enterprise", "key"),
            ("Organization", "target"),
            pair("enterprise_id", "party_org_code"),
            ("party_org_code",),
        ),
    ),
    snapshot=Snapshot(RECORD),
    referenced_as=(("enterprise", None),),
    scope_column="village_code",
)


def _enterprise_link(values: dict, extras: dict) -> dict:
    return {
        "enterprise_id": values["enterprise_id"],
        "household_id": values["household_id"],
        "mode": values["mode"],
        "year_key": year_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": props_of(values, extras, same("annual_income", "year")),
    }


ENTERPRISE_LINKS = Table(
    "enterprise_links",
    "带贫联结",
    (
        Column("enterprise_id", "主体编号", "reference", True, ref="enterprise"),
        Column("household_id", "户编号", "reference", True, ref="household"),
        Column("mode", "带贫方式", "vocab", True, vocab(LINK_MODES)),
        Column("annual_income", "年增收（元）", "number"),
        Column("year", "年份", "year"),
    ),
    rel_key=("enterprise_id", "household_id", "mode", "year"),
    steps=(
        Step(
            "enterprise_links",
            _enterprise_link,
            (),
            RelShape(
                "LIFTS",
                ("Enterprise", "enterprise_id"),
                ("Household", "household_id"),
                ("mode", "year_key"),
                ("annual_income", "year"),
            ),
        ),
    ),
    snapshot=Snapshot(RECORD),
)
