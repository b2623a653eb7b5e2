"""Who a user means: a person or a unit typed by name or by code.

Staff know people by name (严英), not by 人员编号 (P00611); forms and `bangfu ledger assign` take
either. A code, an exact name that only one person has, or a suggestion as the web's type-ahead offers
it (“严英（P00611）”) resolves to one key; a name several people share is refused with the candidates
listed, told apart by work unit and posts (units: by kind and where they sit). The suggestions as
you type come from the same query, matching names and pinyin (graph/search.py's search text).
"""

from __future__ import annotations

import datetime as dt
import re

import cypher
from graph import clock
from graph.connection import Graph
from graph.errors import UsageError

KINDS = ("people", "units", "villages", "regions")
SUGGESTIONS = 12
CANDIDATES = 10  # listed when a name is ambiguous
# "名称（编号）": what a suggestion puts in the field
_SUGGESTED = re.compile(r"^(?P<name>.*?)\s*[（(](?P<key>[^（）()]+)[）)]\s*$")


class AmbiguousName(UsageError):
    """A name more than one person (or unit) has: nothing changed; the candidates say how to choose."""

    def __init__(self, message: str, candidates: list[dict]):
        super().__init__(message)
        self.candidates = candidates


def _find(graph: Graph, kind: str, text: str, *, like: bool, limit: int, today: dt.date | None) -> list[dict]:
    return graph.read(
        cypher.load(f"names/{kind}"),
        {"text": text, "q": text.lower(), "like": like, "limit": limit, "today": today or clock.today()},
    )


def person_detail(row: dict) -> str:
    """What tells namesakes apart: work unit and current posts."""
    parts = [row.get("unit") or ""] + [p for p in row.get("posts") or [] if p]
    return "，".join(dict.fromkeys(p for p in parts if p)) or "无工作单位记录"


def unit_detail(row: dict) -> str:
    return "，".join(p for p in (row.get("kind"), row.get("place")) if p) or ""


def village_detail(row: dict) -> str:
    return row.get("township") or ""


def region_detail(row: dict) -> str:
    """A village's township; a township or county by its level (乡镇, 县)."""
    return row.get("township") or row.get("level") or ""


DETAILS = {
    "people": person_detail,
    "units": unit_detail,
    "villages": village_detail,
    "regions": region_detail,
}
WORDS = {
    "people": ("人员", "人员编号"),
    "units": ("单位", "组织代码"),
    "villages": ("村", "村代码"),
    "regions": ("区划", "区划代码"),
}


def suggest(graph: Graph, kind: str, text: str, limit: int = SUGGESTIONS) -> list[dict]:
    """Type-ahead: people, units, villages or regions (KINDS) whose name, pinyin or code fits `text`, each as
    {key, name, detail, value}: detail tells namesakes apart, value is what the field gets
    (“名称（编号）”)."""
    text = (text or "").strip()
    if not text:
        return []
    rows = _find(graph, kind, text, like=True, limit=limit, today=None)
    detail = DETAILS[kind]
    return [
        {"key": r["key"], "name": r["name"], "detail": detail(r), "value": f"{r['name']}（{r['key']}）"}
        for r in rows
    ]


def _resolve(graph: Graph, kind: str, text: str) -> str:
    what, key_word = WORDS[kind]
    text = text.strip()
    suggested = _SUGGESTED.match(text)
    if suggested:  # “严英（P00611）”: the key decides; the name must be that key's
        rows = _find(graph, kind, suggested["key"], like=False, limit=1, today=None)
        if rows and rows[0]["key"] == suggested["key"] and rows[0]["name"] == suggested["name"]:
            return rows[0]["key"]
    rows = _find(graph, kind, text, like=False, limit=CANDIDATES + 1, today=None)
    by_key = [r for r in rows if r["key"] == text]
    if by_key:
        return by_key[0]["key"]
    if len(rows) == 1:
        return rows[0]["key"]
    if not rows:
        raise UsageError(f"{what}“{text}”在图谱中不存在（既不是{key_word}，也没有叫这个名字的{what}）。")
    detail = DETAILS[kind]
    listed = "；".join(f"{r['name']}（{r['key']}，{detail(r)}）" for r in rows[:CANDIDATES])
    more = "等" if len(rows) > CANDIDATES else ""
    raise AmbiguousName(
        f"名为“{text}”的{what}不止一个：{listed}{more}。请改用{key_word}，或从提示中选择。", rows[:CANDIDATES]
    )


def resolve_person(graph: Graph, text: str) -> str:
    """The person_id of the one person `text` names (an id, a unique name, or “姓名（编号）”)."""
    return _resolve(graph, "people", text)


def suggested_key(text: str) -> str | None:
    """The key in a type-ahead value “名称（编号）”, None for anything else."""
    found = _SUGGESTED.match(text or "")
    return found["key"] if found else None


def resolve_unit(graph: Graph, text: str) -> str:
    """The code of the one organization `text` names (a code, a unique name, or “名称（代码）”)."""
    return _resolve(graph, "units", text)
