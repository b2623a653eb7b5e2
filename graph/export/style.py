"""How each kind of node and relationship looks: Chinese names, colours, shapes, captions, tooltips.

One table serves the HTML (vis-network shapes), the pictures (matplotlib markers) and the legends.
Personal data is masked here, for every format, unless the caller explicitly asks for it unmasked:
id numbers `4101**********1234`, phones `138****5678`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.export.subgraph import ENode, ERel


@dataclass(frozen=True)
class Kind:
    label: str      # the graph label it stands for
    name: str       # Chinese, for legends and tooltips
    color: str
    shape: str      # vis-network shape (label drawn below the shape)
    marker: str     # matplotlib marker
    size: int       # base size in pixels (vis)


KINDS: dict[str, Kind] = {k.label: k for k in (
    Kind("County", "县区", "#7f2704", "star", "*", 30),
    Kind("Township", "乡镇", "#d94801", "diamond", "D", 24),
    Kind("Village", "村", "#f16913", "square", "s", 16),
    Kind("PartyOrg", "党组织", "#cb181d", "triangle", "^", 14),
    Kind("Unit", "单位", "#2171b5", "hexagon", "h", 16),
    Kind("Person", "干部", "#238b45", "dot", "o", 9),
    Kind("CadreGroup", "干部（按单位汇总）", "#41ab5d", "dot", "o", 14),
    Kind("Household", "户", "#807dba", "dot", ".", 5),
    Kind("Enterprise", "企业", "#525252", "hexagon", "h", 14),
    Kind("Program", "帮扶项目", "#b8a200", "triangleDown", "v", 12),
    Kind("Region", "区划", "#fd8d3c", "square", "s", 14),
    Kind("Organization", "组织", "#6baed6", "hexagon", "h", 12),
    Kind("Other", "其他", "#969696", "dot", "o", 8),
)}

_ORDER = ("County", "Township", "Village", "PartyOrg", "Unit", "CadreGroup", "Person", "Household",
          "Enterprise", "Program", "Region", "Organization")


def main_label(node: ENode) -> str:
    for label in _ORDER:
        if label in node.labels:
            return label
    return "Other"


def kind_of(node: ENode) -> Kind:
    return KINDS[main_label(node)]


REL_NAMES = {
    "PART_OF": "隶属", "REPORTS_TO": "上级组织", "LOCATED_IN": "位于", "GOVERNS": "领导",
    "HOLDS_POST": "任职", "WORKS_AT": "工作单位", "ASSIGNED_TO": "责任", "HELPS": "结对帮扶",
    "LIVES_IN": "居住", "MANAGES": "负责人", "HAS_PARTY_ORG": "党组织", "LIFTS": "带贫",
    "RECEIVES": "享受", "ROLLUP": "汇总",
}

PROP_NAMES = {
    "code": "代码", "name": "名称", "level": "层级", "poor_village": "贫困村", "weak_org": "软弱涣散",
    "exit_year": "出列/脱贫年份", "kind": "类型", "person_id": "人员编号", "gender": "性别",
    "id_number": "身份证号", "political_status": "政治面貌", "rank": "职级", "phone": "联系电话",
    "household_id": "户编号", "head_name": "户主姓名", "head_id_number": "户主身份证号",
    "size": "家庭人口", "status": "户状态", "category": "户类型", "cause": "主要致贫原因",
    "enterprise_id": "企业编号", "credit_code": "统一社会信用代码", "role": "责任类型",
    "start": "开始日期", "end": "结束日期", "unit_code": "派出单位代码", "title": "职务",
    "is_secretary": "书记", "mode": "带贫方式", "annual_income": "年增收（元）", "year": "年度",
    "amount": "金额（元）", "households": "户数", "people": "人数", "members": "人员",
    "count": "条数",
}

# properties shown in a tooltip, per label, in this order (others are left to GraphML/GEXF)
TOOLTIP_KEYS = {
    "County": ("code", "level"),
    "Township": ("code", "level"),
    "Village": ("code", "poor_village", "weak_org", "exit_year", "households"),
    "Region": ("code", "level"),
    "PartyOrg": ("code", "kind"),
    "Unit": ("code", "kind"),
    "Organization": ("code", "kind"),
    "Person": ("person_id", "gender", "political_status", "rank", "id_number", "phone"),
    "CadreGroup": ("people", "members"),
    "Household": ("household_id", "head_id_number", "size", "status", "category", "cause", "exit_year"),
    "Enterprise": ("enterprise_id", "kind", "credit_code"),
    "Program": (),
}

INTERNAL_KEYS = {"start_key", "created_load", "updated_load"}

# -- masking: graph.masking, the project's one masking module ----------------------------------
from graph.masking import is_id_key, is_phone_key, mask_id, mask_phone, mask_properties  # noqa: E402,F401


def mask_props(props: dict, unmasked: bool = False) -> dict:
    """A copy of `props` with id numbers and phones masked (unless `unmasked`)."""
    return dict(props) if unmasked else mask_properties(props)


# -- text --------------------------------------------------------------------------------------
def text_of(value: Any) -> str:
    """A property value as people read it (dates ISO, booleans 是/否, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "、".join(text_of(v) for v in value)
    if hasattr(value, "iso_format"):          # neo4j.time Date / DateTime / Time / Duration
        return value.iso_format()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def caption(node: ENode) -> str:
    """The short label drawn beside a node."""
    p = node.props
    label = main_label(node)
    if label == "Household":
        return f"{p.get('head_name') or p.get('household_id') or '户'}户"
    if label == "Village" and p.get("households"):
        return f"{p.get('name') or p.get('code')}（{p['households']}户）"
    for key in ("name", "head_name", "code", "person_id", "household_id", "enterprise_id"):
        if p.get(key):
            return str(p[key])
    return kind_of(node).name


def rel_caption(rel: ERel) -> str:
    p = rel.props
    if rel.type == "ASSIGNED_TO" and p.get("role"):
        return str(p["role"])
    if rel.type == "HOLDS_POST" and p.get("title"):
        return str(p["title"])
    if rel.type == "LIFTS" and p.get("mode"):
        return str(p["mode"])
    if rel.type == "ROLLUP":
        return str(p.get("name") or "")
    return REL_NAMES.get(rel.type, rel.type)


def tooltip(node: ENode, unmasked: bool = False) -> str:
    """Plain text (vis-network shows a string title as text): kind, caption, key properties."""
    kind = kind_of(node)
    props = mask_props(node.props, unmasked)
    lines = [f"【{kind.name}】{caption(node)}"]
    keys = TOOLTIP_KEYS.get(main_label(node), tuple(k for k in props if k not in INTERNAL_KEYS))
    for key in keys:
        if props.get(key) not in (None, ""):
            lines.append(f"{PROP_NAMES.get(key, key)}：{text_of(props[key])}")
    return "\n".join(lines)


def rel_tooltip(rel: ERel) -> str:
    lines = [f"【{REL_NAMES.get(rel.type, rel.type)}】{rel_caption(rel)}"]
    for key, value in rel.props.items():
        if key in INTERNAL_KEYS or key == "role" or value in (None, ""):
            continue
        lines.append(f"{PROP_NAMES.get(key, key)}：{text_of(value)}")
    return "\n".join(lines)


def legend(sub) -> list[tuple[Kind, int]]:
    """(kind, count) for each kind present, in legend order."""
    counts = sub.count_by_label()
    return [(KINDS[label], counts[label]) for label in (*_ORDER, "Other") if counts.get(label)]
