"""The loader under damaged input: every damaged roster either loads what it says, or is refused with
located Chinese errors; never a traceback, never a partial write in strict mode.

Property tests (hypothesis) take the sample roster (and `.xlsx` forms of its tables, built here with
openpyxl) and damage one table at random: cuts, encodings, junk bytes, NUL, 1 MB cells, formulas,
merged cells, duplicated / missing columns, empty files and sheets, blank rows, BOMs and CR/LF mixes
anywhere. Most examples are dry runs (validation only); a bounded number write to the real Neo4j.
The explicit tests at the end are the damaged cases that found a loader bug, kept as regressions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.errors import BangfuError
from loaders.api import load_roster
from loaders.problems import Problem
from loaders.reading import RosterError, find_tables, open_table
from tests.helpers.cli import run_bangfu, server_env

TODAY = dt.date(2026, 11, 22)
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# small tables are damaged (fast); every table of the sample is still validated each time
DAMAGED_TABLES = (
    "regions",
    "organizations",
    "posts",
    "enterprises",
    "enterprise_links",
    "people",
    "assignments",
)
FORMULAS = ("=1+1", '=HYPERLINK("http://example.invalid/x","点击")', "=cmd|' /C calc'!A0", "=SUM(A1:A3)")

DRY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GRAPH = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# -- the sample, as text and as a workbook ------------------------------------------------------------


def sample_rows(sample: Path, table: str) -> list[list[str]]:
    with open(sample / "roster" / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def csv_bytes(rows: list[list[str]], newline: str = "\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue().encode("utf-8")


def fresh_roster(tmp: Path, sample: Path) -> Path:
    folder = tmp / f"roster-{os.urandom(4).hex()}"
    shutil.copytree(sample / "roster", folder)
    return folder


def records(folder: Path, table: str) -> list[dict]:
    """The table's rows as the loader reads them (trimmed cells by column), blank rows skipped."""
    roster = find_tables([folder])
    source = next(s for s in roster.sources if s.table.name == table)
    tf = open_table(source)
    return [tf.record(cells) for _, cells in tf.rows()]


# -- the property checked on every damaged roster -----------------------------------------------------


class Outcome:
    def __init__(self, report=None, error: RosterError | None = None):
        self.report, self.error = report, error

    @property
    def ok(self) -> bool:
        return self.error is None and self.report.validation.ok

    @property
    def problems(self) -> list[Problem]:
        return [] if self.report is None else self.report.validation.errors


def attempt(folder: Path, graph=None, *, damaged: str) -> Outcome:
    """Load (dry run without a graph); any exception but a BangfuError fails the test by itself."""
    try:
        report = load_roster(
            graph,
            [folder],
            dry_run=graph is None,
            today=TODAY,
            progress=False,
            rejects_root=folder.parent / "rejects",
        )
    except BangfuError as exc:
        assert isinstance(exc, RosterError), exc
        assert damaged in exc.message, f"the refusal does not name the damaged file: {exc.message}"
        assert CHINESE.search(exc.message)
        if exc.row is not None:
            assert exc.row >= 1 and exc.message.startswith(f"{exc.file}:{exc.row}: ")
        return Outcome(error=exc)
    outcome = Outcome(report)
    files = {c.display for c in report.validation.checks}
    for p in outcome.problems:
        assert p.file in files and p.row >= 1 and p.column and CHINESE.search(p.message), p
        assert p.render().startswith(f"{p.file}:{p.row}:{p.column}: ")
    return outcome


def assert_same_content(folder: Path, sample: Path, table: str) -> None:
    assert records(folder, table) == records(sample / "roster", table)


# -- damage to a CSV ------------------------------------------------------------------------------------


@st.composite
def csv_damage(draw, sample: Path):
    """(table, damaged bytes, kind): kind says what a successful load must look like."""
    table = draw(st.sampled_from(DAMAGED_TABLES))
    rows = sample_rows(sample, table)
    data = (sample / "roster" / f"{table}.csv").read_bytes()
    kind = draw(
        st.sampled_from(
            (
                "truncate",
                "gb18030",
                "utf16",
                "latin1",
                "junk",
                "junk_file",
                "nul",
                "huge",
                "bom_row",
                "bom_cell",
                "newlines",
                "blank_rows",
                "duplicate_column",
                "drop_column",
                "empty",
                "title_row",
                "stray_quote",
            )
        )
    )
    if kind == "truncate":
        return table, data[: draw(st.integers(0, len(data) - 1))], "prefix"
    if kind == "gb18030":
        return table, data.decode("utf-8-sig").encode("gb18030"), "same"
    if kind == "utf16":
        return table, data.decode("utf-8-sig").encode("utf-16"), "refused"
    if kind in ("latin1", "junk", "nul"):
        at = draw(st.integers(0, len(data)))
        if kind == "latin1":
            junk = draw(
                st.text(st.characters(min_codepoint=0xA0, max_codepoint=0xFF), min_size=1, max_size=3)
            ).encode("latin-1")
        elif kind == "junk":
            junk = draw(st.binary(min_size=1, max_size=64))
        else:
            junk = b"\x00" * draw(st.integers(1, 3))
        return table, data[:at] + junk + data[at:], "any"
    if kind == "junk_file":
        return table, draw(st.binary(min_size=1, max_size=4096)), "any"
    if kind == "huge":
        r = draw(st.integers(1, len(rows) - 1))
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows = [list(x) for x in rows]
        rows[r][c] = draw(st.sampled_from(("长", "x", "名字,"))) * (1 << 20)
        return table, csv_bytes(rows), ("huge", r + 1, rows[0][c])
    if kind in ("bom_row", "bom_cell"):
        rows = [list(x) for x in rows]
        r = draw(st.integers(1, len(rows) - 1))
        c = 0 if kind == "bom_row" else draw(st.integers(0, len(rows[0]) - 1))
        rows[r][c] = "\ufeff" + rows[r][c]
        return table, csv_bytes(rows), "same"
    if kind == "newlines":
        ends = draw(st.lists(st.sampled_from(("\n", "\r\n", "\r")), min_size=len(rows), max_size=len(rows)))
        out = io.StringIO()
        for row, end in zip(rows, ends):
            csv.writer(out, lineterminator=end).writerow(row)
        return table, out.getvalue().encode("utf-8"), "same"
    if kind == "blank_rows":
        rows = [list(x) for x in rows]
        for _ in range(draw(st.integers(1, 5))):
            rows.insert(
                draw(st.integers(0, len(rows))),
                draw(st.sampled_from(([], [""] * len(rows[0]), [" ", "\u3000"]))),
            )
        return table, csv_bytes(rows), "same"
    if kind == "duplicate_column":
        c = draw(st.integers(0, len(rows[0]) - 1))
        at = draw(st.integers(0, len(rows[0])))
        rows = [x[:at] + [x[c] if c < len(x) else ""] + x[at:] for x in rows]
        return table, csv_bytes(rows), ("header", rows[0][at], "列名重复")
    if kind == "drop_column":
        c = draw(st.integers(0, len(rows[0]) - 1))
        return table, csv_bytes([x[:c] + x[c + 1 :] for x in rows]), "any"
    if kind == "empty":
        return table, draw(st.sampled_from((b"", b"\xef\xbb\xbf", b"\n\n", b"\r\n"))), "refused"
    if kind == "title_row":
        title = [f"云溪县{table}花名册（2026年）"] + [""] * draw(st.integers(0, len(rows[0])))
        return table, csv_bytes([title, []] + rows), "same"
    # a stray double quote somewhere: either an error, or the quote is text inside an unquoted cell
    text = data.decode("utf-8")
    at = draw(st.integers(0, len(text)))
    return table, (text[:at] + '"' + text[at:]).encode("utf-8"), "any"


def check_csv_case(folder: Path, sample: Path, table: str, data: bytes, kind, graph=None) -> Outcome:
    (folder / f"{table}.csv").write_bytes(data)
    outcome = attempt(folder, graph, damaged=f"{table}.csv")
    if kind == "same":
        assert outcome.ok, [p.render() for p in outcome.problems] or outcome.error
        assert_same_content(folder, sample, table)
    elif kind == "refused":
        assert not outcome.ok
    elif kind == "prefix" and outcome.ok:
        # what loads is the original's first rows; only the last may be cut inside its last cell
        got, want = records(folder, table), records(sample / "roster", table)
        assert len(got) <= len(want)
        whole = max(len(got) - 1, 0)  # a cut that keeps only the header loads no row at all
        assert got[:whole] == want[:whole]
        if got:
            last, orig = got[-1], want[len(got) - 1]
            assert all(v == orig[k] or (v and orig[k] and orig[k].startswith(v)) for k, v in last.items())
    elif isinstance(kind, tuple) and kind[0] == "huge":
        assert not outcome.ok
        assert outcome.error or any(p.row == kind[1] and "32767" in p.message for p in outcome.problems)
    elif isinstance(kind, tuple) and kind[0] == "header":
        assert not outcome.ok
        assert any(p.row == 1 and p.column == kind[1] and kind[2] in p.message for p in outcome.problems)
    return outcome


@pytest.mark.slow
@given(data=st.data())
@DRY
def test_damaged_csv_loads_or_is_refused_with_located_errors(tmp_path_factory, sample_dir, data):
    sample = sample_dir
    table, damaged, kind = data.draw(csv_damage(sample))
    folder = fresh_roster(tmp_path_factory.mktemp("csv"), sample)
    check_csv_case(folder, sample, table, damaged, kind)


# -- damage to an .xlsx ---------------------------------------------------------------------------------


def workbook_bytes(
    rows: list[list],
    *,
    title: str | None = None,
    merges=(),
    formulas=(),
    as_text=(),
    blank_rows=(),
    path: Path,
) -> None:
    """A sheet holding `rows` (row 1 = header unless a title row goes above), numbers as numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    offset = 0
    if title:
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        offset = 1
    r = offset
    for i, row in enumerate(rows):
        r += 1
        while r in blank_rows:
            r += 1
        for c, value in enumerate(row, start=1):
            if value != "":
                cell = ws.cell(
                    r, c, int(value) if value.isdigit() and len(value) < 16 and value[0] != "0" else value
                )
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    for r, c, formula in formulas:
        ws.cell(r, c, formula)
    for r, c, text in as_text:
        cell = ws.cell(r, c, text)
        cell.data_type = "s"  # text that looks like a formula (Excel: a leading apostrophe)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    _unclip(path)


def _unclip(path: Path) -> None:
    """openpyxl clips a cell to Excel's 32,767 characters; put the whole 1 MB cell back in the XML,
    as another program (or an attacker) could write it. The XML writer under openpyxl writes the
    text either as UTF-8 or as character references (`&#38271;`), depending on its version: both."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        members = {n: book.read(n) for n in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    for char in ("长".encode(), f"&#{ord('长')};".encode()):
        if char * 32767 in members[sheet]:
            members[sheet] = members[sheet].replace(char * 32767, char * (1 << 20))
            break
    else:
        return
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            book.writestr(name, data)


@st.composite
def xlsx_damage(draw, sample: Path):
    table = draw(st.sampled_from(("regions", "organizations", "posts", "enterprises", "enterprise_links")))
    rows = sample_rows(sample, table)
    width = len(rows[0])
    kind = draw(
        st.sampled_from(
            (
                "clean",
                "title",
                "blank_rows",
                "formula",
                "formula_text",
                "merged_header",
                "merged_data",
                "empty_sheet",
                "truncated",
                "huge",
                "missing_column",
            )
        )
    )
    letter = lambda c: openpyxl.utils.get_column_letter(c)  # noqa: E731
    r = draw(st.integers(2, len(rows)))
    c = draw(st.integers(1, width))
    if kind == "clean":
        return table, rows, {}, "same"
    if kind == "title":
        return table, rows, {"title": f"{table} 花名册"}, "same"
    if kind == "blank_rows":
        return (
            table,
            rows,
            {"blank_rows": set(draw(st.lists(st.integers(2, len(rows) + 3), max_size=4)))},
            "same",
        )
    if kind == "formula":
        f = draw(st.sampled_from(FORMULAS))
        return table, rows, {"formulas": [(r, c, f)]}, ("located", r, rows[0][c - 1], "公式")
    if kind == "formula_text":
        f = draw(st.sampled_from(FORMULAS))
        return table, rows, {"as_text": [(r, c, f)]}, ("located", r, rows[0][c - 1], "公式")
    if kind == "merged_header":
        last = draw(st.integers(c, width))
        rng = f"{letter(c)}1:{letter(last)}{draw(st.integers(1 if last > c else 2, 2))}"
        return table, rows, {"merges": [rng]}, ("located", 1, rows[0][c - 1], "合并单元格")
    if kind == "merged_data":
        assume(r < len(rows))
        end = draw(st.integers(r + 1, min(len(rows), r + 4)))
        return (
            table,
            rows,
            {"merges": [f"{letter(c)}{r}:{letter(c)}{end}"]},
            ("located", r + 1, rows[0][c - 1], "合并单元格"),
        )
    if kind == "empty_sheet":
        return table, [[]], {}, "refused"
    if kind == "truncated":
        return table, rows, {"cut": draw(st.floats(0.0, 0.99))}, "refused"
    if kind == "huge":
        rows = [list(x) for x in rows]
        rows[r - 1][c - 1] = "长" * (1 << 20)
        return table, rows, {}, ("located", r, rows[0][c - 1], "32767")
    rows = [x[: c - 1] + x[c:] for x in rows]  # a column missing (maybe a required one)
    return table, rows, {}, "any"


def check_xlsx_case(folder: Path, sample: Path, table: str, rows, options: dict, kind, graph=None) -> Outcome:
    (folder / f"{table}.csv").unlink()
    path = folder / f"{table}.xlsx"
    cut = options.pop("cut", None)
    if rows == [[]]:
        openpyxl.Workbook().save(path)
    else:
        workbook_bytes(rows, path=path, **options)
    if cut is not None:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * cut)])
    outcome = attempt(folder, graph, damaged=f"{table}.xlsx")
    if kind == "same":
        assert outcome.ok, [p.render() for p in outcome.problems] or outcome.error
        assert_same_content(folder, sample, table)
    elif kind == "refused":
        assert not outcome.ok
    elif isinstance(kind, tuple):
        _, row, header, word = kind
        assert not outcome.ok and outcome.error is None
        assert any(
            p.file == f"{table}.xlsx" and p.row == row and p.column == header and word in p.message
            for p in outcome.problems
        ), [p.render() for p in outcome.problems][:10]
    return outcome


@pytest.mark.slow
@given(data=st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_damaged_xlsx_loads_or_is_refused_with_located_errors(tmp_path_factory, sample_dir, data):
    table, rows, options, kind = data.draw(xlsx_damage(sample_dir))
    folder = fresh_roster(tmp_path_factory.mktemp("xlsx"), sample_dir)
    check_xlsx_case(folder, sample_dir, table, rows, options, kind)


# -- the same, written to Neo4j: a refused load writes nothing -----------------------------------------


def graph_counts(graph) -> tuple[Counter, Counter]:
    labels = Counter(
        {
            r["l"]: r["c"]
            for r in graph.read(
                "MATCH (n) WHERE NOT n:SchemaVersion UNWIND labels(n) AS l RETURN l, count(*) AS c"
            )
        }
    )
    rels = Counter(
        {r["t"]: r["c"] for r in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")}
    )
    return labels, rels


@pytest.fixture(scope="module")
def clean_counts(sample_county):
    """The graph a clean load of the sample gives, counted."""
    return graph_counts(sample_county)


def _check_written(graph, outcome: Outcome, kind, clean) -> None:
    labels, rels = graph_counts(graph)
    if not outcome.ok:
        assert not labels and not rels, f"a refused load wrote {dict(labels)} {dict(rels)}"
        return
    loads = graph.read("MATCH (l:Load) RETURN l.finished_at IS NOT NULL AS done")
    assert loads == [{"done": True}]
    if kind == "same":
        assert (labels, rels) == clean


@pytest.mark.slow
@given(data=st.data())
@GRAPH
def test_damaged_roster_writes_all_or_nothing(graph, clean_counts, tmp_path_factory, sample_dir, data):
    from conftest import wipe

    wipe(graph)
    folder = fresh_roster(tmp_path_factory.mktemp("graph"), sample_dir)
    if data.draw(st.booleans(), label="xlsx"):
        table, rows, options, kind = data.draw(xlsx_damage(sample_dir))
        outcome = check_xlsx_case(folder, sample_dir, table, rows, options, kind, graph=graph)
    else:
        table, damaged, kind = data.draw(csv_damage(sample_dir))
        outcome = check_csv_case(folder, sample_dir, table, damaged, kind, graph=graph)
    _check_written(graph, outcome, kind, clean_counts)


# -- through the command line: exit code 1, located errors, no traceback -------------------------------


@pytest.mark.parametrize("case", ["cut_utf8", "formula_xlsx", "nul_and_huge", "junk"])
def test_cli_refuses_damage_without_traceback(case, graph, tmp_path, sample_dir, neo4j_settings):
    folder = fresh_roster(tmp_path, sample_dir)
    people = folder / "people.csv"
    if case == "cut_utf8":
        data = people.read_bytes()
        people.write_bytes(data[: data.index("赖".encode()) + 1])  # cut inside a character
        expect = "people.csv:2: "
    elif case == "formula_xlsx":
        rows = sample_rows(sample_dir, "posts")
        (folder / "posts.csv").unlink()
        workbook_bytes(rows, path=folder / "posts.xlsx", formulas=[(3, 3, "=cmd|' /C calc'!A0")])
        expect = "posts.xlsx:3:职务: 单元格含公式"
    elif case == "nul_and_huge":
        rows = sample_rows(sample_dir, "people")
        rows[2][1] = "赖\x00超"
        rows[4][1] = "名" * (1 << 20)
        people.write_bytes(csv_bytes(rows))
        expect = "people.csv:5:姓名: 单元格有 1048576 个字符"
    else:
        people.write_bytes(bytes(range(256)) * 8)
        expect = "people.csv:3: 文件编码无法识别"  # records end at byte 10 (LF) and 13 (CR)
    before = graph_counts(graph)
    proc = run_bangfu("load", folder, env=server_env(neo4j_settings, tmp_path / "home"), cwd=tmp_path)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert expect in proc.stderr, proc.stderr[-2000:]
    assert graph_counts(graph) == before  # strict: nothing written, not even a Load node


# -- regressions: the damaged cases that found a bug, one each -------------------------------------------


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> None:
    (folder / name).write_bytes(text.encode(encoding))


def test_regression_stray_latin1_byte_in_utf8_is_refused_not_mojibake(tmp_path):
    # English headers, Chinese data, one byte from another encoding: this used to be read as GB18030
    # without a word, loading every name as mojibake.
    text = "person_id,name\nP1,张三\nP2,李四\nP3,Élan\n"
    data = text.encode("utf-8").replace("É".encode(), "É".encode("latin-1"))  # É+l: a valid GBK pair
    (tmp_path / "people.csv").write_bytes(data)
    with pytest.raises(RosterError) as err:
        load_roster(None, [tmp_path], dry_run=True)
    assert err.value.file == "people.csv" and err.value.row == 4 and "UTF-8" in err.value.message


def test_regression_gb18030_file_still_loads(tmp_path):
    _write(tmp_path, "people.csv", "人员编号,姓名\nP1,张三\n", "gb18030")
    report = load_roster(None, [tmp_path], dry_run=True)
    assert report.validation.ok
    assert records(tmp_path, "people") == [{"person_id": "P1", "name": "张三"}]


def test_regression_utf8_cut_inside_a_character(tmp_path):
    (tmp_path / "people.csv").write_bytes("人员编号,姓名\nP1,张三\n".encode()[:-2])
    with pytest.raises(RosterError) as err:
        load_roster(None, [tmp_path], dry_run=True)
    assert err.value.row == 2 and "截断" in err.value.message


def test_regression_utf16_named(tmp_path):
    _write(tmp_path, "people.csv", "人员编号,姓名\nP1,张三\n", "utf-16")
    with pytest.raises(RosterError, match="UTF-16"):
        load_roster(None, [tmp_path], dry_run=True)


def test_regression_huge_csv_cell_is_a_located_problem(tmp_path):
    # a 1 MB cell used to stop the whole load with csv's "field larger than field limit", no row
    _write(tmp_path, "people.csv", "人员编号,姓名\nP1,张三\nP2," + "长" * (1 << 20) + "\n")
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    assert [(p.row, p.column) for p in errors] == [(3, "姓名")] and "32767" in errors[0].message


def test_regression_nul_and_control_characters_are_refused(tmp_path):
    # valid UTF-8 holding NUL: used to load "张\x00三" into the graph
    _write(tmp_path, "people.csv", "人员编号,姓名,备注\nP1,张\x00三,\nP2,李四,a\x07b\n")
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    assert [(p.row, p.column) for p in errors] == [(2, "姓名"), (3, "备注")]
    assert all("控制字符" in p.message for p in errors)


def test_regression_bom_inside_the_file_is_not_part_of_a_key(tmp_path):
    # two CSVs pasted together, or a copied cell: "\ufeffP2" used to become a key of its own
    _write(tmp_path, "people.csv", "人员编号,姓名\nP1,张三\n\ufeffP2,李四\u200b\n")
    _write(tmp_path, "posts.csv", "人员编号,组织代码,职务\nP2,D1,书记\n")
    _write(tmp_path, "organizations.csv", "组织代码,名称,类型\nD1,某党委,党委\n")
    report = load_roster(None, [tmp_path], dry_run=True)
    assert report.validation.ok, [p.render() for p in report.validation.errors]
    assert records(tmp_path, "people")[1] == {"person_id": "P2", "name": "李四"}


def test_regression_quote_open_at_end_of_file(tmp_path):
    # a file cut inside a quoted cell used to load the cut value as if whole
    _write(tmp_path, "people.csv", '人员编号,姓名\nP1,张三\nP2,"李')
    with pytest.raises(RosterError) as err:
        load_roster(None, [tmp_path], dry_run=True)
    assert err.value.row == 3 and "引号" in err.value.message


def test_regression_short_last_row_without_line_break(tmp_path):
    # cut right after a comma: the last row used to load with its last cells empty
    _write(tmp_path, "people.csv", "人员编号,姓名,联系电话\nP1,张三,13800138000\nP2,李四")
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    assert [(p.row, "截断" in p.message) for p in errors] == [(3, True)]
    # the same row with a line break is a row that simply leaves the phone out
    _write(tmp_path, "people.csv", "人员编号,姓名,联系电话\nP1,张三,13800138000\nP2,李四\n")
    assert load_roster(None, [tmp_path], dry_run=True).validation.ok


def test_regression_cut_right_after_the_header_is_an_empty_table(tmp_path):
    # CI found it: a file cut at the end of its header line is a table with no rows, not an error;
    # the damage test's "what loaded is a prefix" check had wrongly compared it with all but one row
    _write(tmp_path, "enterprise_links.csv", "主体编号,户编号,带贫方式,年增收（元）,年份")
    report = load_roster(None, [tmp_path], dry_run=True)
    assert report.validation.ok, [p.render() for p in report.validation.errors]
    assert records(tmp_path, "enterprise_links") == []


def test_regression_cut_after_the_last_comma(tmp_path):
    # a seeded run found it: cut right after the last comma, the last row has every cell, the last one
    # empty, and used to load without the value it had lost
    _write(tmp_path, "people.csv", "人员编号,姓名,联系电话\nP1,张三,13800138000\nP2,李四,")
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    assert [(p.row, p.column, "截断" in p.message) for p in errors] == [(3, "联系电话", True)]
    # with a line break it is a row that leaves the phone out
    _write(tmp_path, "people.csv", "人员编号,姓名,联系电话\nP1,张三,13800138000\nP2,李四,\n")
    assert load_roster(None, [tmp_path], dry_run=True).validation.ok


def test_regression_value_beyond_the_header(tmp_path):
    # an unquoted comma shifts a row; the value past the last column used to vanish silently
    _write(tmp_path, "people.csv", "人员编号,姓名\nP1,张三\nP2,李,四\n")
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    assert [(p.row, p.column) for p in errors] == [(3, "第3列（C）")]


def test_regression_formula_cells_are_refused_never_evaluated(tmp_path):
    # openpyxl writes formulas without cached values: calamine read them as empty (an optional
    # column lost its value, a row of formulas vanished); Excel's cached values were taken as data
    rows = [["人员编号", "姓名", "联系电话"], ["P1", "张三", ""], ["P2", "李四", ""]]
    workbook_bytes(
        rows,
        path=tmp_path / "people.xlsx",
        formulas=[
            (2, 3, '=HYPERLINK("http://x.invalid","13800138000")'),
            (4, 1, "=1+1"),
            (4, 2, "=cmd|' /C calc'!A0"),
        ],
    )
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    assert [(p.row, p.column) for p in errors] == [(2, "联系电话"), (4, "人员编号"), (4, "姓名")]
    assert all("公式" in p.message for p in errors)


def test_regression_formula_as_text_is_refused(tmp_path):
    _write(tmp_path, "people.csv", "人员编号,姓名\nP1,=cmd|' /C calc'!A0\n")
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    assert [(p.row, p.column) for p in errors] == [(2, "姓名")] and "公式" in errors[0].message


def test_regression_title_row_above_the_header(tmp_path):
    # a merged title row on top (common in Chinese rosters) used to be taken as the header
    rows = [["人员编号", "姓名"], ["P1", "张三"]]
    workbook_bytes(rows, path=tmp_path / "people.xlsx", title="云溪县干部花名册")
    report = load_roster(None, [tmp_path], dry_run=True)
    assert report.validation.ok and any("标题" in n for n in report.validation.notices)
    assert records(tmp_path, "people") == [{"person_id": "P1", "name": "张三"}]


def test_regression_merged_cells_are_refused(tmp_path):
    rows = [["人员编号", "姓名", "联系电话"], ["P1", "张三", ""], ["P2", "李四", ""], ["P3", "王五", ""]]
    workbook_bytes(rows, path=tmp_path / "people.xlsx", merges=["C2:C4", "A1:A2"])
    errors = load_roster(None, [tmp_path], dry_run=True).validation.errors
    found = {(p.row, p.column) for p in errors}
    assert (1, "人员编号") in found  # merged header
    assert {(3, "联系电话"), (4, "联系电话")} <= found  # rows that would read an empty phone
