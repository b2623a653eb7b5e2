"""A visits file read as columns (loaders/columnar.py) is checked exactly as when it is read row by
row: the same problems in the same order, the same rejected and cascaded rows, the same rows kept for
writing (values, extras, fingerprints, in file order), the same unchanged rows and fingerprints taken
in a snapshot — for the sample, for damaged copies of it (bad cells, repeats, blank, short and long
rows, line endings, a byte-order mark, a title row, quotes, a rejected household), in blocks of a few
rows, and for random files (hypothesis)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loaders.columnar as columnar
import loaders.validate as V
from graph.roster.writes import ROW_HASH
from loaders.fingerprint import Fingerprints
from loaders.reading import find_tables
from tests.helpers.graphs import SAMPLE

ACTIVITY = SAMPLE / "activity" / "roster"
TODAY = dt.date(2026, 11, 30)
CHECK_BATCH = V.Validator._check_batch
HEADER = "帮扶责任人编号,户编号,走访日期,方式,内容"


def validation(folder: Path, monkeypatch, *, columns: bool, known: np.ndarray | None = None, block=4096):
    """What validation found, read as columns or row by row, in comparable form; and how many blocks
    were read as columns."""
    monkeypatch.setattr(columnar, "MIN_BYTES", 0 if columns else 1 << 62)
    monkeypatch.setattr(columnar, "BLOCK_BYTES", block)
    blocks = []

    def counted(self, *args):
        blocks.append((args[0].name, len(args[3].rows)))
        return CHECK_BATCH(self, *args)

    monkeypatch.setattr(V.Validator, "_check_batch", counted)
    fingerprints = {"visits": Fingerprints(known.copy())} if known is not None else None
    result = V.validate(find_tables([folder]), keep_rows=True, today=TODAY, known=fingerprints)
    try:
        seen = {
            "errors": [p.render() for p in result.errors],
            "cascaded": [p.render() for p in result.cascaded],
            "notices": result.notices,
            "sources": [
                (
                    c.display,
                    c.rows,
                    c.unchanged,
                    sorted((row, [p.render() for p in ps]) for row, ps in c.rejected.items()),
                    sorted(c.dup_rows),
                    list(c.spool),
                )
                for c in result.checks
            ],
            "taken": fingerprints["visits"].taken.tolist() if fingerprints else None,
        }
    finally:
        result.close()
    return seen, blocks


def assert_alike(folder: Path, monkeypatch, *, known=None, block=4096, read_as_columns=True):
    by_rows, none = validation(folder, monkeypatch, columns=False, known=known, block=block)
    by_columns, blocks = validation(folder, monkeypatch, columns=True, known=known, block=block)
    assert not none
    visits = [rows for table, rows in blocks if table == "visits"]
    assert bool(visits) == read_as_columns, blocks  # the way under test was the way taken
    assert by_columns == by_rows
    return by_rows


def roster_with(tmp_path: Path, lines: list[str], *, newline="\n", prefix="", households=None) -> Path:
    folder = tmp_path / "roster"
    shutil.copytree(ACTIVITY, folder)
    (folder / "visits.csv").write_bytes((prefix + newline.join(lines) + newline).encode("utf-8"))
    if households is not None:
        households(folder / "households.csv")
    return folder


def sample_lines() -> list[str]:
    return (ACTIVITY / "visits.csv").read_text(encoding="utf-8").splitlines()


def test_the_sample_alike(monkeypatch):
    seen = assert_alike(ACTIVITY, monkeypatch)
    visits = next(s for s in seen["sources"] if s[0].startswith("visits"))
    assert visits[1] > 3000 and len(visits[5]) == visits[1]  # every row kept, none rejected


def _set(row: int, column: int, text: str):
    def damage(lines):
        cells = lines[row].split(",")
        cells[column] = text
        lines[row] = ",".join(cells)

    return damage


def _insert(row: int, line: str):
    return lambda lines: lines.insert(row, line)


def _repeat(row: int, at: int):
    return lambda lines: lines.insert(at, lines[row])


DAMAGES = {
    "bad date": [_set(5, 2, "2026-02-30"), _set(900, 2, "明天")],
    "unknown way": [_set(7, 3, "上门走访吧")],
    "alias of a way": [_set(8, 3, " 电话 ")],
    "formula and control character": [_set(10, 4, "=1+1"), _set(11, 4, "a\x01b")],
    "empty required cells": [_set(12, 0, ""), _set(13, 1, "  "), _set(14, 2, "")],
    "padded and invisible": [_set(15, 0, " P00017 "), _set(16, 1, "\ufeff" + "4199021012010001")],
    "unknown person and household": [_set(20, 0, "P99999"), _set(21, 1, "4199021012019999")],
    "repeated rows": [_repeat(30, 31), _repeat(3, 3000), _repeat(40, 41)],
    "blank rows": [_insert(50, ",,,,"), _insert(60, " , ,\u3000,,")],
    "an empty line half-way": [_insert(1500, "")],
    "a row one cell long": [_insert(2500, "P00017,4199021012010001,2026-11-03,入户,政策宣讲,多出")],
    "a row one cell short": [_insert(2600, "P00017,4199021012010001,2026-11-03,入户")],
    "a row of one cell": [_insert(2700, "P00017")],
    "a title above the header": [_insert(0, "二〇二六年走访记录,,,,")],
    "empty lines and a title above the header": [_insert(0, ""), _insert(1, "走访记录"), _insert(2, "")],
    "a quoted cell": [_set(70, 4, '"政策宣讲，入户"')],
    "a carriage return in a cell": [_set(71, 4, "a\rb")],
    "an extra column": [lambda lines: lines.__setitem__(slice(None), [line + ",备注x" for line in lines])],
}

SEEN_AS_ERRORS = (
    "bad date",
    "unknown way",
    "formula and control character",
    "empty required cells",
    "unknown person and household",
    "repeated rows",
    "a row one cell long",
    "a row of one cell",
)


@pytest.mark.parametrize("name", DAMAGES)
def test_a_damaged_file_alike(name, tmp_path, monkeypatch):
    lines = sample_lines()
    for damage in DAMAGES[name]:
        damage(lines)
    folder = roster_with(tmp_path, lines)
    quoted = name in ("a quoted cell", "a carriage return in a cell")
    seen = assert_alike(folder, monkeypatch, read_as_columns=not quoted, block=2048)
    if name in SEEN_AS_ERRORS:
        assert seen["errors"], name  # the damage is seen


@pytest.mark.parametrize("newline, prefix", [("\r\n", ""), ("\n", "\ufeff"), ("\r\n", "\ufeff")])
def test_line_endings_and_byte_order_mark_alike(newline, prefix, tmp_path, monkeypatch):
    folder = roster_with(tmp_path, sample_lines(), newline=newline, prefix=prefix)
    assert_alike(folder, monkeypatch, block=1024)


def test_a_rejected_household_cascades_alike(tmp_path, monkeypatch):
    def bad_household(path):
        lines = path.read_text(encoding="utf-8").splitlines()
        cells = lines[1].split(",")
        cells[4] = "很多"  # 家庭人口 not a number: the household's row is rejected
        lines[1] = ",".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    folder = roster_with(tmp_path, sample_lines(), households=bad_household)
    seen = assert_alike(folder, monkeypatch)
    assert any(text.startswith("visits.csv") for text in seen["cascaded"])


def test_a_snapshot_skips_the_same_rows_alike(tmp_path, monkeypatch):
    first, _ = validation(ACTIVITY, monkeypatch, columns=True)
    visits = next(s for s in first["sources"] if s[0].startswith("visits"))
    known = Fingerprints.from_text(values[ROW_HASH] for _, values, _ in visits[5]).values
    lines = sample_lines()
    _set(100, 4, "换了内容")(lines)  # changed
    del lines[200:210]  # gone
    lines.append("P00017,4199021012010001,2026-11-29,电话,")  # new
    _repeat(300, 301)(lines)  # an unchanged row twice: the second is read in full, a repeat
    folder = roster_with(tmp_path, lines)
    seen = assert_alike(folder, monkeypatch, known=known, block=2048)
    visits = next(s for s in seen["sources"] if s[0].startswith("visits"))
    assert visits[2] == len(lines) - 1 - 3  # all but the changed, the new and the repeat
    assert len(seen["errors"]) == 1 and "重复" in seen["errors"][0]
    assert seen["taken"].count(False) == 11  # the ten gone and the changed row's old form


PEOPLE = ["P00017", "P00018", " P00019", "P99999", ""]
HOUSEHOLDS = ["4199021012010001", "4199021012010002", "4199021012019999", ""]
DAYS = ["2026-11-02", "2026-10-17", "2026/9/8", "20260808", "2026-02-30", "", " 2026-11-03 "]
WAYS = ["入户", "电话", "视频", "其他", "走访", "", "上门"]
NOTES = ["", "政策宣讲", "=A1", "a\x02b", "  ", "备注，有逗号"]
ROW = st.tuples(*(st.sampled_from(cells) for cells in (PEOPLE, HOUSEHOLDS, DAYS, WAYS, NOTES)))
LINE = st.one_of(
    ROW.map(",".join),
    ROW.map(",".join),
    ROW.map(",".join),
    st.sampled_from(["", ",,,,", " , , , , ", "P00017,4199021012010001", "P00017,1,2026-11-02,入户,,多"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINE, min_size=1, max_size=60), block=st.sampled_from([64, 256, 4096]))
def test_random_files_alike(lines, block, tmp_path_factory, monkeypatch):
    folder = roster_with(tmp_path_factory.mktemp("random"), [HEADER, *lines])
    by_rows, _ = validation(folder, monkeypatch, columns=False, block=block)
    by_columns, _ = validation(folder, monkeypatch, columns=True, block=block)
    assert by_columns == by_rows
