"""The audit log: who logged in, ran which query, exported or uploaded what, changed which finding, and when.

Kept in Neo4j as (:AuditEvent) nodes so that it lives with the data it is about, and written by the
web app and by the CLI alike (unmasked exports are audited wherever they happen). Every entry is
appended to a hash chain (graph/audit_chain.py), so that an edited log shows (`bangfu audit verify`).
"""

from __future__ import annotations

import json

import cypher
from graph import audit_chain
from graph.connection import Graph

ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "query": "运行查询",
    "cypher": "自定义查询",
    "export": "导出",
    "export_unmasked": "导出（不脱敏）",
    "upload": "上传花名册",
    "load": "导入花名册",
    "user": "用户管理",
    "view_unmasked": "查看未脱敏信息",
    "review_confirm": "确认报告事实",
    "review_reject": "驳回报告事实",
    "db_reset": "清空数据库",
    "keys_rotate": "更换加密密钥",
    "ledger_record": "记录检查",
    "ledger_note": "填写整改措施",
    "ledger_assign": "调整责任与时限",
    "ledger_waive": "豁免问题",
    "ledger_unwaive": "取消豁免",
    "bulletin": "导出通报",
    "view_share": "分享关系图视图",
    "view_unshare": "取消分享关系图视图",
    "query_save": "保存常用查询",
    "query_edit": "修改常用查询",
    "query_retire": "停用常用查询",
    "query_restore": "恢复常用查询",
    "query_save_refused": "拒绝保存常用查询",
}


def record(
    graph: Graph,
    username: str | None,
    action: str,
    detail: dict | str | None = None,
    remote_addr: str | None = None,
) -> None:
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, default=str)
    audit_chain.append(
        graph,
        {
            "username": username or "",
            "action": action,
            "detail": detail or "",
            "remote_addr": remote_addr or "",
        },
    )


def events(
    graph: Graph, *, action: str | None = None, username: str | None = None, skip: int = 0, limit: int = 200
) -> list[dict]:
    rows = graph.read(
        cypher.load("app/audit_list"), {"action": action, "username": username, "skip": skip, "limit": limit}
    )
    for row in rows:
        row["action_name"] = ACTIONS.get(row["action"], row["action"])
        row["at"] = row["at"].to_native() if hasattr(row["at"], "to_native") else row["at"]
    return rows
