"""The one vocabulary of what people read: Chinese words for every label, relationship type and
property the web app shows (entity pages, search, the explorer's side panel, query results, the
captions and tooltips of exported pictures), and how a value reads (是/否, dates as dates, — for
nothing).

A property a loader writes from a roster column is called what that column's Chinese header calls
it (graph/roster/, the input contract): the page says 户状态 where the roster says 户状态, and a
new column gets its word where the column is declared. A table's declaration also gives the words of
its other labels (党组织, 单位, 县区 …), of the relationships its reference columns or no column name
(隶属, 位于 …) and of the properties its statements derive. Only what no table writes is named here.

The JSON API keeps the English keys; this module is for people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from graph.elements import main_label
from graph.masking import SEALED_SUFFIXES
from graph.roster.model import PROPERTY_OF_COLUMN, Table, without_code
from graph.roster.writes import RelShape
from graph.tables import TABLES, TABLES_BY_NAME, node_labels

EMPTY = "—"

# -- where words come from: the table declarations (graph/roster/) ------------------------------------

# node label → the roster table its nodes are loaded from
NODE_TABLES = {label: t.name for t in TABLES for label in node_labels(t)}
# relationship type → the roster table each of its rows comes from
REL_TABLES = {
    s.writes.type: t.name
    for t in TABLES
    if not t.is_node_table
    for s in t.steps
    if isinstance(s.writes, RelShape) and not s.pair
}
# the loaders store a span's columns under shorter property names (loaders/write.py)
COLUMN_OF_PROPERTY = {prop: column for column, prop in PROPERTY_OF_COLUMN.items()}


def _table(name: str) -> Table:
    return TABLES_BY_NAME[name]


def _pair_word(table: Table, step) -> str:
    """A one-per-pair relationship's word: its declaration's, else its reference column's header
    without 代码/编号 (工作单位代码 → 工作单位)."""
    return step.word or without_code(table.column(step.needs[0]).zh)


# -- labels ------------------------------------------------------------------------------------------


def _label_words(table: Table) -> dict[str, str]:
    """A node table's own label is called what the table is; its other labels as it declares."""
    labels = node_labels(table)
    return {labels[0]: table.zh, **dict(table.label_words)} if labels else {}


LABEL_NAMES: dict[str, str] = {
    **{label: word for t in TABLES for label, word in _label_words(t).items()},
    # kinds with no table of their own
    "Program": "政策项目",
    "Load": "导入批次",
    "ProposedFact": "报告事实",
    "SourceDocument": "工作报告",
}

# Exported pictures name kinds in the fewest characters (a legend beside 5,000 nodes); the same kinds.
PICTURE_LABEL_NAMES: dict[str, str] = {
    **LABEL_NAMES,
    "Region": "区划",
    "Organization": "组织",
    "Person": "干部",
    "Household": "户",
    "Enterprise": "企业",
    "Program": "帮扶项目",
    "CadreGroup": "干部（按单位汇总）",
    "Other": "其他",  # kinds only pictures have (graph/export/rollup.py)
}

# -- relationship types ------------------------------------------------------------------------------

TYPE_NAMES: dict[str, str] = {
    **{rel: _table(table).zh for rel, table in REL_TABLES.items()},
    **{s.writes.type: _pair_word(t, s) for t in TABLES for s in t.steps if s.pair},
    # relationships no table writes
    "SOURCE": "来源报告",
    "FROM": "出自",
    "ROLLUP": "汇总",
}

# -- properties --------------------------------------------------------------------------------------

# properties no roster column names: written by a loader from other columns (declared with their
# table), or by pictures and pages
DERIVED_PROPERTIES = {
    **{d.name: d.zh for t in TABLES for d in t.derived},
    "households": "户数",
    "people": "人数",
    "members": "人员",
    "count": "条数",
    "fact_id": "报告事实编号",
}
# bookkeeping nobody needs to read: provenance, merge keys, search text, a row's fingerprint
HIDDEN_PROPERTIES = frozenset(
    {
        "search_text",
        "search_name",
        "created_load",
        "updated_load",
        "start_key",
        "year_key",
        "created_fact",
        "source_fact",
        "row_hash",
        # a help pair's latest visit of each kind, kept by the load for visit_overdue (docs/graph-model.md)
        "last_visit_kinds",
        "last_visit_dates",
        "latest_visit",
        "last_home_visit",
        "last_phone_visit",
        "last_video_visit",
        "last_other_visit",
    }
)
# the same key in several tables reads differently (名称/姓名, 出列年份/脱贫年份): the word used where
# the owner is not known
NEUTRAL_WORDS = {
    "name": "名称",
    "code": "代码",
    "kind": "类型",
    "start": "开始日期",
    "end": "结束日期",
    "exit_year": "出列/脱贫年份",
    "unit_code": "单位代码",
}
EXTRA_PREFIX = "extra_"  # unknown roster columns, kept under their own header (docs/graph-model.md)


def _stored_columns(table: Table, node: bool = False) -> dict[str, str]:
    """property → header for the columns a table's nodes store as properties (references become
    relationships) or a relationship table stores on its relationship (the references that are
    not its end nodes)."""
    by_column = {c.name: c.zh for c in table.columns}
    props = {}
    for column in table.columns:
        if (node or table.is_node_table) and column.kind == "reference":
            continue
        props[column.name] = column.zh
    for prop, column in COLUMN_OF_PROPERTY.items():
        if column in by_column:
            props[prop] = by_column[column]
            props.pop(column, None)
    return props


def _derived_with_columns(table: Table) -> dict[str, str]:
    return {d.name: d.zh for d in table.derived if d.with_columns}


OWNER_PROPERTIES: dict[str, dict[str, str]] = {
    **{
        label: {**_stored_columns(_table(table), node=True), **_derived_with_columns(_table(table))}
        for label, table in NODE_TABLES.items()
    },
    **{
        rel: {**_stored_columns(_table(table)), **_derived_with_columns(_table(table))}
        for rel, table in REL_TABLES.items()
    },
}


def _generic_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for props in OWNER_PROPERTIES.values():
        for key, word in props.items():
            words.setdefault(key, word)
    return {**words, **DERIVED_PROPERTIES, **NEUTRAL_WORDS}


PROPERTY_NAMES: dict[str, str] = _generic_words()


def label_name(label: str | None) -> str:
    return LABEL_NAMES.get(label or "", label or "")


def type_name(rel_type: str | None) -> str:
    return TYPE_NAMES.get(rel_type or "", rel_type or "")


def is_hidden(key: str) -> bool:
    """Bookkeeping nobody reads on a page: provenance, search text, a sealed number's hash and
    ciphertext (graph/pii.py; an admin's unmasked view shows the opened number instead)."""
    return key in HIDDEN_PROPERTIES or key.endswith(SEALED_SUFFIXES)


def property_name(key: str, owner: str | None = None) -> str:
    """The Chinese word for property `key` of a node with label `owner` (or a relationship of type
    `owner`); a roster column the format does not know reads as its own header."""
    if owner is not None and key in OWNER_PROPERTIES.get(owner, {}):
        return OWNER_PROPERTIES[owner][key]
    if key in PROPERTY_NAMES:
        return PROPERTY_NAMES[key]
    if key.startswith(EXTRA_PREFIX):
        return key[len(EXTRA_PREFIX) :]
    return key


def reference_word(owner: str, column: str) -> str:
    """What a reference column of a node's roster row names, as a word for the thing it points at:
    组织机构's 上级组织代码 → 上级组织, 带贫主体's 负责人编号 → 负责人."""
    return without_code(_table(NODE_TABLES[owner]).column(column).zh)


def owner_of(labels: Iterable[str]) -> str | None:
    """The label whose words a node's properties take: the one that names it (graph/elements.py),
    when it has words."""
    label = main_label(labels)
    return label if label in OWNER_PROPERTIES else None


# -- values ------------------------------------------------------------------------------------------


def percent(value: float | None, empty: str = EMPTY) -> str:
    """A share as every page, download and 通报 writes it: one decimal (0.9398 → 94.0%), so that 总览
    and the 通报 never disagree in rounding."""
    return empty if value is None else f"{value * 100:.1f}%"


def value_text(value: Any, empty: str = EMPTY) -> str:
    """A value as people read it: 是/否, dates as YYYY-MM-DD, whole numbers without .0, lists with 、,
    and `empty` (—) for nothing."""
    if value is None or value == "" or value == []:
        return empty
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value:  # NaN
            return empty
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(v, empty) for v in value)
    if hasattr(value, "to_native"):  # neo4j.time values
        value = value.to_native()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def facts(props: dict[str, Any], owner: str | None = None) -> list[tuple[str, str]]:
    """(word, value) for each shown property, in the roster's column order, then the rest by name."""
    order = list(OWNER_PROPERTIES.get(owner or "", {}))
    keys = [k for k in props if not is_hidden(k)]
    keys.sort(key=lambda k: (order.index(k) if k in order else len(order), k))
    return [(property_name(k, owner), value_text(props[k])) for k in keys]
