"""The changes a snapshot recorded, in the words staff use (for `bangfu changes` and the 变动 page).

graph/changes.py reads them as key columns (ids and codes); this module says each one as a sentence
with names (each table's declaration says its rows' phrase, graph/roster/), and names tables and
properties as the roster format does (graph/tables.py).
"""

from __future__ import annotations

from graph.roster.households import HOUSEHOLDS
from graph.tables import NODE_TABLE_OF_LABEL, TABLES_BY_NAME

KIND_WORDS = {"started": "开始", "ended": "结束", "added": "新增", "removed": "移出", "property": "属性变更"}
PERSONAL_VALUE = "（个人信息，不记录原值和新值）"


def table_name(table: str) -> str:
    return TABLES_BY_NAME[table].zh


def label_name(label: str) -> str:
    return NODE_TABLE_OF_LABEL[label].zh


def property_name(label: str, prop: str) -> str:
    """The roster's Chinese column name of a node property (`status` → 户状态); extras keep their header."""
    if prop.startswith("extra_"):
        return prop.removeprefix("extra_")
    table = NODE_TABLE_OF_LABEL[label]
    for column in table.columns:
        if column.name == prop:
            return column.zh
    return prop


def named(names: dict, label: str, key: str) -> str:
    """`熊燕`, `胡寨村 徐磊燕户` (graph/changes.py's names): a name, not a code; the key alone only when
    the graph has no name for it."""
    if not key:
        return "—"
    return names.get(label, {}).get(key) or key


def describe_row(table: str, row: list, names: dict) -> str:
    """One started or ended row, or an added or removed household, as a phrase (its table's)."""
    since = f"，自 {row[-1]}" if len(row) > 1 and row[-1] else ""  # a household's row is its id alone
    phrase = TABLES_BY_NAME[table].snapshot.phrase
    return phrase(list(row), lambda label, key: named(names, label, key)) + since


def describe_property(change: dict, names: dict) -> tuple[str, str, str, str]:
    """(entity, property, old, new) of a property change; personal values are not recorded."""
    entity = f"{label_name(change['label'])} {named(names, change['label'], change['key'])}"
    prop = property_name(change["label"], change["property"])
    if change.get("old") is None and change.get("new") is None:
        return entity, prop, PERSONAL_VALUE, ""
    return entity, prop, _value(change.get("old")), _value(change.get("new"))


def _value(text: str | None) -> str:
    if text is None:
        return "—"
    return {"true": "是", "false": "否"}.get(text, text)


def change_lines(item: dict) -> list[tuple[str, str, list[str]]]:
    """(kind word, table name, phrases) per non-empty group of one snapshot, in the spec's order."""
    names = item["names"]
    groups = []
    for kind in ("ended", "started"):
        for table, rows in item[kind].items():
            if rows:
                groups.append(
                    (KIND_WORDS[kind], table_name(table), [describe_row(table, r, names) for r in rows])
                )
    for kind, key in (("removed", "households_removed"), ("added", "households_added")):
        if item[key]:
            groups.append(
                (
                    KIND_WORDS[kind],
                    HOUSEHOLDS.zh,
                    [describe_row(HOUSEHOLDS.name, [h], names) for h in item[key]],
                )
            )
    if item["properties"]:
        phrases = []
        for change in item["properties"]:
            entity, prop, old, new = describe_property(change, names)
            phrases.append(f"{entity} {prop}：{old}" + (f" → {new}" if new or old != PERSONAL_VALUE else ""))
        groups.append((KIND_WORDS["property"], "名册信息", phrases))
    return groups


def plan_groups(plan, names: dict, shown: int = 200) -> list[dict]:
    """A snapshot plan (loaders/snapshot.py) per table for a page: counts, and up to `shown` phrases
    of each kind of change (a table the scope held none of starts everything: counted, not listed)."""
    groups = []
    for table, diff in plan.tables.items():
        kinds = [
            ("开始", diff.started if not diff.baseline else [], len(diff.started)),
            ("结束（快照中缺少）", diff.ended, len(diff.ended)),
            ("花名册标明已结束", diff.closed, len(diff.closed)),
        ]
        groups.append(
            {
                "table": table,
                "name": table_name(table),
                "before": diff.active_before,
                "kinds": [
                    {
                        "kind": k,
                        "count": n,
                        "rows": [describe_row(table, list(r), names) for r in rows[:shown]],
                    }
                    for k, rows, n in kinds
                ],
            }
        )
    if plan.households_stated:
        added = plan.households_added if plan.households_before else []
        groups.append(
            {
                "table": HOUSEHOLDS.name,
                "name": HOUSEHOLDS.zh,
                "before": plan.households_before,
                "kinds": [
                    {
                        "kind": "新增",
                        "count": len(plan.households_added),
                        "rows": [describe_row(HOUSEHOLDS.name, [h], names) for h in added[:shown]],
                    },
                    {
                        "kind": "移出名册",
                        "count": len(plan.households_removed),
                        "rows": [
                            describe_row(HOUSEHOLDS.name, [h], names) for h in plan.households_removed[:shown]
                        ],
                    },
                ],
            }
        )
    return groups
