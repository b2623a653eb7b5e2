"""The monthly 通报: the document staff send to townships (shared/spec/ledger.md, "通报").

For an as-of date: the latest check recorded on or before it, compared with the one before; coverage
per township; findings new, closed and overdue per township with who answers for them; the villages
with most open findings. A Word file written with python-docx, Chinese throughout: the fonts are
named for East Asian text (黑体 titles, 仿宋 body, 宋体 tables) so that Word and WPS use them, and every
table is laid out to the width of an A4 page. Nothing is fetched from anywhere.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

import cypher
from graph.connection import Graph
from graph.ledger.export import person_text, problem_text, subject_text, unit_text
from graph.ledger.record import LedgerError
from graph.ledger.store import figures, native
from graph.rulebook import FINDING_TITLES, finding_title

TITLE_FONT, BODY_FONT, TABLE_FONT = "黑体", "仿宋", "宋体"
PAGE_WIDTH_CM = 21.0 - 2 * 2.5  # A4 portrait, 2.5 cm margins
TOP_VILLAGES = 10


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    doc,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 14,
    bold: bool = False,
    align=None,
    indent: bool = False,
    space_after: float = 4,
):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(space_after)
    _font(p.add_run(text), font, size, bold)
    return p


def _table(doc, headers: list[str], rows: list[list], widths_cm: list[float]) -> None:
    """A bordered table as wide as the page; the header row repeats on every page it spans."""
    scale = PAGE_WIDTH_CM / sum(widths_cm)
    widths = [Cm(w * scale) for w in widths_cm]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text, width in zip(header.cells, headers, widths):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), TABLE_FONT, 10.5, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, row, widths):
            cell.width = width
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), TABLE_FONT, 10.5)
    doc.add_paragraph()


def _percent(value) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def _change(now, before, percent: bool = False) -> str:
    if now is None or before is None:
        return "—"
    delta = now - before
    if percent:
        return f"{delta * 100:+.2f} 个百分点"
    return f"{delta:+d}"


def _findings(graph: Graph, run_id: str, as_of: dt.date, region: str | None) -> list[dict]:
    out = []
    for r in graph.read(
        cypher.load("ledger/bulletin_findings"), {"run_id": run_id, "as_of": as_of, "region": region}
    ):
        f = native(r["finding"])
        f.update(
            township=r["township"],
            unit_name=r["unit_name"],
            person_name=r["person_name"],
            overdue=r["overdue"],
            rule_title=finding_title(f["rule"]),
        )
        out.append(f)
    return out


def write_bulletin(
    graph: Graph,
    as_of: dt.date,
    path: str | Path,
    *,
    region: str | None = None,
    region_name: str | None = None,
    issuer: str | None = None,
) -> dict:
    """Write the 通报 for `as_of` into `path`; returns the figures it shows (those of the overview)."""
    ledger = figures(graph, as_of, region)
    if ledger is None:
        raise LedgerError(f"截至 {as_of} 还没有记录过检查：请先快照导入或运行 bangfu check --record。")
    run, previous = ledger["run"], ledger["previous"]
    summary, before = run["summary"], (previous or {}).get("summary") or {}
    findings = _findings(graph, run["run_id"], as_of, region)
    new = [f for f in findings if f.get("created_run") == run["run_id"]]
    closed = [f for f in findings if f.get("resolved_by_run") == run["run_id"]]
    overdue = [f for f in findings if f["overdue"]]
    villages = graph.read(cypher.load("ledger/worst_villages"), {"region": region, "limit": TOP_VILLAGES})

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    where = region_name or "全县"
    _paragraph(
        doc,
        f"关于{where}抓党建促脱贫责任落实问题整改情况的通报",
        font=TITLE_FONT,
        size=20,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=6,
    )
    _paragraph(
        doc, f"（截至{chinese_date(as_of)}）", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12
    )
    _paragraph(doc, "各乡镇党委：", size=14)
    since = f"与{chinese_date(previous['as_of'])}的检查相比，" if previous else ""
    _paragraph(
        doc,
        (
            f"根据{chinese_date(run['as_of'])}的责任落实检查，{where}"
            f"共有行政村 {summary.get('villages', 0)} 个，"
            f"其中存在责任缺口的村 {summary.get('villages_with_gaps', 0)} 个；"
            f"在册帮扶对象 {summary.get('households_in_scope', 0)} 户，"
            f"已落实结对帮扶 {summary.get('households_covered', 0)} 户，"
            f"覆盖率 {_percent(summary.get('help_pair_coverage'))}。"
            f"{since}本期新发现问题 {ledger['new']} 个，"
            f"销号 {ledger['closed']} 个"
            + (f"，问题反弹 {ledger['reopened']} 个" if ledger["reopened"] else "")
            + f"；目前未销号问题 {ledger['open']} 个，其中逾期未整改 {ledger['overdue']} 个。"
            "现将有关情况通报如下。"
        ),
        indent=True,
    )

    _paragraph(doc, "一、总体情况", font=TITLE_FONT, size=16)
    rows = [
        [
            "存在责任缺口的村（个）",
            summary.get("villages_with_gaps"),
            before.get("villages_with_gaps"),
            _change(summary.get("villages_with_gaps"), before.get("villages_with_gaps")),
        ],
        [
            "结对帮扶覆盖率",
            _percent(summary.get("help_pair_coverage")),
            _percent(before.get("help_pair_coverage")),
            _change(summary.get("help_pair_coverage"), before.get("help_pair_coverage"), percent=True),
        ],
        [
            "在册帮扶对象（户）",
            summary.get("households_in_scope"),
            before.get("households_in_scope"),
            _change(summary.get("households_in_scope"), before.get("households_in_scope")),
        ],
        [
            "未销号问题（个）",
            ledger["open"],
            previous["open_findings"] if previous else None,
            _change(ledger["open"], previous["open_findings"] if previous else None),
        ],
        ["本期新发现问题（个）", ledger["new"], previous["new_findings"] if previous else None, ""],
        ["本期销号问题（个）", ledger["closed"], previous["closed_findings"] if previous else None, ""],
        ["逾期未整改问题（个）", ledger["overdue"], "", ""],
    ]
    _table(
        doc,
        ["指标", f"本期（{run['as_of']}）", f"上期（{previous['as_of']}）" if previous else "上期", "变化"],
        [[r[0]] + ["—" if v is None else v for v in r[1:]] for r in rows],
        [5.5, 3.5, 3.5, 3.5],
    )

    _paragraph(doc, "二、各乡镇结对帮扶覆盖情况", font=TITLE_FONT, size=16)
    _table(
        doc,
        ["乡镇", "在册户", "已落实户", "覆盖率", "帮扶干部", "最多帮扶户数"],
        [
            [
                c["name"],
                c["households_in_scope"],
                c["households_covered"],
                _percent(c["coverage"]),
                c["cadres"],
                c["max_load"],
            ]
            for c in run["coverage"]
        ],
        [4, 2.5, 2.5, 2.5, 2.5, 2.5],
    )

    for title, items, columns in (
        ("三、本期新发现问题", new, ("乡镇", "村/对象", "问题", "责任单位", "责任人", "整改时限")),
        ("四、本期已销号问题", closed, ("乡镇", "村/对象", "问题", "发现日期", "销号日期")),
        (
            "五、逾期未整改问题",
            overdue,
            ("乡镇", "村/对象", "问题", "发现日期", "整改时限", "责任单位", "责任人"),
        ),
    ):
        _paragraph(doc, f"{title}（{len(items)} 个）", font=TITLE_FONT, size=16)
        if not items:
            _paragraph(doc, "无。", indent=True)
            continue
        _table(doc, list(columns), [_cells(f, columns) for f in items], [_WIDTHS[c] for c in columns])

    _paragraph(doc, "六、未销号问题较多的村", font=TITLE_FONT, size=16)
    if villages:
        _table(
            doc,
            ["村", "乡镇", "未销号问题（个）", "涉及规则"],
            [
                [
                    v["village"],
                    v["township"],
                    v["open"],
                    "、".join(FINDING_TITLES[r] for r in v["rules"] if r in FINDING_TITLES),
                ]
                for v in villages
            ],
            [3, 3, 3, 7],
        )
    else:
        _paragraph(doc, "无。", indent=True)
    _paragraph(
        doc,
        "请各乡镇党委对照问题清单，逐项明确整改措施，在整改时限前完成整改并报送整改情况；"
        "逾期未整改的问题，请说明原因和完成时间。",
        indent=True,
    )
    _paragraph(doc, issuer or "中共县委组织部", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    _paragraph(doc, chinese_date(as_of), align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.core_properties.title = f"抓党建促脱贫责任落实问题整改情况通报（截至 {as_of}）"
    doc.core_properties.author = "帮扶图谱"
    path = Path(path)
    doc.save(path)
    return {k: ledger[k] for k in ("open", "overdue", "new", "closed", "reopened")} | {
        "as_of": as_of,
        "run_as_of": run["as_of"],
        "summary": summary,
    }


_WIDTHS = {
    "乡镇": 2.2,
    "村/对象": 4.0,
    "问题": 4.2,
    "责任单位": 3.2,
    "责任人": 2.4,
    "整改时限": 2.3,
    "发现日期": 2.3,
    "销号日期": 2.3,
}


def _cells(f: dict, columns) -> list:
    values = {
        "乡镇": f.get("township") or "",
        "村/对象": subject_text(f),
        "问题": problem_text(f),
        "责任单位": unit_text(f),
        "责任人": person_text(f),
        "整改时限": f.get("due"),
        "发现日期": f.get("first_found"),
        "销号日期": f.get("resolved_on"),
    }
    return [values[c] for c in columns]
