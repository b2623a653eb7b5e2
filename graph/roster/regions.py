"""The regions table (行政区划): counties, townships and villages, each under the one above it."""

from __future__ import annotations

from graph.roster.model import RECORD, Column, Snapshot, Table, vocab
from graph.roster.vocabularies import LEVEL_ALIASES, REGION_LEVELS
from graph.roster.writes import node_step, pair, pair_step

LEVEL_LABELS = {"县区": "County", "乡镇": "Township", "村": "Village"}
VILLAGE_ONLY = ("poor_village", "weak_org", "exit_year")


def _village_only(values: dict, props: dict) -> None:
    if values.get("level") != "村":  # village-only properties
        for name in VILLAGE_ONLY:
            props[name] = None


def _row_rules(values: dict) -> list[tuple[str, str]]:
    problems = []
    level = values.get("level")
    if level == "县区" and values.get("parent_code"):
        problems.append(("parent_code", "县区是最高层级，不应填写上级代码"))
    elif level in ("乡镇", "村") and not values.get("parent_code"):
        problems.append(("parent_code", f"{level}必须填写上级代码"))
    if level in ("县区", "乡镇"):
        for name in VILLAGE_ONLY:
            if values.get(name):
                problems.append((name, "只有村级区划可以填写此项"))
    return problems


def _reference(column: str, kind: str, values: dict) -> str | None:
    return None if values.get("level") == "县区" else kind  # a county has no parent: the row rules say so


REGIONS = Table(
    "regions",
    "行政区划",
    (
        Column("code", "区划代码", "code", True),
        Column("name", "名称", "text", True),
        Column("level", "层级", "vocab", True, vocab(REGION_LEVELS, LEVEL_ALIASES)),
        Column("parent_code", "上级代码", "reference", ref="region"),  # required except 县区
        Column("poor_village", "贫困村", "yesno"),
        Column("weak_org", "软弱涣散", "yesno"),
        Column("exit_year", "出列年份", "year"),
    ),
    key="code",
    steps=(
        node_step(
            "regions",
            "Region",
            "code",
            ("name", "level") + VILLAGE_ONLY,
            lambda p: ("Region", LEVEL_LABELS[p["level"]], "Searchable"),
            name_column="name",
            adjust=_village_only,
        ),
        pair_step(
            "region_part_of",
            "PART_OF",
            ("Region", "key"),
            ("Region", "target"),
            pair("code", "parent_code"),
            ("parent_code",),
            after_table=True,
            word="隶属",
        ),
    ),
    snapshot=Snapshot(RECORD),
    referenced_as=(("region", None), ("village", "村")),
    label_words=tuple((label, LEVEL_ALIASES[label.lower()]) for label in LEVEL_LABELS.values()),
    row_rules=_row_rules,
    reference_rule=_reference,
)
