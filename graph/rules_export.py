"""`check` and `coverage` results as a readable Chinese text table or a printable Excel workbook.

The input is always the JSON-shaped dict of graph.rules.run_check / graph.coverage.run_coverage, so
every output format shows the same figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook

from graph.rules import ERROR, RULES, RULES_BY_ID
from graph.spreadsheet import PERCENT, cell_text, display_width, sheet_name, sheet_table, sheet_title
from graph.vocabulary import percent

SEVERITY = {"error": "错误", "warning": "警告"}
SUBJECT = {"village": "村", "person": "人员", "household": "户"}
SUBJECT_ID = {"village": "村代码", "person": "人员编号", "household": "户编号"}
SUBJECT_NAME = {"village": "村名", "person": "姓名", "household": "户主姓名"}
LEVEL = {"county": "县区", "township": "乡镇", "village": "村"}

SUMMARY_LABELS = (
    ("villages", "村数"),
    ("villages_with_gaps", "存在缺口的村数"),
    ("households_in_scope", "在册户数"),
    ("households_covered", "已落实帮扶户数"),
    ("help_pair_coverage", "结对帮扶覆盖率"),
)
SETTING_LABELS = (
    ("many_households", "重点村户数阈值（未脱贫/监测对象）"),
    ("min_team_size", "工作队最少人数"),
    ("max_households_per_cadre", "每名干部帮扶户数上限"),
    ("expiring_days", "任期届满预警天数"),
    ("visit_days", "走访周期（天）"),
    ("visit_kinds", "计入的走访方式"),
    ("min_collective_income", "村集体经营性收入下限（万元）"),
    ("monitor_identify_days", "监测对象识别时限（天）"),
    ("monitor_measure_days", "识别后落实帮扶措施时限（天）"),
)


def _settings_of(result: dict) -> list[tuple[str, str]]:
    """The settings a result names, in display order: a check saved before the activity rules' settings
    existed (a kept JSON file) still exports, without them."""
    return [(k, label) for k, label in SETTING_LABELS if k in result["settings"]]


COVERAGE_COLUMNS = (
    ("code", "区划代码"),
    ("name", "名称"),
    ("households_in_scope", "在册户数"),
    ("households_covered", "已落实帮扶户数"),
    ("coverage", "覆盖率"),
    ("cadres", "帮扶干部数"),
    ("max_load", "最大帮扶户数"),
)


# -- cells ----------------------------------------------------------------------------------------


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def text_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain table aligned for Chinese (double-width) characters."""
    cells = [[cell_text(c) for c in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def _detail_columns(rule_id: str) -> tuple[tuple[str, str], ...]:
    return RULES_BY_ID[rule_id].details


def _violation_row(v: dict, details: Sequence[tuple[str, str]], with_path: bool) -> list[Any]:
    row = [v["subject_id"], v["subject_name"]]
    if with_path:
        row.append(" / ".join(v.get("region_path") or []))
    row.append(v["message"])
    detail = v.get("detail") or {}
    row += [detail.get(key) for key, _ in details]
    return row


def _rule_headers(rule_id: str) -> tuple[list[str], bool]:
    rule = RULES_BY_ID[rule_id]
    with_path = rule.subject_type != "person"
    headers = [SUBJECT_ID[rule.subject_type], SUBJECT_NAME[rule.subject_type]]
    if with_path:
        headers.append("所在区划")
    headers.append("问题")
    headers += [label for _, label in rule.details]
    return headers, with_path


# -- check ----------------------------------------------------------------------------------------


def check_text(result: dict) -> str:
    s = result["summary"]
    out = [
        f"责任落实检查（检查日期 {result['as_of']}）",
        "设置："
        + "，".join(f"{label} {setting_text(result['settings'][k])}" for k, label in _settings_of(result)),
        f"村 {s['villages']} 个，存在缺口的村 {s['villages_with_gaps']} 个；"
        f"在册户 {s['households_in_scope']} 户，已落实结对帮扶 {s['households_covered']} 户，"
        f"覆盖率 {percent(s['help_pair_coverage'])}。",
        "",
    ]
    by_rule: dict[str, list[dict]] = {}
    for v in result["violations"]:
        by_rule.setdefault(v["rule"], []).append(v)
    if not by_rule:
        out.append("未发现问题。")
    for rule in RULES:
        rows = by_rule.get(rule.id)
        if not rows:
            continue
        headers, with_path = _rule_headers(rule.id)
        out.append(f"【{SEVERITY[rule.severity]}】{rule.title}（{rule.id}）：{len(rows)} 条")
        out.append(text_table(headers, [_violation_row(v, rule.details, with_path) for v in rows]))
        out.append("")
    errors = sum(1 for v in result["violations"] if v["severity"] == ERROR)
    warnings = len(result["violations"]) - errors
    out.append(f"合计：错误 {errors} 条，警告 {warnings} 条。")
    return "\n".join(out)


def coverage_text(result: dict, distribution: dict | None = None) -> str:
    out = [f"结对帮扶覆盖率（按{LEVEL[result['level']]}，检查日期 {result['as_of']}）"]
    rows = [[r[k] if k != "coverage" else percent(r[k]) for k, _ in COVERAGE_COLUMNS] for r in result["rows"]]
    out.append(text_table([label for _, label in COVERAGE_COLUMNS], rows) if rows else "（没有该层级的区划）")
    if distribution is not None:
        out += [
            "",
            "帮扶干部负担分布（帮扶户数按全图统计）",
            text_table(
                ["帮扶户数", "干部人数"], [[r["households"], r["cadres"]] for r in distribution["rows"]]
            )
            if distribution["rows"]
            else "（没有在岗结对帮扶）",
        ]
    return "\n".join(out)


# -- xlsx (graph/spreadsheet.py writes every sheet) ---------------------------------------------


def setting_text(value: Any) -> Any:
    """A setting as a cell shows it: a list (visit_kinds) as words joined by 、, numbers as they are."""
    return "、".join(map(str, value)) if isinstance(value, (list, tuple)) else value


def check_xlsx(
    result: dict, path: str | Path, rules: Iterable[str] | None = None, filters: Sequence[str] = ()
) -> Path:
    """A summary sheet, then one sheet per rule checked (spec order; all when `rules` is None); the
    titles name the check's date and the filters (`filters`: words such as "乡镇 吴老乡")."""
    checked = [r for r in RULES if rules is None or r.id in set(rules)]
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    s = result["summary"]
    by_rule: dict[str, list[dict]] = {}
    for v in result["violations"]:
        by_rule.setdefault(v["rule"], []).append(v)
    rows: list[list[Any]] = [["检查日期", result["as_of"], ""]]
    rows += [[label, setting_text(result["settings"][k]), "设置"] for k, label in _settings_of(result)]
    rows += [[label, s[k], "汇总"] for k, label in SUMMARY_LABELS]
    rows += [[rule.title, len(by_rule.get(rule.id, [])), SEVERITY[rule.severity]] for rule in checked]
    if rules is not None:
        filters = [*filters, "规则 " + "、".join(r.title for r in checked)]
    title = sheet_title("责任落实检查汇总", as_of=result["as_of"], filters=filters)
    sheet_table(ws, title, ["项目", "数值", "类别"], rows)
    for row in ws.iter_rows(min_row=3):
        if row[0].value == "结对帮扶覆盖率" and row[1].value is not None:
            row[1].number_format = PERCENT
    for rule in checked:
        # a sheet for every rule, empty ones too, so the workbook always has the same shape
        headers, with_path = _rule_headers(rule.id)
        sheet = wb.create_sheet(sheet_name(rule.title))
        sheet_table(
            sheet,
            sheet_title(f"【{SEVERITY[rule.severity]}】{rule.title}", as_of=result["as_of"], filters=filters),
            headers,
            [_violation_row(v, rule.details, with_path) for v in by_rule.get(rule.id, [])],
        )
    path = Path(path)
    wb.save(path)
    return path


def coverage_xlsx(result: dict, path: str | Path, distribution: dict | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "覆盖率"
    sheet_table(
        ws,
        sheet_title(f"结对帮扶覆盖率（按{LEVEL[result['level']]}）", as_of=result["as_of"]),
        [label for _, label in COVERAGE_COLUMNS],
        [[r[k] for k, _ in COVERAGE_COLUMNS] for r in result["rows"]],
    )
    if distribution is not None:
        sheet_table(
            wb.create_sheet("负担分布"),
            sheet_title("帮扶干部负担分布（帮扶户数按全图统计）", as_of=distribution["as_of"]),
            ["帮扶户数", "干部人数"],
            [[r["households"], r["cadres"]] for r in distribution["rows"]],
        )
    path = Path(path)
    wb.save(path)
    return path
