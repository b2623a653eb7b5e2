"""Organizations (组织机构), people (人员) and who holds which post where (任职)."""

from __future__ import annotations

from graph.roster.model import ENDED, RECORD, Column, Derived, Snapshot, Table, iso, key_row, vocab
from graph.roster.vocabularies import (
    BRANCH_KINDS,
    GENDERS,
    ORG_KINDS,
    PARTY_KINDS,
    POLITICAL_STATUSES,
    RANKS,
    SECRETARY_TITLES,
)
from graph.roster.writes import (
    ROW_HASH,
    SPAN,
    RelShape,
    Step,
    fixed,
    node_step,
    pair,
    pair_step,
    props_of,
    start_key,
)

ORGANIZATIONS = Table(
    "organizations",
    "组织机构",
    (
        Column("code", "组织代码", "code", True),
        Column("name", "名称", "text", True),
        Column("kind", "类型", "vocab", True, vocab(ORG_KINDS)),
        Column("parent_code", "上级组织代码", "reference", ref="organization"),
        Column("region_code", "所在区划代码", "reference", ref="region"),
    ),
    key="code",
    steps=(
        node_step(
            "organizations",
            "Organization",
            "code",
            ("name", "kind"),
            lambda p: ("Organization", "PartyOrg" if p["kind"] in PARTY_KINDS else "Unit", "Searchable"),
            name_column="name",
        ),
        pair_step(
            "organization_reports_to",
            "REPORTS_TO",
            ("Organization", "key"),
            ("Organization", "target"),
            pair("code", "parent_code"),
            ("parent_code",),
            after_table=True,
        ),
        pair_step(
            "organization_located_in",
            "LOCATED_IN",
            ("Organization", "key"),
            ("Region", "target"),
            pair("code", "region_code"),
            ("region_code",),
            after_table=True,
            word="位于",
        ),
        pair_step(
            "organization_governs",
            "GOVERNS",
            ("Organization", "key"),
            ("Region", "target"),
            pair(
                "code",
                "region_code",
                when=lambda v: v["kind"] in PARTY_KINDS,
                target_of=lambda v: v.get("region_code") if v["kind"] in BRANCH_KINDS else None,
            ),
            ("region_code",),
            after_table=True,
            village_target=True,
            word="领导村",
        ),
    ),
    snapshot=Snapshot(RECORD),
    referenced_as=(("organization", None), ("unit", "unit"), ("party_org", "party")),
    label_words=(("PartyOrg", "党组织"), ("Unit", "单位")),
)

PEOPLE = Table(
    "people",
    "人员",
    (
        Column("person_id", "人员编号", "code", True),
        Column("name", "姓名", "text", True),
        Column("gender", "性别", "vocab", vocab=vocab(GENDERS)),
        Column("id_number", "身份证号", "id_number"),
        Column("political_status", "政治面貌", "vocab", vocab=vocab(POLITICAL_STATUSES)),
        Column("rank", "职级", "vocab", vocab=vocab(RANKS)),
        Column("unit_code", "工作单位代码", "reference", ref="organization"),
        Column("phone", "联系电话", "phone"),
    ),
    key="person_id",
    steps=(
        node_step(
            "people",
            "Person",
            "person_id",
            ("name", "gender", "id_number", "political_status", "rank", "phone"),
            fixed("Person", "Searchable"),
            name_column="name",
        ),
        pair_step(
            "person_works_at",
            "WORKS_AT",
            ("Person", "key"),
            ("Organization", "target"),
            pair("person_id", "unit_code"),
            ("unit_code",),
        ),
    ),
    snapshot=Snapshot(RECORD),
    referenced_as=(("person", None),),
)


def _post(values: dict, extras: dict) -> dict:
    props = props_of(values, extras, SPAN)
    props["is_secretary"] = "".join(values["title"].split()) in SECRETARY_TITLES
    return {
        "person_id": values["person_id"],
        "org_code": values["org_code"],
        "title": values["title"],
        "start_key": start_key(values),
        "props": props,
        "row_hash": values.get(ROW_HASH),
    }


def _post_row(v: dict) -> tuple[str, ...] | None:
    return key_row((v.get("person_id"), v.get("org_code"), v.get("title"), iso(v.get("start_date"))), 3)


POSTS = Table(
    "posts",
    "任职",
    (
        Column("person_id", "人员编号", "reference", True, ref="person"),
        Column("org_code", "组织代码", "reference", True, ref="organization"),
        Column("title", "职务", "text", True),
        Column("start_date", "任职日期", "date"),
        Column("end_date", "离任日期", "date"),
    ),
    rel_key=("person_id", "org_code", "title", "start_date"),
    steps=(
        Step(
            "posts",
            _post,
            (),
            RelShape(
                "HOLDS_POST",
                ("Person", "person_id"),
                ("Organization", "org_code"),
                ("title", "start_key"),
                ("start", "end", "is_secretary"),
            ),
        ),
    ),
    snapshot=Snapshot(
        ENDED,
        order=3,
        listed_always=True,
        row=_post_row,
        row_labels=("Person", "Organization", None, None),
        phrase=lambda row, name: f"{name('Person', row[0])} 任 {name('Organization', row[1])} {row[2]}",
    ),
    derived=(Derived("is_secretary", "书记职务", "boolean", with_columns=True),),
)
