"""The monthly 通报: the 公文 staff send to townships (shared/spec/ledger.md, "通报").

For an as-of date: the latest check recorded on or before it, compared with the one before. The body
summarises — the key figures against the previous check, per township what was found new, closed and
is overdue and who answers for it (the township's party committee and its secretary), the villages
with most open findings (at most ten), what is asked of the townships; the item lists go to one 附件
per township. It names no household and shows no id, phone, bank or health detail (the reports' 公示
rule): a household's findings are counted per village. Laid out as GB/T 9704-2012 asks
(graph/ledger/gongwen.py); issued in the name of the county's organization department (the graph's
county region, or [bulletin] issuer) with the 发文字号 of [bulletin] number. Nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

import cypher
from graph import clock
from graph.connection import Graph
from graph.ledger import gongwen
from graph.ledger.export import problem_text, unit_text
from graph.ledger.record import LedgerError
from graph.ledger.store import figures, native, village_ranking
from graph.rulebook import FINDING_TITLES, finding_title
from graph.settings import BulletinSettings
from graph.vocabulary import percent

TOP_VILLAGES = 10
NO_TOWNSHIP = "县直单位"  # findings about people whose unit belongs to no township


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _change(now, before, percent: bool = False) -> str:
    if now is None or before is None:
        return "—"
    delta = now - before
    if percent:
        return f"{delta * 100:+.1f}个百分点"
    return f"{delta:+d}"


def _compared(now, before, unit: str, *, percent: bool = False) -> str:
    """ "比上期增加3个" / "与上期持平", for the text."""
    if now is None or before is None:
        return ""
    delta = (now - before) * (100 if percent else 1)
    if abs(delta) < (0.05 if percent else 1):
        return "，与上期持平"
    amount = f"{abs(delta):.1f}" if percent else f"{abs(delta)}"
    word = ("提高" if delta > 0 else "下降") if percent else ("增加" if delta > 0 else "减少")
    return f"，比上期{word}{amount}{unit}"


def county_of(graph: Graph, region: str | None) -> dict | None:
    """The county the bulletin speaks for: the region's own, or the only one in the graph."""
    counties = graph.read(cypher.load("ledger/bulletin_county"), {"region": region})
    return counties[0] if len(counties) == 1 else None


def issuer_name(county: dict | None, settings: BulletinSettings) -> str:
    if settings.issuer:
        return settings.issuer
    return f"中共{county['name']}委组织部" if county else "中共县委组织部"


def document_number(county: dict | None, settings: BulletinSettings, issued: dt.date, n: int) -> str:
    abbr = county["name"][0] if county and county.get("name") else ""
    return settings.number.format(abbr=abbr, year=issued.year, n=n)


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


def _townships(graph: Graph, run: dict, as_of: dt.date, region: str | None) -> list[dict]:
    """Every township of the check's coverage and every one with findings, with its figures."""
    rows = {
        r["code"]: r
        for r in graph.read(
            cypher.load("ledger/bulletin_townships"),
            {"run_id": run["run_id"], "as_of": as_of, "region": region},
        )
    }
    out = []
    for c in run["coverage"]:
        r = rows.pop(c.get("code"), None) or {}
        out.append({**r, "code": c.get("code"), "township": c["name"], "coverage": c.get("coverage")})
    for code, r in rows.items():  # townships outside the check's coverage, and findings of no township
        out.append({**r, "township": r.get("township") or NO_TOWNSHIP, "coverage": None})
    for t in out:
        for k in ("open", "overdue", "new", "closed"):
            t[k] = t.get(k) or 0
    return out


def write_bulletin(
    graph: Graph,
    as_of: dt.date,
    path: str | Path,
    *,
    region: str | None = None,
    region_name: str | None = None,
    issuer: str | None = None,
    settings: BulletinSettings | None = None,
    number: int | None = None,
) -> dict:
    """Write the 通报 for `as_of` into `path`; returns the figures it shows (those of the overview).
    `issuer` overrides [bulletin] issuer; `number` is the sequence of the 发文字号 (default: the
    as-of month)."""
    settings = settings or BulletinSettings()
    ledger = figures(graph, as_of, region)
    if ledger is None:
        raise LedgerError(f"截至 {as_of} 还没有记录过检查：请先快照导入或运行 bangfu check --record。")
    run, previous = ledger["run"], ledger["previous"]
    summary, before = run["summary"], (previous or {}).get("summary") or {}
    county = county_of(graph, region)
    issuer = issuer or issuer_name(county, settings)
    issued = clock.today()
    where = region_name or (county["name"] if county else "全县")
    townships = _townships(graph, run, as_of, region)
    findings = _findings(graph, run["run_id"], as_of, region)
    villages = village_ranking(graph, as_of, region, TOP_VILLAGES)

    doc = Document()
    gongwen.setup(doc)
    gongwen.issuer_mark(doc, issuer)
    gongwen.document_number(doc, document_number(county, settings, issued, number or as_of.month))
    gongwen.title(doc, f"关于{where}抓党建促脱贫责任落实\n问题整改情况的通报")
    gongwen.paragraph(doc, "各乡镇党委：", before_lines=1)
    since = f"与{chinese_date(previous['as_of'])}的检查相比，" if previous else ""
    gongwen.body(
        doc,
        f"截至{chinese_date(as_of)}，根据{chinese_date(run['as_of'])}的责任落实检查，{where}"
        f"共有行政村{summary.get('villages', 0)}个，"
        f"其中存在责任缺口的村{summary.get('villages_with_gaps', 0)}个；"
        f"在册帮扶对象{summary.get('households_in_scope', 0)}户，"
        f"已落实结对帮扶{summary.get('households_covered', 0)}户，"
        f"覆盖率{percent(summary.get('help_pair_coverage'))}。"
        f"{since}本期新发现问题{ledger['new']}个，销号{ledger['closed']}个"
        + (f"，问题反弹{ledger['reopened']}个" if ledger["reopened"] else "")
        + f"；目前未销号问题{ledger['open']}个，其中逾期未整改{ledger['overdue']}个"
        + (f"，经批准延期{ledger['extended']}个" if ledger["extended"] else "")
        + "。"
        "现将有关情况通报如下。",
    )
    _overall(doc, ledger, summary, before, previous)
    attachments = _attachment_groups(townships, findings)
    _per_township(doc, townships, attachments)
    _villages(doc, villages)
    _asks(doc)
    names = [f"{name}问题清单" for name, _ in attachments]
    if names:
        gongwen.attachment_note(doc, names)
    gongwen.signature(doc, issuer, chinese_date(issued))
    for i, ((name, items), title) in enumerate(zip(attachments, names), start=1):
        gongwen.attachment(doc, i if len(names) > 1 else None, title)
        _attachment(doc, items, run["run_id"])
    doc.core_properties.title = f"关于{where}抓党建促脱贫责任落实问题整改情况的通报"
    doc.core_properties.author = issuer
    path = Path(path)
    doc.save(path)
    return {k: ledger[k] for k in ("open", "overdue", "new", "closed", "reopened")} | {
        "as_of": as_of,
        "run_as_of": run["as_of"],
        "summary": summary,
        "issuer": issuer,
        "attachments": len(names),
    }


def _overall(doc, ledger: dict, summary: dict, before: dict, previous: dict | None) -> None:
    gongwen.heading1(doc, "一、总体情况")
    coverage, coverage_before = summary.get("help_pair_coverage"), before.get("help_pair_coverage")
    gaps, gaps_before = summary.get("villages_with_gaps"), before.get("villages_with_gaps")
    gongwen.body(
        doc,
        f"结对帮扶覆盖率{percent(coverage)}"
        + _compared(coverage, coverage_before, "个百分点", percent=True)
        + f"；存在责任缺口的村{gaps or 0}个"
        + _compared(gaps, gaps_before, "个")
        + f"；未销号问题{ledger['open']}个"
        + _compared(ledger["open"], previous["open_findings"] if previous else None, "个")
        + "。主要数据如下：",
        keep_next=True,
    )
    rows = [
        ["存在责任缺口的村（个）", gaps, gaps_before, _change(gaps, gaps_before)],
        [
            "结对帮扶覆盖率",
            percent(coverage),
            percent(coverage_before) if previous else None,
            _change(coverage, coverage_before, percent=True),
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
        ["本期新发现问题（个）", ledger["new"], previous["new_findings"] if previous else None, "—"],
        ["本期销号问题（个）", ledger["closed"], previous["closed_findings"] if previous else None, "—"],
        ["逾期未整改问题（个）", ledger["overdue"], None, "—"],
    ]
    gongwen.table(
        doc,
        ["指标", "本期", "上期", "增减"],
        [[r[0]] + ["—" if v is None else v for v in r[1:]] for r in rows],
        [6, 3, 3, 3.5],
    )


def _per_township(doc, townships: list[dict], attachments: list) -> None:
    gongwen.heading1(doc, "二、各乡镇整改情况")
    listed = "；各乡镇的问题清单见附件" if attachments else ""
    gongwen.body(
        doc,
        f"各乡镇本期新发现、销号和逾期未整改的问题，以及负责整改的乡镇党委和书记如下{listed}。",
        keep_next=True,
    )
    gongwen.table(
        doc,
        ["乡镇", "新发现", "销号", "未销号", "逾期", "覆盖率", "责任单位", "责任人"],
        [
            [
                t["township"],
                t["new"],
                t["closed"],
                t["open"],
                t["overdue"],
                percent(t["coverage"]),
                t.get("committee") or ("各工作单位" if t.get("code") is None else "—"),
                t.get("secretary") or ("（书记空缺）" if t.get("committee") else "—"),
            ]
            for t in townships
        ],
        [2.4, 1.7, 1.4, 1.7, 1.4, 1.8, 4.0, 1.8],
        size=11,
    )
    late = sorted(
        (t for t in townships if t["overdue"] and t.get("code")), key=lambda t: (-t["overdue"], t["township"])
    )
    if late:
        named = "、".join(f"{t['township']}（{t['overdue']}个）" for t in late[:3])
        gongwen.heading2(
            doc,
            "（一）逾期问题较多的乡镇。",
            f"{named}逾期未整改问题较多，请乡镇党委书记亲自督办，逐项说明原因和完成时间。",
        )
    done = [t for t in townships if t["closed"] and t.get("code")]
    if done:
        best = max(done, key=lambda t: (t["closed"], t["township"]))
        gongwen.heading2(
            doc,
            f"（{'二' if late else '一'}）销号较多的乡镇。",
            f"{best['township']}本期销号{best['closed']}个，整改成效较好。",
        )


def _villages(doc, villages: list[dict]) -> None:
    gongwen.heading1(doc, "三、未销号问题较多的村")
    if not villages:
        gongwen.body(doc, "各村目前没有未销号的问题。")
        return
    gongwen.body(doc, f"未销号问题较多的{len(villages)}个村如下，请所在乡镇党委重点督导。", keep_next=True)
    gongwen.table(
        doc,
        ["序号", "村", "乡镇", "未销号问题（个）", "主要问题"],
        [
            [
                i,
                v["village"],
                v["township"] or "—",
                v["open"],
                "、".join(FINDING_TITLES[r] for r in v["rules"] if r in FINDING_TITLES),
            ]
            for i, v in enumerate(villages, start=1)
        ],
        [1.2, 2.4, 2.4, 2.2, 7.5],
        size=11,
    )


def _asks(doc) -> None:
    gongwen.heading1(doc, "四、工作要求")
    gongwen.heading2(
        doc,
        "（一）逐项整改。",
        "各乡镇党委要对照问题清单，逐项明确整改措施、责任人和完成时限，在整改时限前完成整改并报送整改情况。",
    )
    gongwen.heading2(
        doc,
        "（二）按期销号。",
        "问题以下次检查的数据为准销号；逾期未整改的问题，请说明原因和完成时间，防止问题反弹。",
    )


# -- 附件: one per township, the item lists ---------------------------------------------------------

OVERDUE, NEW, CLOSED = "逾期未整改问题", "本期新发现问题", "本期已销号问题"
OPEN_LIST = (
    ["序号", "村/对象", "问题", "发现日期", "整改时限", "责任单位", "责任人"],
    [1.1, 2.5, 3.6, 2.9, 2.9, 3.6, 1.5],
)
LIST_COLUMNS = {
    OVERDUE: OPEN_LIST,
    NEW: OPEN_LIST,
    CLOSED: (["序号", "村/对象", "问题", "发现日期", "销号日期"], [1.1, 3.3, 5.4, 2.9, 2.9]),
}


def _attachment_groups(townships: list[dict], findings: list[dict]) -> list[tuple[str, list[dict]]]:
    """(township, its findings) for every township with something listed, in the table's order."""
    by_township: dict[str, list[dict]] = {}
    for f in findings:
        by_township.setdefault(f.get("township") or NO_TOWNSHIP, []).append(f)
    order = [t["township"] for t in townships] + sorted(set(by_township) - {t["township"] for t in townships})
    return [(name, by_township[name]) for name in order if name in by_township]


def _attachment(doc, items: list[dict], run_id: str) -> None:
    """A township's lists: overdue, found new by the check, closed by it."""
    lists = {
        OVERDUE: [f for f in items if f["overdue"]],
        NEW: [f for f in items if f.get("created_run") == run_id],
        CLOSED: [f for f in items if f.get("resolved_by_run") == run_id],
    }
    numbered = 0
    for kind, found in lists.items():
        rows = _rows(found, kind)
        if not rows:
            continue
        numbered += 1
        gongwen.heading1(doc, f"{'一二三'[numbered - 1]}、{kind}（{len(found)}个）")
        headers, widths = LIST_COLUMNS[kind]
        gongwen.table(doc, headers, rows, widths, size=10.5)


def _subject(f: dict) -> str:
    """村/对象 without naming a household or showing an id: the village; a person by name."""
    path = f.get("region_path") or []
    if f["subject_type"] == "village":
        return f.get("subject_name") or ""
    if f["subject_type"] == "household":
        return path[-1] if path else ""
    return f.get("subject_name") or ""


def _person(f: dict) -> str:
    if f.get("responsible_person"):
        return f.get("person_name") or ""
    return (
        "（书记空缺）" if f["subject_type"] in ("village", "household") and f.get("responsible_unit") else ""
    )


def _rows(found: list[dict], kind: str) -> list[list]:
    """One row per finding; a village's household findings of one rule as one row (“N户”)."""
    rows: list[list] = []
    households: dict[tuple, list[dict]] = {}
    for f in found:
        if f["subject_type"] == "household":
            households.setdefault((_subject(f), f["rule"]), []).append(f)
    seen: set[tuple] = set()
    for f in found:
        subject = _subject(f)
        if f["subject_type"] == "household":
            key = (subject, f["rule"])
            if key in seen:
                continue
            seen.add(key)
            group = households[key]
            subject = f"{subject}帮扶对象{len(group)}户"
            first = min(g["first_found"] for g in group)
            due = min(g["due"] for g in group if g.get("due")) if any(g.get("due") for g in group) else None
            closed = max((g["resolved_on"] for g in group if g.get("resolved_on")), default=None)
        else:
            first, due, closed = f.get("first_found"), f.get("due"), f.get("resolved_on")
        cells = [subject, problem_text(f), _day(first)]
        if kind == CLOSED:
            cells.append(_day(closed))
        else:
            cells += [_day(due), unit_text(f), _person(f)]
        rows.append([len(rows) + 1, *cells])
    return rows


def _day(day) -> str:
    """A date in a list: 2026.9.30 (short enough for a narrow column; the body writes 2026年9月30日)."""
    return f"{day.year}.{day.month}.{day.day}" if day else "—"
