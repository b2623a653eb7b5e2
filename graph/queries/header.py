"""The header of a saved query: `// @key: value` lines at the top of a `.cypher` file.

    // @title: 乡镇第一书记及任期
    // @category: 人员
    // @description: 所选乡镇各村在截至日期在岗的第一书记，
    //   及其派出单位与任期。            (indented `//` lines continue the line above)
    // @param township: township | 乡镇 | required | choices=@townships
    // @param as_of: date | 截至日期 | default=today
    // @param status: string | 户状态 | choices=未脱贫,监测对象 | default=未脱贫
    // @param days: int | 天数 | default=30 | min=0 | max=3650
    // @display: bar x=致贫原因 y=户数        (or: table · graph)
    MATCH …

The header is every leading `//` line; a bare `//` is allowed, anything else in it is an error.
Checked strictly when the file is read, with errors that name the file and the line: unknown keys,
repeated keys, unknown types/options/categories, defaults of the wrong type or outside the choices,
`$names` used in the Cypher but not declared (and declared but not used), chart columns that the
query never returns (`AS name`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.queries.errors import QueryDefinitionError
from graph.queries.lexer import strip_comments_and_strings, strip_comments_and_strings_keep_ticks, used_params
from graph.queries.scalars import convert_scalar

TYPES = (
    "string",
    "int",
    "float",
    "date",
    "bool",
    "region",
    "person",
    "household",
    "unit",
    "village",
    "township",
)
PARAM_TYPE_NAMES = {  # what forms and the CLI call the parameter types
    "string": "文字",
    "int": "整数",
    "float": "数字",
    "date": "日期",
    "bool": "是/否",
    "region": "区划",
    "person": "人员",
    "household": "户",
    "unit": "单位",
    "village": "村",
    "township": "乡镇",
}
ENTITY_TYPES = ("region", "person", "household", "unit", "village", "township")
CATEGORIES = ("人员", "村", "户", "单位", "企业", "组织", "政策", "责任落实", "综合")
DISPLAYS = ("table", "graph", "bar")
KEYS = ("title", "description", "category", "param", "display")
REQUIRED_KEYS = ("title", "description", "category")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ALIAS_RE = re.compile(r"\bAS\s+(`[^`]+`|[^\s,`()\[\]{}]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    label: str
    required: bool = False
    default: Any = None  # already converted (dates: the text "today" or a date)
    default_text: str | None = None
    choices: tuple[str, ...] | None = None  # static choices (text)
    choices_query: str | None = None  # name of a choices query (cypher/queries/choices/<name>)
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Display:
    kind: str = "table"
    x: str | None = None
    y: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    category: str
    params: tuple[Param, ...]
    display: Display
    cypher: str  # the whole file text (header comments are harmless to Neo4j)
    path: Path | None = None
    source: str = "shipped"  # shipped · user · rule · stored (graph/queries/stored.py)
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def revision(self) -> int | None:
        """Moves whenever the definition may have (a stored query's version; files are read once):
        what the web caches key a query's results and pages by."""
        return self.extra.get("version")

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def describe(self) -> dict:
        """What a form or an API listing needs (no Cypher, no file system paths)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "category": self.category,
            "source": self.source,
            "display": {"kind": self.display.kind, "x": self.display.x, "y": self.display.y},
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "label": p.label,
                    "required": p.required,
                    "default": p.default_text,
                    "choices": list(p.choices) if p.choices else None,
                    "choices_query": p.choices_query,
                    "min": p.minimum,
                    "max": p.maximum,
                }
                for p in self.params
            ],
            **(
                {
                    "author": self.extra.get("author"),
                    "version": self.extra.get("version"),
                    "updated_at": str(self.extra.get("updated_at") or "") or None,
                }
                if self.source == "stored"
                else {}
            ),
        }


def _cjk(char: str) -> bool:
    return ord(char) >= 0x2E80


def _split_options(value: str) -> list[str]:
    return [part.strip() for part in value.replace("｜", "|").split("|")]


def _convert_default(path, line, p_name: str, p_type: str, text: str):
    """Check a default against its declared type (entity types are checked when the query runs)."""
    if p_type == "date" and text == "today":
        return "today"
    if p_type in ENTITY_TYPES:
        return text
    try:
        return convert_scalar(p_type, text)
    except ValueError as exc:
        raise QueryDefinitionError(
            path, line, f"参数 {p_name} 的默认值“{text}”不是 {p_type} 类型：{exc}"
        ) from None


def parse_param(path, line: int, value: str, choices_names: set[str] | None) -> Param:
    head, sep, rest = value.partition(":")
    name = head.strip()
    if not sep:
        raise QueryDefinitionError(path, line, "参数应写作 `// @param 名称: 类型 | 中文名 | 选项…`")
    if not NAME_RE.match(name):
        raise QueryDefinitionError(
            path, line, f"参数名“{name}”无效：只能用小写英文字母、数字和下划线，并以字母开头"
        )
    parts = _split_options(rest)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise QueryDefinitionError(
            path, line, f"参数 {name} 需要类型和中文名：`{name}: 类型 | 中文名 | 选项…`"
        )
    p_type, label = parts[0], parts[1]
    if p_type not in TYPES:
        raise QueryDefinitionError(
            path, line, f"参数 {name} 的类型“{p_type}”无效，可用类型：{'、'.join(TYPES)}"
        )
    required = False
    default_text = None
    choices = choices_query = None
    minimum = maximum = None
    seen: set[str] = set()
    for opt in parts[2:]:
        if not opt:
            raise QueryDefinitionError(path, line, f"参数 {name} 有空的选项（多了一个 `|`？）")
        key, eq, val = opt.partition("=")
        key, val = key.strip(), val.strip()
        if key in seen:
            raise QueryDefinitionError(path, line, f"参数 {name} 的选项 {key} 重复")
        seen.add(key)
        if key == "required" and not eq:
            required = True
        elif key == "default" and eq:
            if not val:
                raise QueryDefinitionError(path, line, f"参数 {name} 的默认值为空；不设默认值请省略 default")
            default_text = val
        elif key == "choices" and eq:
            if val.startswith("@"):
                choices_query = val[1:]
                if choices_names is not None and choices_query not in choices_names:
                    raise QueryDefinitionError(
                        path,
                        line,
                        f"参数 {name} 的选项来源 @{choices_query} 不存在；可用的选项来源："
                        + ("、".join("@" + c for c in sorted(choices_names)) or "（无）"),
                    )
            else:
                items = [c.strip() for c in re.split(r"[,，、]", val)]
                if not val or any(not c for c in items):
                    raise QueryDefinitionError(path, line, f"参数 {name} 的选项列表有空项：{val}")
                if len(set(items)) != len(items):
                    raise QueryDefinitionError(path, line, f"参数 {name} 的选项列表有重复项：{val}")
                choices = tuple(items)
        elif key in ("min", "max") and eq:
            if p_type not in ("int", "float"):
                raise QueryDefinitionError(path, line, f"参数 {name}：{key} 只适用于 int/float 类型")
            try:
                number = float(val)
            except ValueError:
                raise QueryDefinitionError(path, line, f"参数 {name} 的 {key}“{val}”不是数字") from None
            minimum, maximum = (number, maximum) if key == "min" else (minimum, number)
        else:
            raise QueryDefinitionError(
                path,
                line,
                f"参数 {name} 的选项“{opt}”无法识别；可用：required、default=值、"
                "choices=甲,乙 或 choices=@来源、min=数、max=数",
            )
    if required and default_text is not None:
        raise QueryDefinitionError(path, line, f"参数 {name} 既是 required 又有默认值，二者只能取其一")
    if choices and p_type in ("bool", "date"):
        raise QueryDefinitionError(path, line, f"参数 {name}：{p_type} 类型不能带选项列表")
    if choices:
        for c in choices:
            _convert_default(path, line, name, p_type, c)
    default = None
    if default_text is not None:
        default = _convert_default(path, line, name, p_type, default_text)
        if choices and default_text not in choices:
            raise QueryDefinitionError(
                path, line, f"参数 {name} 的默认值“{default_text}”不在选项 {'、'.join(choices)} 中"
            )
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            if (minimum is not None and default < minimum) or (maximum is not None and default > maximum):
                raise QueryDefinitionError(
                    path, line, f"参数 {name} 的默认值 {default_text} 超出 min/max 范围"
                )
    return Param(
        name, p_type, label, required, default, default_text, choices, choices_query, minimum, maximum
    )


def parse_display(path, line: int, value: str) -> Display:
    words = value.split()
    if not words or words[0] not in DISPLAYS:
        raise QueryDefinitionError(path, line, f"显示方式“{value}”无效，应为 table、graph 或 bar x=列 y=列")
    kind, opts = words[0], {}
    for word in words[1:]:
        key, eq, val = word.partition("=")
        if kind != "bar" or key not in ("x", "y") or not eq or not val or key in opts:
            raise QueryDefinitionError(path, line, f"显示方式的选项“{word}”无效；只有 bar 可带 x=列 y=列")
        opts[key] = val
    if kind == "bar" and set(opts) != {"x", "y"}:
        raise QueryDefinitionError(
            path, line, "柱状图需要写明 x=列 和 y=列，例如 `// @display: bar x=致贫原因 y=户数`"
        )
    return Display(kind, opts.get("x"), opts.get("y"))


def parse_query_file(
    path: Path,
    text: str | None = None,
    *,
    name: str | None = None,
    source: str = "shipped",
    choices_names: set[str] | None = None,
) -> SavedQuery:
    """Read and validate one saved query; QueryDefinitionError names the file and line."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise QueryDefinitionError(path, None, "文件不是 UTF-8 编码") from None
    name = name or path.stem
    if not NAME_RE.match(name):
        raise QueryDefinitionError(
            path, None, f"查询名“{name}”无效：文件名只能用小写英文字母、数字和下划线，并以字母开头"
        )
    lines = text.splitlines()
    values: dict[str, tuple[int, str]] = {}
    params: list[tuple[int, str]] = []
    last_key: str | None = None
    body_start = len(lines)
    for idx, raw in enumerate(lines):
        lineno = idx + 1
        stripped = raw.strip()
        if not stripped.startswith("//"):
            body_start = idx
            break
        content = stripped[2:]
        if not content.strip():
            last_key = None
            continue
        if content.lstrip().startswith("@"):
            m = re.match(r"^\s*@([A-Za-z_]+)\s*(.*)$", content)
            key = m.group(1) if m else ""
            rest = m.group(2) if m else ""
            if key not in KEYS:
                raise QueryDefinitionError(
                    path, lineno, f"未知的表头项 @{key}；可用：" + "、".join("@" + k for k in KEYS)
                )
            if key == "param":
                params.append((lineno, rest.strip()))
                last_key = None
                continue
            if not rest.startswith(":"):
                raise QueryDefinitionError(path, lineno, f"@{key} 后应有冒号，例如 `// @{key}: …`")
            if key in values:
                raise QueryDefinitionError(path, lineno, f"@{key} 重复（第 {values[key][0]} 行已写过）")
            values[key] = (lineno, rest[1:].strip())
            last_key = key
        elif content.startswith(("  ", "\t", "\u3000")) and last_key == "description":
            line0, prev = values["description"]
            more = content.strip()
            glue = "" if not prev or _cjk(prev[-1]) or _cjk(more[0]) else " "
            values["description"] = (line0, prev + glue + more)
        else:
            raise QueryDefinitionError(
                path,
                lineno,
                "表头行无法识别：表头只能是 `// @键: 值` 行、空的 `//` 行，"
                "或紧接 @description 之后、`//` 后缩进两格以上的续行",
            )
    else:
        body_start = len(lines)
    for key in REQUIRED_KEYS:
        if key not in values or not values[key][1]:
            raise QueryDefinitionError(
                path, values.get(key, (1,))[0], f"缺少 @{key}（表头须有 @title、@description、@category）"
            )
    cat_line, category = values["category"]
    if category not in CATEGORIES:
        raise QueryDefinitionError(path, cat_line, f"分类“{category}”无效，可用分类：{'、'.join(CATEGORIES)}")
    display = parse_display(path, *values["display"]) if "display" in values else Display()

    declared: dict[str, Param] = {}
    for lineno, value in params:
        p = parse_param(path, lineno, value, choices_names)
        if p.name in declared:
            raise QueryDefinitionError(path, lineno, f"参数 {p.name} 重复声明")
        declared[p.name] = p
    body = "\n".join(lines[body_start:])
    if not strip_comments_and_strings(body).strip():
        raise QueryDefinitionError(path, body_start + 1, "表头之后没有 Cypher 查询")
    check_params_used(path, body, body_start, declared, {n: line for (line, v), n in zip(params, declared)})
    if display.kind == "bar":
        aliases = {a.strip("`") for a in ALIAS_RE.findall(strip_comments_and_strings_keep_ticks(body))}
        for col in (display.x, display.y):
            if col not in aliases:
                raise QueryDefinitionError(
                    path, values["display"][0], f"柱状图的列“{col}”不在查询的返回列中（应有 `AS {col}`）"
                )
    return SavedQuery(
        name=name,
        title=values["title"][1],
        description=values["description"][1],
        category=category,
        params=tuple(declared.values()),
        display=display,
        cypher=text,
        path=path,
        source=source,
    )


def check_params_used(
    path, body: str, body_start: int, declared: dict[str, Param], decl_lines: dict[str, int]
) -> None:
    used = used_params(body)
    for name, offset in used.items():
        if name not in declared:
            raise QueryDefinitionError(
                path,
                body_start + offset + 1,
                f"查询用到参数 ${name}，但表头没有声明（加一行 `// @param {name}: 类型 | 中文名`）",
            )
    for name in declared:
        if name not in used:
            raise QueryDefinitionError(
                path, decl_lines.get(name), f"参数 {name} 已声明，但查询中没有用到 ${name}"
            )
