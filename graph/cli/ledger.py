"""`bangfu ledger`: the 整改台账 from the command line (list, show, note, assign, waive, unwaive) and
`bangfu bulletin` (the monthly 通报).

Exit codes: 0 done, 2 refused (an unknown finding, person or unit, a name several people share, a
bad date, an extension or a waiver without a reason: nothing changed) or bad usage.
Actions are recorded with the system user's name.
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import click

from graph import audit, clock
from graph.cli.options import as_of_option, date_option
from graph.context import pass_app
from graph.ledger import edit
from graph.ledger.bulletin import write_bulletin
from graph.ledger.export import (
    due_text,
    filter_words,
    finding_text,
    ledger_text,
    ledger_xlsx,
    person_text,
    plain,
    unit_text,
)
from graph.ledger.store import STATUSES, Filters, get_finding, history, list_findings
from graph.rulebook import FINDING_TITLES
from graph.rules import check_region
from graph.spreadsheet import sheet_title

OPEN_WORD = "未销号"  # --status 未销号: 待整改 and 整改中


def _user() -> str:
    return getpass.getuser()


@click.group("ledger")
def ledger_group() -> None:
    """问题整改台账：每次记录的检查发现的问题，直到数据表明已整改（销号）。"""


@ledger_group.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES + (OPEN_WORD,)),
    help="只看这些状态（可重复；未销号 = 待整改 + 整改中）",
)
@click.option("--overdue", is_flag=True, help="只看逾期（未销号且已过整改时限）的问题")
@click.option(
    "--rule",
    "rules",
    multiple=True,
    type=click.Choice(list(FINDING_TITLES)),
    help="只看这些规则（可重复；inspection：督查发现问题）",
)
@click.option("--region", default=None, metavar="CODE", help="只看该区划（县区/乡镇/村代码）内的问题")
@click.option(
    "--limit", type=click.IntRange(1, 1_000_000), default=500, show_default=True, help="最多列出多少个"
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "xlsx"]), default="table", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="输出文件")
@pass_app
def list_command(app, statuses, overdue, rules, region, limit, fmt, output) -> None:
    """列出台账中的问题（按乡镇、规则、对象排序）。"""
    wanted = set()
    for s in statuses:
        wanted |= {"待整改", "整改中"} if s == OPEN_WORD else {s}
    filters = Filters(tuple(sorted(wanted)) or None, tuple(rules) or None, None, region, overdue)
    today = clock.today()
    findings, total = list_findings(app.graph, filters, today=today, limit=limit)
    if fmt == "xlsx":
        found = check_region(app.graph, region)
        title = sheet_title(
            "问题整改台账", as_of=today, filters=filter_words(filters, found["name"] if found else None)
        )
        path = ledger_xlsx(findings, output or f"整改台账-{today}.xlsx", title)
        click.echo(f"已写入 {path}（{len(findings)} 个问题）", err=True)
        return
    text = (
        json.dumps({"total": total, "findings": [plain(f) for f in findings]}, ensure_ascii=False, indent=1)
        if fmt == "json"
        else ledger_text(findings, total)
    )
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"已写入 {output}", err=True)
    else:
        click.echo(text)


@ledger_group.command("show")
@click.argument("finding_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def show_command(app, finding_id, fmt) -> None:
    """一个问题的全部经过：发现、每次检查、整改措施、责任调整、豁免、销号、反弹。"""
    finding = get_finding(app.graph, finding_id)
    events = history(app.graph, finding_id)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"finding": plain(finding), "history": [plain(e) for e in events]},
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        click.echo(finding_text(finding, events))


@ledger_group.command("note")
@click.argument("finding_id")
@click.argument("text")
@date_option("--date", help_text="措施日期（默认今天）")
@pass_app
def note_command(app, finding_id, text, date) -> None:
    """为问题填写整改措施或进展（待整改 → 整改中）。"""
    status = edit.add_measure(app.graph, finding_id, text, user=_user(), date=date)
    click.echo(f"已记录整改措施，问题 {finding_id} 现为{status}。")


@ledger_group.command("assign")
@click.argument("finding_id")
@click.option("--person", default=None, metavar="NAME|ID", help="责任人（姓名或人员编号；重名时须用编号）")
@click.option("--unit", default=None, metavar="NAME|CODE", help="责任单位（名称或组织代码）")
@date_option("--due", help_text="整改时限（晚于现有时限即为延期，须同时给出 --reason）")
@click.option("--reason", default=None, help="延期理由（延长整改时限时必填）")
@click.option("--no-person", is_flag=True, help="清空责任人")
@pass_app
def assign_command(app, finding_id, person, unit, due, reason, no_person) -> None:
    """调整问题的责任人、责任单位或整改时限（延期须写明理由）。"""
    edit.assign(
        app.graph,
        finding_id,
        user=_user(),
        person=person,
        unit=unit,
        due=due,
        reason=reason,
        clear_person=no_person,
    )
    f = get_finding(app.graph, finding_id)
    click.echo(
        f"已调整问题 {finding_id}：责任单位 {unit_text(f) or '—'}，责任人 {person_text(f) or '—'}，"
        f"整改时限 {due_text(f)}。"
    )


@ledger_group.command("waive")
@click.argument("finding_id")
@click.option("--reason", required=True, help="豁免理由（必填，如：该村正在撤并）")
@pass_app
def waive_command(app, finding_id, reason) -> None:
    """豁免问题（规则不适用），须写明理由。"""
    edit.waive(app.graph, finding_id, reason, user=_user())
    click.echo(f"已豁免问题 {finding_id}。")


@ledger_group.command("unwaive")
@click.argument("finding_id")
@click.option("--reason", default=None, help="取消豁免的说明")
@pass_app
def unwaive_command(app, finding_id, reason) -> None:
    """取消豁免，问题重新打开。"""
    status = edit.unwaive(app.graph, finding_id, user=_user(), reason=reason)
    click.echo(f"已取消豁免，问题 {finding_id} 现为{status}。")


@click.command("bulletin")
@as_of_option()
@click.option("--region", default=None, metavar="CODE", help="只通报该区划（县区/乡镇代码）")
@click.option(
    "--issuer", default=None, help="发文机关（默认：设置 [bulletin] issuer，或“中共”+县名+“委组织部”）"
)
@click.option(
    "--number",
    type=click.IntRange(min=1),
    default=None,
    help="发文字号的序号（默认：截至日期的月份；格式见设置 [bulletin] number）",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), required=True, help="输出的 Word 文件（.docx）"
)
@pass_app
def bulletin_command(app, as_of, region, issuer, number, output) -> None:
    """月度通报（公文格式的 Word 文件）：关键数字及与上期相比的变化、各乡镇新发现/销号/逾期问题及责任单位、
    问题较多的村；各乡镇的问题清单作为附件。"""
    found = check_region(app.graph, region)
    shown = write_bulletin(
        app.graph,
        as_of,
        output,
        region=region,
        region_name=found["name"] if found else None,
        issuer=issuer,
        settings=app.settings.bulletin,
        number=number,
    )
    audit.record(app.graph, _user(), "bulletin", {"as_of": as_of, "region": region, "file": str(output)})
    click.echo(
        f"已写入 {output}（{shown['issuer']}，截至 {as_of}，依据 {shown['run_as_of']} 记录的检查："
        f"未销号 {shown['open']}，逾期 {shown['overdue']}，新发现 {shown['new']}，销号 {shown['closed']}；"
        f"附件 {shown['attachments']} 个）"
    )
