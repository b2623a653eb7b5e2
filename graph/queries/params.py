"""Parameter values: text (CLI, web form) or Python values in, the declared type out.

Every value is checked before the query runs; a bad one is a ParameterError naming the parameter.
Entity types (region, township, village, unit, person, household) accept the key (code / id) or an
exact name, must exist in the graph with the right label, and become the key. Values are only ever
passed to Neo4j as parameters, never written into the Cypher text.
"""

from __future__ import annotations

from typing import Any

from graph import names
from graph.queries.errors import ParameterError
from graph.queries.header import Param, SavedQuery
from graph.queries.scalars import convert_scalar

# type → (label, key property, name property, Chinese noun)
ENTITIES = {
    "region": ("Region", "code", "name", "区划"),
    "township": ("Township", "code", "name", "乡镇"),
    "village": ("Village", "code", "name", "村"),
    "unit": ("Unit", "code", "name", "单位"),
    "person": ("Person", "person_id", "name", "人员"),
    "household": ("Household", "household_id", "head_name", "户"),
}


def _describe(p: Param) -> str:
    return f"{p.label}（{p.name}）"


def resolve_entity(graph, p: Param, key: str) -> str:
    """The key of the entity the text names (key first, then exact name, or a form's suggestion
    “名称（编号）”); it must exist."""
    label, key_prop, name_prop, noun = ENTITIES[p.type]
    key = names.suggested_key(key) or key  # a type-ahead value “名称（编号）”
    rows = graph.read(
        f"MATCH (n:{label}) WHERE n.{key_prop} = $v RETURN n.{key_prop} AS key, n.{name_prop} AS name "
        f"UNION MATCH (n:{label}) WHERE n.{name_prop} = $v RETURN n.{key_prop} AS key, n.{name_prop} AS name",
        {"v": key},
    )
    exact = [r for r in rows if r["key"] == key]
    if exact:
        return key
    if len(rows) == 1:
        return rows[0]["key"]
    if not rows:
        raise ParameterError(f"参数 {_describe(p)}：找不到{noun}“{key}”（请填写编号/代码或准确的名称）")
    shown = "、".join(f"{r['name']}（{r['key']}）" for r in rows[:10])
    raise ParameterError(f"参数 {_describe(p)}：名称“{key}”对应多个{noun}：{shown}，请改填编号/代码")


def choice_values(graph, runner_choices, p: Param) -> list[str] | None:
    """Allowed values, or None when anything of the type goes. An entity parameter with choices from
    the graph is already checked by resolve_entity (it exists, with the right label); its choices
    only feed forms, so a county-sized list is not fetched on every run."""
    if p.choices is not None:
        return list(p.choices)
    if p.type in ENTITIES:
        return None
    if p.choices_query is not None and runner_choices is not None:
        return [str(c["value"]) for c in runner_choices(p.choices_query)]
    return None


def convert_params(query: SavedQuery, raw: dict[str, Any] | None, graph=None, choices=None) -> dict[str, Any]:
    """Declared parameters, checked and converted; unknown names and missing required ones are errors.

    `choices(name)` returns the rows of a choices query (value, label), for `choices=@name`.
    """
    raw = dict(raw or {})
    unknown = sorted(set(raw) - {p.name for p in query.params})
    if unknown:
        known = "、".join(f"{p.name}（{p.label}）" for p in query.params) or "（无参数）"
        raise ParameterError(f"查询 {query.name} 没有参数 {'、'.join(unknown)}；可用参数：{known}")
    out: dict[str, Any] = {}
    for p in query.params:
        value = raw.get(p.name)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if p.required:
                raise ParameterError(f"缺少必填参数 {_describe(p)}")
            if p.default is None:
                out[p.name] = None
                continue
            value = p.default_text
        try:
            converted = convert_scalar(p.type, value)
        except ValueError as exc:
            raise ParameterError(f"参数 {_describe(p)} 的值无效：{exc}") from None
        if p.type in ("int", "float"):
            if p.minimum is not None and converted < p.minimum:
                raise ParameterError(f"参数 {_describe(p)} 不能小于 {p.minimum:g}（收到 {converted}）")
            if p.maximum is not None and converted > p.maximum:
                raise ParameterError(f"参数 {_describe(p)} 不能大于 {p.maximum:g}（收到 {converted}）")
        if p.type in ENTITIES:
            if graph is None:
                raise ParameterError(f"参数 {_describe(p)} 需要连接数据库才能核对")
            converted = resolve_entity(graph, p, converted)
        allowed = choice_values(graph, choices, p)
        if allowed is not None and any(
            str(c) not in allowed for c in (converted if isinstance(converted, list) else [converted])
        ):
            shown = "、".join(allowed[:30]) + ("……" if len(allowed) > 30 else "")
            raise ParameterError(f"参数 {_describe(p)} 的值“{value}”不在可选范围内：{shown}")
        out[p.name] = converted
    return out
