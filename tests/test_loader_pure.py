"""Roster reading, value parsing and validation without a database (graph lookups answer 'absent')."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from graph import values as V
from loaders.reading import detect_encoding, find_tables, normalize_header, open_table
from loaders.validate import validate

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "sample"


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01",
        "2024/3/1",
        "2024.03.01",
        "20240301",
        "2024年3月1日",
        dt.date(2024, 3, 1),
        dt.datetime(2024, 3, 1),
        "2024-03-01 00:00:00",
    ],
)
def test_dates(text):
    assert V.parse_date(text) == dt.date(2024, 3, 1)


@pytest.mark.parametrize("text", ["2024-13-01", "2024-02-30", "3/1/2024", "明天"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        V.parse_date(text)


def test_yesno_numbers_years():
    assert [V.parse_yesno(x) for x in ("是", "Y", "yes", "TRUE", "1")] == [True] * 5
    assert [V.parse_yesno(x) for x in ("否", "n", "No", "false", "0")] == [False] * 5
    with pytest.raises(ValueError):
        V.parse_yesno("也许")
    assert V.parse_int("5") == 5 and V.parse_int("5.0") == 5
    with pytest.raises(ValueError):
        V.parse_int("0", 1)
    with pytest.raises(ValueError):
        V.parse_int("2.5")
    assert V.parse_number("1,200.5") == 1200.5
    with pytest.raises(ValueError):
        V.parse_number("-3")
    assert V.parse_year("2019") == 2019 and V.parse_year("2019年") == 2019
    with pytest.raises(ValueError):
        V.parse_year("19")


def test_id_numbers():
    assert V.parse_id_number("41990219660423622x") == "41990219660423622X"
    # an abolished/unknown county code is fine: only check digit and birth date are verified
    from stdnum.cn import ric

    unknown_county = "99990219660423622"
    unknown_county += ric.calc_check_digit(unknown_county + "0")
    assert V.parse_id_number(unknown_county) == unknown_county
    for bad in ("419902196510186190", "41990219660423622", "419902199913326224"):
        with pytest.raises(ValueError):
            V.parse_id_number(bad)


def test_phones_and_credit_codes():
    for good in ("13800138000", "0371-12345678", "037112345678", "010-1234567"):
        assert V.parse_phone(good)
    for bad in ("1380013800", "23800138000", "12345678", "0371-123"):
        with pytest.raises(ValueError):
            V.parse_phone(bad)
    assert V.parse_credit_code("92419902GL3XL2FN9P") == "92419902GL3XL2FN9P"
    with pytest.raises(ValueError):
        V.parse_credit_code("92419902GL3XL2FN9A")


def test_headers():
    assert normalize_header("\u3000户编号 *") == "户编号"
    assert normalize_header(" household_id*\u3000") == "household_id"


def test_encoding_detected_late_in_file(tmp_path):
    path = tmp_path / "households.csv"
    body = "户编号,户主姓名\n" + "".join(f"H{i:06d},x\n" for i in range(200_000)) + "H9,张三\n"
    ascii_head = body.replace("户编号,户主姓名", "household_id,head_name")
    path.write_bytes(ascii_head.encode("gb18030"))  # first non-ASCII byte ~2.4 MB into the file
    assert detect_encoding(path) == "gb18030"
    path.write_bytes(ascii_head.encode("utf-8"))
    assert detect_encoding(path) == "utf-8"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert detect_encoding(path) == "utf-8-sig"
    tf = open_table(find_tables([path]).sources[0])
    assert tf.positions == {"household_id": 0, "head_name": 1}


def test_good_sample_has_no_problems():
    v = validate(find_tables([SHARED / "roster"]))
    assert v.errors == [] and v.cascaded == [] and v.notices == []


def test_bad_sample_reports_exactly_the_expected_errors():
    v = validate(find_tables([SHARED / "bad-roster"]))
    expected = {
        (e["file"], e["row"], e["column"]) for e in json.loads((SHARED / "expected-errors.json").read_text())
    }
    assert {(p.file, p.row, p.column) for p in v.errors} == expected
    rendered = [p.render() for p in v.errors]
    assert "regions.csv:5:上级代码: 上级“419902000000”是县区，村的上级应为乡镇（恰好高一级）" in rendered
    assert any(r.startswith("assignments.csv:3:责任类型:") and "第一书记" in r for r in rendered)


def test_unknown_columns_duplicates_and_missing_columns(tmp_path):
    (tmp_path / "people.csv").write_text("人员编号,name,备注\nP1,张三,老党员\nP1,李四,\n", encoding="utf-8")
    (tmp_path / "帮扶对象.csv").write_text(
        "户编号,户主姓名,村代码,家庭人口\nH1,王五,419900000001,3\n", encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("x")
    v = validate(find_tables([tmp_path]))
    found = {(p.file, p.row, p.column): p.message for p in v.errors}
    assert ("people.csv", 3, "人员编号") in found and "第 2 行" in found[("people.csv", 3, "人员编号")]
    assert ("帮扶对象.csv", 1, "户状态") in found  # missing required column
    assert ("帮扶对象.csv", 2, "村代码") in found  # village neither in roster nor graph
    assert any("备注" in n for n in v.notices) and any("notes.txt" in n for n in v.notices)


def test_xlsx_cells_and_row_numbers(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "政策享受"
    ws["B3"], ws["C3"], ws["D3"] = "户编号 *", "项目", "year"
    ws["B4"], ws["C4"], ws["D4"] = 411702101201, "教育资助", 2019
    ws["B6"], ws["C6"], ws["D6"] = 411702101202.0, "医疗救助", dt.date(2024, 3, 1)
    wb.create_sheet("说明")
    wb.save(tmp_path / "book.xlsx")
    roster = find_tables([tmp_path / "book.xlsx"])
    assert any("说明" in n for n in roster.notices)
    tf = open_table(roster.sources[0])
    assert tf.header_row == 3
    rows = list(tf.rows())
    assert [r for r, _ in rows] == [4, 6]
    assert tf.record(rows[0][1]) == {"household_id": "411702101201", "program": "教育资助", "year": "2019"}
    assert tf.record(rows[1][1])["household_id"] == "411702101202"
    assert tf.record(rows[1][1])["year"] == dt.date(2024, 3, 1)


def test_repeated_relationship_rows_are_duplicates(tmp_path):
    """A row naming the same relationship as an earlier one would be merged into it on load (the later
    overwriting the earlier, and a second load flipping them back): it is a duplicate, at the later row."""
    import shutil

    roster = tmp_path / "roster"
    shutil.copytree(SHARED / "roster", roster)
    benefits = (roster / "benefits.csv").read_text(encoding="utf-8-sig").splitlines()
    help_pairs = (roster / "help_pairs.csv").read_text(encoding="utf-8-sig").splitlines()
    assignments = (roster / "assignments.csv").read_text(encoding="utf-8-sig").splitlines()
    (roster / "benefits.csv").write_text("\n".join(benefits + [benefits[1]]) + "\n", encoding="utf-8")
    (roster / "help_pairs.csv").write_text("\n".join(help_pairs + [help_pairs[2]]) + "\n", encoding="utf-8")
    # the same person role with another unit: still one relationship (unit_code is a property of it)
    header = assignments[0].split(",")
    person_row = next(
        line
        for line in assignments[1:]
        if line.split(",")[header.index("责任类型")] != "包村单位"
        and line.split(",")[header.index("单位代码")]
    )
    cells = person_row.split(",")
    cells[header.index("单位代码")] = "X" + cells[header.index("单位代码")]
    (roster / "assignments.csv").write_text(
        "\n".join(assignments + [",".join(cells)]) + "\n", encoding="utf-8"
    )
    v = validate(find_tables([roster]))
    found: dict = {}
    for p in v.errors:
        found[(p.file, p.row)] = found.get((p.file, p.row), "") + p.render() + "\n"
    assert ("benefits.csv", len(benefits) + 1) in found
    assert "与第 2 行重复" in found[("benefits.csv", len(benefits) + 1)]
    assert ("help_pairs.csv", len(help_pairs) + 1) in found
    assert "与第 3 行重复" in found[("help_pairs.csv", len(help_pairs) + 1)]
    assert "与第" in found[("assignments.csv", len(assignments) + 1)]
    assert sum(r.count("行重复") for r in found.values()) == 3


def test_row_spool_gives_back_every_row_in_order_each_time_it_is_read():
    import datetime as dt

    from loaders.spool import CHUNK_ROWS, RowSpool

    spool = RowSpool()
    rows = [
        (
            n + 2,
            {"person_id": f"P{n}", "start": dt.date(2024, 1, 1 + n % 28), "size": n},
            {"extra_备注": None},
        )
        for n in range(CHUNK_ROWS * 2 + 7)
    ]  # two whole chunks on disk and one still in memory
    for row in rows:
        spool.append(*row)
    assert list(spool) == rows
    assert list(spool) == rows  # the after-table steps read a source twice
    spool.close()


def test_retried_write_transactions_are_counted_not_printed(caplog):
    """Concurrent writers meet in a lock conflict now and then; the driver retries the transaction
    and would print an English warning through the progress bar: the loader counts it instead, and
    only its own writer threads' (another load's retries, or any other warning, go through)."""
    import logging
    import threading

    from loaders.write import DRIVER_SESSION_LOG, Changes, _RetryCount

    changes = Changes()
    counter = _RetryCount(changes, "bangfu-write-L1")

    def warn(thread_name: str, text: str) -> None:
        thread = threading.Thread(
            target=DRIVER_SESSION_LOG.warning,
            name=thread_name,
            args=(text + " will be retried in %ss (%s)", 0.9, "deadlock"),
        )
        thread.start()
        thread.join()

    DRIVER_SESSION_LOG.addFilter(counter)
    try:
        with caplog.at_level(logging.WARNING):
            warn("bangfu-write-L1_0", "Transaction failed and")
            warn("bangfu-write-L2_0", "Another load's transaction failed and")
            DRIVER_SESSION_LOG.warning("something else")
    finally:
        DRIVER_SESSION_LOG.removeFilter(counter)
    assert changes.retried == 1
    assert [r.getMessage()[:19] for r in caplog.records] == ["Another load's tran", "something else"]


def test_fast_switching_is_put_back_by_the_last_load_out():
    """Two loads writing at once (two web uploads): the interval is set by the first in and put back
    by the last out, whatever order they finish in."""
    import sys

    from loaders.write import WRITE_SWITCH_INTERVAL, _FastSwitching

    before = sys.getswitchinterval()
    switching = _FastSwitching(WRITE_SWITCH_INTERVAL)
    first, second = switching.__enter__(), switching.__enter__()
    assert sys.getswitchinterval() == pytest.approx(WRITE_SWITCH_INTERVAL)
    first.__exit__(None, None, None)
    assert sys.getswitchinterval() == pytest.approx(WRITE_SWITCH_INTERVAL)  # the other load still writes
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == before
