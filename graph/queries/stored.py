"""Saved queries kept in Neo4j: what analysts save from the web's Cypher editor (常用查询).

A stored query is the same thing as a shipped `.cypher` file — the same `// @title …` header, parsed
by graph/queries/header.py, run by the one QueryRunner with its form, limits, masking and exports —
but its text lives in a (:StoredQuery {name}) node with its author, created/updated times and a
version number, and every text it ever had in a (:StoredQueryVersion {name, version}) node, so an
edit can be seen in its history. Retiring hides it from the list and keeps it (and its versions);
restoring lists it again. Shipped queries stay files (graph/queries/catalogue.py lists both).

Saving (a new one or an edit) is refused, with a Chinese message that says where, and nothing
written, unless: the name is a slug (lower-case letters, digits, `_`) that no shipped query, user
file, rule or choices source uses (nor another stored query, retired ones included); the text reads
only (graph/queries/readonly.py: the text check, then Neo4j's own plan); the header parses; and
Neo4j can plan it (EXPLAIN, which runs nothing). Who may: any analyst saves; the author edits their
own; admins edit, retire and restore any (the caller says whether the user is an admin). Every save,
edit, retirement, restoration — and every refused save — is in the audit log with the query's name.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import cypher
from graph import audit
from graph.connection import Graph
from graph.errors import BangfuError, UsageError
from graph.queries.errors import NotReadOnly, QueryDefinitionError, UnknownQuery
from graph.queries.header import NAME_RE, SavedQuery, parse_query_file
from graph.queries.readonly import check_text


class QueryNames(Protocol):
    """What saving asks of the catalogue of query files (graph/queries/catalogue.py)."""

    choices: dict

    def is_taken(self, name: str) -> str | None: ...


class QueryRunner(Protocol):
    """What saving a stored query asks of the runner it is given (graph/queries/runner.py): the
    runner is passed in, so this module, which the catalogue reads, does not import the runner."""

    graph: Graph

    @property
    def file_catalogue(self) -> QueryNames: ...

    def explain(self, text: str) -> None: ...

    def refresh_stored(self) -> None: ...


NAME_MAX = 60
TEXT_MAX = 20_000
FIELD_MAX = 500
HEADER_RE = re.compile(r"^\s*//\s*@")


class StoredQueryRefused(UsageError):
    """A save, edit, retirement or restoration that is not allowed; nothing was written."""


@dataclass(frozen=True)
class StoredRecord:
    name: str
    title: str
    cypher: str
    author: str
    created_at: Any = None
    updated_at: Any = None
    updated_by: str | None = None
    version: int = 1
    retired: bool = False
    retired_at: Any = None
    retired_by: str | None = None


def _label(name: str) -> Path:
    """What error messages call a stored query (header.py names files by their path)."""
    return Path(f"常用查询 {name}")


def _native(value):
    return value.to_native() if hasattr(value, "to_native") else value


def _record(row: dict) -> StoredRecord:
    fields = {f.name for f in dataclasses.fields(StoredRecord)}
    return StoredRecord(**{k: _native(v) for k, v in row.items() if k in fields})


# -- reading -----------------------------------------------------------------------------------


def records(graph: Graph, *, with_retired: bool = False) -> list[StoredRecord]:
    rows = graph.read(cypher.load("app/stored_query_list"), {"with_retired": with_retired})
    return [_record(row) for row in rows]


def get(graph: Graph, name: str) -> StoredRecord | None:
    """The stored query `name`, retired or not."""
    return next((r for r in records(graph, with_retired=True) if r.name == name), None)


def stamp(graph: Graph) -> tuple:
    """Moves on every change to any stored query (cypher/app/stored_query_stamp.cypher)."""
    row = graph.read(cypher.load("app/stored_query_stamp"))[0]
    return (row["queries"], row["changes"])


def history(graph: Graph, name: str) -> list[dict]:
    """Every text the query had, newest first: version, title, cypher, saved_by, saved_at."""
    rows = graph.read(cypher.load("app/stored_query_history"), {"name": name})
    return [{k: _native(v) for k, v in row.items()} for row in rows]


def stored_query(record: StoredRecord, choices_names: set[str] | None = None) -> SavedQuery:
    """The record as a saved query of the catalogue (QueryDefinitionError when it does not parse)."""
    query = parse_query_file(
        _label(record.name), record.cypher, name=record.name, source="stored", choices_names=choices_names
    )
    return dataclasses.replace(
        query,
        path=None,
        extra={
            "author": record.author,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
            "updated_by": record.updated_by,
            "version": record.version,
        },
    )


def may_edit(record: StoredRecord, username: str, *, admin: bool) -> bool:
    """Admins edit any; the author their own (an analyst: the caller checks the role)."""
    return admin or record.author == username


# -- the text to save ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamField:
    """One parameter as the save form gives it (name, type, 中文名, options)."""

    name: str
    type: str = "string"
    label: str = ""
    required: bool = False
    default: str = ""
    choices: str = ""


def has_header(text: str) -> bool:
    """True when the text starts with a `// @key: …` header (then the form's fields are not used)."""
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.strip().startswith("//"):
            return False
        if HEADER_RE.match(line):
            return True
    return False


def _one_line(value: str | None, what: str) -> str:
    text = " ".join((value or "").split())
    if len(text) > FIELD_MAX:
        raise StoredQueryRefused(f"{what}最长 {FIELD_MAX} 个字。")
    return text


@dataclass(frozen=True)
class HeaderFields:
    """The save form's fields, for a text written without a header (no description: the title)."""

    title: str = ""
    description: str = ""
    category: str = "综合"
    display: str = "table"
    params: tuple[ParamField, ...] = ()


def compose(text: str, fields: HeaderFields | None = None) -> tuple[str, int]:
    """The text to save and how many header lines were put above what was written: the text as
    written when it has a header already (or no fields are given); otherwise the header the shipped
    files have, built from the form's fields, above it (then parsed like any file)."""
    text = text.replace("\r\n", "\n").strip("\n")
    if fields is None or has_header(text):
        return text + "\n", 0
    lines = [
        f"// @title: {_one_line(fields.title, '标题')}",
        f"// @category: {_one_line(fields.category, '分类') or '综合'}",
        f"// @description: {_one_line(fields.description or fields.title, '说明')}",
    ]
    for p in fields.params:
        name = p.name.strip()
        if not name:
            continue
        parts = [f"{name}: {p.type.strip()}", _one_line(p.label, f"参数 {name} 的中文名") or name]
        if p.required and not p.default.strip():  # a default is a value: the form's 必填 then adds nothing
            parts.append("required")
        if p.default.strip():
            parts.append(f"default={_one_line(p.default, f'参数 {name} 的默认值')}")
        if p.choices.strip():
            parts.append(f"choices={_one_line(p.choices, f'参数 {name} 的选项')}")
        lines.append("// @param " + " | ".join(parts))
    if fields.display and fields.display != "table":
        lines.append(f"// @display: {_one_line(fields.display, '显示方式')}")
    # a blank line ends the header: the text's own leading `//` comments stay comments
    return "\n".join(lines) + "\n\n" + text + "\n", len(lines) + 1


# -- checking ------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """A name for the URL made from a Chinese title or name: its pinyin (各村户数 → ge_cun_hu_shu),
    lower case, starting with a letter, at most NAME_MAX - 4 characters ('' when nothing is left)."""
    from pypinyin import lazy_pinyin

    words = "_".join(lazy_pinyin(text or "")).lower()
    words = re.sub(r"[^a-z0-9]+", "_", words).strip("_")
    words = re.sub(r"^[0-9_]+", "", words)
    return words[: NAME_MAX - 4].rstrip("_")


def _header_title(text: str) -> str:
    m = re.search(r"^\s*//\s*@title:\s*(.+)$", text or "", re.M)
    return m.group(1).strip() if m else ""


def name_for(runner: QueryRunner, name: str, title: str) -> str:
    """The name a new stored query is saved under: `name` when it is a well-formed English name (refused
    when taken); otherwise a slug of the name as written (Chinese allowed) or of the title, with _2, _3 …
    added until it is free."""
    name = (name or "").strip()
    if NAME_RE.match(name) and len(name) <= NAME_MAX:
        return check_name(runner, name)
    base = slug(name) or slug(title)
    if not base:
        raise StoredQueryRefused("请填写标题（中文即可），常用查询的网址名按它生成。")
    for n in range(1, 1000):
        candidate = base if n == 1 else f"{base}_{n}"
        if not runner.file_catalogue.is_taken(candidate) and get(runner.graph, candidate) is None:
            return candidate
    raise StoredQueryRefused(f"按标题生成的名称 {base} 已被占用太多次，请另填一个名称。")


def check_name(runner: QueryRunner, name: str) -> str:
    """A free, well-formed name for a new stored query (StoredQueryRefused otherwise)."""
    name = (name or "").strip()
    if not NAME_RE.match(name) or len(name) > NAME_MAX:
        raise StoredQueryRefused(
            f"名称“{name}”无效：只能用小写英文字母、数字和下划线，以字母开头，最长 {NAME_MAX} 个字符"
            "（例如 township_households）；中文写在标题里。"
        )
    taken = runner.file_catalogue.is_taken(name)
    if taken:
        raise StoredQueryRefused(f"名称 {name} 不可用：{taken}，请换一个名称。")
    other = get(runner.graph, name)
    if other is not None:
        state = "（已停用，可由管理员恢复）" if other.retired else ""
        raise StoredQueryRefused(
            f"名称 {name} 已被常用查询“{other.title}”（{other.author} 保存）使用{state}，请换一个名称。"
        )
    return name


def check_text_to_save(
    runner: QueryRunner, name: str, text: str, fields: HeaderFields | None = None
) -> tuple[str, SavedQuery]:
    """The text to save (with the header built from `fields` when it has none) and the query it
    defines, if it may be saved: read only, planned by Neo4j, a valid header. Lines in messages are
    those of the text as written."""
    if len(text) > TEXT_MAX:
        raise StoredQueryRefused(f"查询最长 {TEXT_MAX} 个字符。")
    where = f"常用查询 {name}"
    try:
        check_text(text)
    except NotReadOnly as exc:
        at = f" 第 {exc.line} 行" if exc.line else ""
        raise NotReadOnly(f"{where}{at}：{exc.message}", exc.line) from None
    try:
        runner.explain(text)
    except BangfuError as exc:  # the same error, said of this query (line and column kept)
        exc.message = f"{where}：{exc.message}"
        exc.args = (exc.message,)
        raise
    composed, added = compose(text, fields)
    try:
        query = parse_query_file(
            _label(name),
            composed,
            name=name,
            source="stored",
            choices_names=set(runner.file_catalogue.choices),
        )
    except QueryDefinitionError as exc:
        if not added or exc.line is None:
            raise
        # a line of the header built from the form has no number the analyst can see
        raise QueryDefinitionError(
            _label(name), exc.line - added if exc.line > added else None, exc.reason
        ) from None
    return composed, query


# -- writing ---------------------------------------------------------------------------------------


def _refused(graph: Graph, user: str, action: str, name: str, exc: BangfuError, remote_addr) -> None:
    detail = {"query": name, "action": action, "error": exc.message}
    audit.record(graph, user, "query_save_refused", detail, remote_addr)


def create(
    runner: QueryRunner,
    name: str,
    text: str,
    fields: HeaderFields | None = None,
    *,
    user: str,
    remote_addr: str | None = None,
) -> SavedQuery:
    """Save a new stored query (version 1) by `user` — `text` with its own header, or with `fields`
    to build one; refused and audited when it may not be."""
    from neo4j.exceptions import ConstraintError

    from graph.schema import ensure_schema

    graph = runner.graph
    try:
        title = fields.title if fields and fields.title else _header_title(text)
        name = name_for(runner, name, title)
        text, query = check_text_to_save(runner, name, text, fields)
        ensure_schema(graph)  # the unique name needs the constraint (a database of an older bangfu)
        try:
            graph.write(
                cypher.load("app/stored_query_create"),
                {"name": name, "title": query.title, "cypher": text, "user": user},
            )
        except ConstraintError:
            raise StoredQueryRefused(f"名称 {name} 刚被别人占用，请换一个名称。") from None
    except BangfuError as exc:
        _refused(graph, user, "save", name, exc, remote_addr)
        raise
    audit.record(graph, user, "query_save", {"query": name, "title": query.title, "version": 1}, remote_addr)
    runner.refresh_stored()
    return query


def update(
    runner: QueryRunner,
    name: str,
    text: str,
    *,
    user: str,
    admin: bool,
    expected_version: int,
    remote_addr: str | None = None,
) -> int:
    """A new version of `name` by its author or an admin, when nobody saved one since
    `expected_version`; returns the new version."""
    graph = runner.graph
    record = get(graph, name)
    if record is None:
        raise UnknownQuery(f"没有名为“{name}”的常用查询。")
    try:
        if not may_edit(record, user, admin=admin):
            raise StoredQueryRefused(f"只有作者（{record.author}）或管理员可以修改常用查询 {name}。")
        if record.retired:
            raise StoredQueryRefused(f"常用查询 {name} 已停用；请管理员先恢复再修改。")
        if record.version != expected_version:
            raise StoredQueryRefused(
                f"常用查询 {name} 在您打开后已被 {record.updated_by} 修改（现为第 {record.version} 版）；"
                "请重新打开后再改，以免覆盖。"
            )
        if text.strip() == record.cypher.strip():
            raise StoredQueryRefused("内容没有改动，未保存。")
        text, query = check_text_to_save(runner, name, text)
        rows, _ = graph.write_returning(
            cypher.load("app/stored_query_update"),
            {"name": name, "title": query.title, "cypher": text, "user": user, "expected": expected_version},
        )
        if not rows:
            raise StoredQueryRefused(f"常用查询 {name} 刚被别人修改或停用；请重新打开后再改。")
    except BangfuError as exc:
        _refused(graph, user, "edit", name, exc, remote_addr)
        raise
    version = rows[0]["version"]
    audit.record(
        graph,
        user,
        "query_edit",
        {"query": name, "title": query.title, "version": version, "author": record.author},
        remote_addr,
    )
    runner.refresh_stored()
    return version


def set_retired(
    runner: QueryRunner, name: str, retired: bool, *, user: str, remote_addr: str | None = None
) -> None:
    """Retire (hide from the list, keep with its versions) or restore a stored query; the caller
    checks the user is an admin."""
    graph = runner.graph
    record = get(graph, name)
    if record is None:
        raise UnknownQuery(f"没有名为“{name}”的常用查询。")
    rows, _ = graph.write_returning(
        cypher.load("app/stored_query_retire"), {"name": name, "retired": retired, "user": user}
    )
    if not rows:
        raise StoredQueryRefused(f"常用查询 {name} {'已经停用' if retired else '没有停用'}。")
    audit.record(
        graph,
        user,
        "query_retire" if retired else "query_restore",
        {"query": name, "title": record.title, "author": record.author},
        remote_addr,
    )
    runner.refresh_stored()
