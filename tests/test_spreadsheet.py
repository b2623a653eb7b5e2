"""Exports keep formula-like text as text (a name such as `=cmd|' /C calc'!A0` must not become live)."""

from __future__ import annotations

import io

import openpyxl

from graph.queries.export import to_xlsx
from graph.queries.result import QueryResult
from graph.rules_export import check_xlsx

PAYLOADS = ["=1+1", '=HYPERLINK("http://example.com","点我")', "=cmd|' /C calc'!A0"]


def _cells(book) -> list:
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_query_export_keeps_formula_text_as_text():
    result = QueryResult(columns=["姓名", "备注"], rows=[[p, "正常"] for p in PAYLOADS])
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(result)))
    cells = [c for c in _cells(book) if c.value in PAYLOADS]
    assert len(cells) == len(PAYLOADS)
    assert all(c.data_type == "s" for c in cells)


def test_check_export_keeps_formula_text_as_text(tmp_path):
    result = {
        "as_of": "2026-11-22",
        "settings": {
            "many_households": 20,
            "min_team_size": 3,
            "max_households_per_cadre": 5,
            "expiring_days": 30,
        },
        "summary": {
            "villages": 1,
            "villages_with_gaps": 1,
            "households_in_scope": 1,
            "households_covered": 0,
            "help_pair_coverage": 0.0,
        },
        "violations": [
            {
                "rule": "help_pair",
                "severity": "error",
                "subject_type": "household",
                "subject_id": "H1",
                "subject_name": PAYLOADS[2],
                "region_path": [PAYLOADS[0]],
                "message": "帮扶对象未落实帮扶责任人",
            }
        ],
    }
    path = tmp_path / "check.xlsx"
    check_xlsx(result, path, rules=["help_pair"])
    book = openpyxl.load_workbook(path)
    risky = [c for c in _cells(book) if isinstance(c.value, str) and c.value.startswith("=")]
    assert risky and all(c.data_type == "s" for c in risky)
