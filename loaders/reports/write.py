"""`load_report`: read report files, extract, find candidates and write the proposed facts.

Everything a report yields is a `:ProposedFact` linked to its `:SourceDocument`; the labels of ordinary
graph data are never used here, so the rules and coverage cannot see any of it before review. Fact ids
are derived from the document's sha256, the kind, the fields and the position: loading the same report
twice proposes nothing new and keeps the decisions already taken.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import cypher
from graph.connection import Graph
from graph.errors import BangfuError
from graph.masking import mask_in_text
from graph.schema import ensure_schema
from loaders.reports import extract as ex
from loaders.reports.match import candidates

KIND_NAMES = {
    "person_post": "人员职务",
    "place": "地名",
    "enterprise": "企业/合作社",
    "household": "帮扶对象户",
    "help": "帮扶关系",
}
ENCODINGS = ("utf-8-sig", "gb18030")
MAX_BYTES = 5_000_000


class ReportError(BangfuError):
    """A report file that cannot be read (Chinese message with the file name)."""


@dataclass
class DocumentResult:
    name: str
    doc_id: str
    sentences: int
    by_kind: Counter = field(default_factory=Counter)
    created: int = 0


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}：无法读取（{exc.strerror}）。") from None
    if len(data) > MAX_BYTES:
        raise ReportError(f"{path}：文件太大（{len(data)} 字节，最多 {MAX_BYTES}）；请只导入报告正文。")
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReportError(f"{path}：不是 UTF-8 或 GB18030 编码的文本文件；请另存为 .txt（UTF-8）后再导入。")
    if not text.strip():
        raise ReportError(f"{path}：文件是空的。")
    return text


def fact_id(sha256: str, fact: ex.Fact) -> str:
    doc_start, _ = fact.sentence.doc_span(fact.start, fact.end)
    raw = json.dumps([sha256, fact.kind, fact.payload, doc_start], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


def fact_label(kind: str, payload: dict) -> str:
    """A one-line summary staff read in lists and the audit log."""
    if kind == "person_post":
        org = payload.get("organization") or ""
        return f"{payload['person']}：{payload['title']}" + (f"（{org}）" if org else "")
    if kind == "place":
        return f"{payload['name']}（{payload['level']}）"
    if kind == "enterprise":
        return payload["name"]
    if kind == "household":
        return f"帮扶对象户 {payload['head_name']}"
    if kind == "help":
        return f"{payload['helper']} 帮扶 {payload['helped']}"
    return json.dumps(payload, ensure_ascii=False)


def load_report(
    graph: Graph, paths: list[Path], *, user: str = "", dry_run: bool = False
) -> list[DocumentResult]:
    texts = [(Path(p), read_text(Path(p))) for p in paths]  # every file readable before anything is written
    if not dry_run:
        ensure_schema(graph)
    results = []
    for path, text in texts:
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        facts = ex.extract(text)
        result = DocumentResult(path.name, sha[:16], len(ex.split(text)), Counter(f.kind for f in facts))
        results.append(result)
        if dry_run:
            continue
        cands = candidates(graph, facts)
        rows = []
        for fact, cand in zip(facts, cands):
            doc_start, doc_end = fact.sentence.doc_span(fact.start, fact.end)
            rows.append(
                {
                    "fact_id": fact_id(sha, fact),
                    "props": {
                        "kind": fact.kind,
                        "payload": mask_in_text(json.dumps(fact.payload, ensure_ascii=False)),
                        "label": fact_label(fact.kind, fact.payload),
                        "sentence": mask_in_text(fact.sentence.text),  # no clear number in the graph
                        "sentence_index": fact.sentence.index,
                        "span_start": fact.start,
                        "span_end": fact.end,
                        "doc_start": doc_start,
                        "doc_end": doc_end,
                        "mentions": fact.mentions,
                        "candidates": json.dumps(cand, ensure_ascii=False),
                    },
                }
            )
        graph.write(
            cypher.load("reports/document_merge"),
            {"doc_id": result.doc_id, "name": path.name, "sha256": sha, "chars": len(text), "user": user},
        )
        for i in range(0, len(rows), 500):
            res, _ = graph.write_returning(
                cypher.load("reports/facts_merge"),
                {"rows": rows[i : i + 500], "doc_id": result.doc_id, "user": user},
            )
            result.created += res[0]["created"] if res else 0
    return results
