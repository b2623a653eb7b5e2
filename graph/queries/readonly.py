"""Only read queries run. Two independent checks, both before the query runs:

1. the text, with comments and strings blanked, may not contain a writing or administrative clause
   (CREATE, MERGE, SET, DELETE, REMOVE, FOREACH, LOAD CSV, … IN TRANSACTIONS, DROP, GRANT, SHOW, …)
   nor call a procedure outside a short list of read-only ones;
2. Neo4j's own plan (`EXPLAIN`, run in the same read transaction) must say query type 'r'.
And the query itself runs in a read transaction, which the server refuses to write in.
"""

from __future__ import annotations

import re

from graph.queries.errors import NotReadOnly
from graph.queries.lexer import strip_comments_and_strings

_WRITE_WORDS = (
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "FOREACH",
    "DROP",
    "ALTER",
    "RENAME",
    "GRANT",
    "DENY",
    "REVOKE",
    "TERMINATE",
    "SHOW",
    "DEALLOCATE",
    "REALLOCATE",
    "INSERT",
)
_WORD_RE = re.compile(r"(?<![\w.$:`])(" + "|".join(_WRITE_WORDS) + r")(?![\w`])", re.IGNORECASE)
_LOAD_CSV_RE = re.compile(r"(?<![\w.$:`])LOAD\s+CSV\b", re.IGNORECASE)
_IN_TX_RE = re.compile(r"\bIN\s+(\d+\s+)?(CONCURRENT\s+)?TRANSACTIONS\b", re.IGNORECASE)
_EXPLAIN_PROFILE_RE = re.compile(r"^\s*(EXPLAIN|PROFILE|CYPHER\b)", re.IGNORECASE)
_PROC_RE = re.compile(r"(?<![\w.$:`])CALL\s+([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*)", re.IGNORECASE)
READ_PROCEDURES = {
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.schema.visualization",
    "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties",
    "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships",
}
_WORD_NAMES = {
    "CREATE": "CREATE（新建）",
    "MERGE": "MERGE（合并写入）",
    "SET": "SET（修改属性）",
    "DELETE": "DELETE（删除）",
    "DETACH": "DETACH DELETE（删除）",
    "REMOVE": "REMOVE（删除属性/标签）",
    "FOREACH": "FOREACH（批量修改）",
}


def check_text(cypher: str) -> None:
    """Refuse, by its text, anything that is not a plain read query (NotReadOnly.line: where)."""
    clean = strip_comments_and_strings(cypher)

    def line(at: int) -> int:
        return clean.count("\n", 0, at) + 1

    if not clean.strip():
        raise NotReadOnly("查询为空。")
    body = clean.rstrip().rstrip(";")
    if ";" in body:
        raise NotReadOnly("只能运行一条查询语句（不能用分号连接多条）。", line(body.index(";")))
    if m := _LOAD_CSV_RE.search(clean):
        raise NotReadOnly("拒绝运行：查询包含 LOAD CSV（读取外部文件），只允许只读查询。", line(m.start()))
    if m := _IN_TX_RE.search(clean):
        raise NotReadOnly(
            "拒绝运行：查询包含 CALL { … } IN TRANSACTIONS（分批写入），只允许只读查询。", line(m.start())
        )
    m = _EXPLAIN_PROFILE_RE.match(clean)
    if m:
        raise NotReadOnly(
            f"拒绝运行：不支持以 {m.group(1).upper()} 开头的语句，请只写查询本身。", line(m.start(1))
        )
    for m in _WORD_RE.finditer(clean):
        before, after = clean[: m.start()], clean[m.end() :]
        if re.search(r"\bAS\s+$", before, re.IGNORECASE) or re.match(r"\s*:", after):
            continue  # a column alias (`AS set`) or a map key (`{set: 1}`), not a clause
        word = m.group(1).upper()
        raise NotReadOnly(
            f"拒绝运行：查询包含 {_WORD_NAMES.get(word, word)}，只允许只读查询（MATCH … RETURN）。",
            line(m.start()),
        )
    for m in _PROC_RE.finditer(clean):
        proc = re.sub(r"\s+", "", m.group(1)).lower()
        if proc not in READ_PROCEDURES:
            raise NotReadOnly(
                f"拒绝运行：不允许调用过程 {m.group(1)}；只允许只读查询"
                f"（可用的过程：{'、'.join(sorted(READ_PROCEDURES))}）。",
                line(m.start()),
            )


QUERY_TYPE_NAMES = {"rw": "读写", "w": "写入", "s": "修改数据库结构"}


def check_query_type(query_type: str | None) -> None:
    """EXPLAIN's verdict: only 'r' (read only) may run."""
    if query_type != "r":
        kind = QUERY_TYPE_NAMES.get(query_type or "", f"未知类型 {query_type!r}")
        raise NotReadOnly(f"拒绝运行：Neo4j 判定该查询为「{kind}」查询，只允许只读查询。")
