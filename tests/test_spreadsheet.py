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


# -- every workbook: a title row, a frozen header, fitting widths, percentages and dates ------------


def test_sheet_table_titles_freezes_and_formats(tmp_path):
    import datetime as dt

    from graph.spreadsheet import sheet_table, sheet_title

    book = openpyxl.Workbook()
    title = sheet_title("乡镇覆盖率", as_of=dt.date(2026, 11, 30), filters=["区划 吴老乡", "仅逾期"])
    assert title == "乡镇覆盖率（截至 2026-11-30；筛选：区划 吴老乡，仅逾期）"
    long_name = "中共云溪县吴老乡陆集村支部委员会"
    rows = [[long_name, 0.8667, dt.date(2026, 10, 31), "2026-11-30", 12], ["乙", 1.0, None, "", 3]]
    sheet_table(book.active, title, ["名称", "覆盖率", "发现日期", "销号日期", "户数"], rows)
    path = tmp_path / "t.xlsx"
    book.save(path)
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == title and ws["A2"].value == "名称"
    assert ws.freeze_panes == "A3" and ws.print_title_rows.replace("$", "") == "2:2"
    assert ws["B3"].value == 0.8667 and ws["B3"].number_format == "0.0%"  # shown as 86.7%
    assert ws["C3"].number_format == "yyyy-mm-dd" and ws["C3"].value.date() == dt.date(2026, 10, 31)
    assert ws["D3"].value.date() == dt.date(2026, 11, 30) and ws["D3"].number_format == "yyyy-mm-dd"
    assert ws["E3"].number_format == "General"
    assert ws.column_dimensions["A"].width >= 2 * len(long_name)  # Chinese counts double
    assert 8 <= ws.column_dimensions["E"].width <= 10


def test_ledger_problem_is_not_doubled(tmp_path):
    import datetime as dt

    from graph.ledger.export import filter_words, ledger_xlsx
    from graph.ledger.store import Filters

    base = {
        "finding_id": "work_team:1",
        "subject_type": "village",
        "subject_id": "1",
        "subject_name": "一村",
        "township": "甲乡",
        "status": "待整改",
        "first_found": dt.date(2026, 10, 31),
        "due": dt.date(2026, 11, 30),
    }
    findings = [
        {
            **base,
            "rule": "work_team",
            "rule_title": "贫困村驻村工作队不健全",
            "message": "贫困村驻村工作队不健全",
        },
        {**base, "rule": "cadre_load", "rule_title": "帮扶干部负担过重", "message": "帮扶户数12超过上限"},
    ]
    words = filter_words(Filters(("待整改", "整改中"), ("work_team",), None, None, True))
    assert words == ["状态 未销号", "问题 贫困村驻村工作队不健全", "仅逾期"]
    from graph.spreadsheet import sheet_title

    ws = openpyxl.load_workbook(
        ledger_xlsx(
            findings, tmp_path / "l.xlsx", sheet_title("问题整改台账", as_of="2026-11-22", filters=words)
        )
    ).active
    assert (
        ws["A1"].value
        == "问题整改台账（截至 2026-11-22；筛选：状态 未销号，问题 贫困村驻村工作队不健全，仅逾期）"
    )
    assert [ws.cell(r, 4).value for r in (3, 4)] == [
        "贫困村驻村工作队不健全",
        "帮扶干部负担过重：帮扶户数12超过上限",
    ]
    assert ws["E3"].number_format == "yyyy-mm-dd" and ws["H3"].number_format == "yyyy-mm-dd"


def test_query_exports_show_shares_as_percentages():
    from graph.queries.export import to_csv, web_cell_text

    result = QueryResult(
        columns=["乡镇", "覆盖率", "户数"],
        rows=[["甲乡", 0.8667, 15]],
        title="各乡镇覆盖率",
        params={"as_of": "2026-11-22", "township": "甲乡", "secret_key": "x"},
    )
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(result, {"township": "乡镇"}))).active
    assert (
        ws["A1"].value == "各乡镇覆盖率（截至 2026-11-22；筛选：乡镇 甲乡）"
    )  # no parameter by its code name
    assert ws["B3"].value == 0.8667 and ws["B3"].number_format == "0.0%"
    assert ws["C3"].number_format == "General"
    assert "86.7%" in to_csv(result).decode("utf-8-sig")
    assert web_cell_text(0.8667, "覆盖率") == "86.7%" and web_cell_text(0.8667, "得分") == "0.8667"
