"""`bangfu check` (responsibility rules) and `bangfu coverage` (help-pair coverage by region level).

Exit codes of `check`: 0 no error-severity violation, 1 some, 2 bad usage (unknown rule, bad date,
unknown region). Thresholds come from the settings ([rules] in bangfu.toml) and may be overridden.
"""

from __future__ import annotations

import getpass
import json
import logging
from dataclasses import replace
from pathlib import Path

import click

from graph.cli.options import as_of_option
from graph.context import pass_app
from graph.coverage import LEVELS, run_coverage, run_load_distribution
from graph.ledger import record_check
from graph.roster.vocabularies import VISIT_KINDS
from graph.rules import RULES, RULES_BY_ID, has_errors, run_check
from graph.rules_export import check_text, check_xlsx, coverage_text, coverage_xlsx

FORMATS = click.Choice(["table", "json", "xlsx"])


def _quiet_driver() -> None:
    """The driver logs server notifications (e.g. "property `start` does not exist" on a graph that
    has no dates yet) as warnings, which Python prints to stderr; people need not see them."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def _check_rule_ids(ctx, param, value):
    unknown = [r for r in value if r not in RULES_BY_ID]
    if unknown:
        raise click.BadParameter(f"未知的规则：{'、'.join(unknown)}。可用的规则：{'、'.join(RULES_BY_ID)}")
    return value


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"已写入 {output}", err=True)
    else:
        click.echo(text)


def _common_options(f):
    f = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False),
        default=None,
        help="输出文件（xlsx 默认写到当前目录）",
    )(f)
    f = click.option(
        "--format",
        "fmt",
        type=FORMATS,
        default="table",
        show_default=True,
        help="输出格式：table 表格、json、xlsx 电子表格",
    )(f)
    f = click.option("--region", default=None, metavar="CODE", help="只检查该区划（县区/乡镇/村代码）")(f)
    return as_of_option("检查日期（默认今天）")(f)


@click.command("check")
@_common_options
@click.option(
    "--rule",
    "rule_ids",
    multiple=True,
    callback=_check_rule_ids,
    metavar="ID",
    help="只运行这些规则（可重复）：" + "、".join(r.id for r in RULES),
)
@click.option(
    "--many-households",
    type=click.IntRange(0),
    default=None,
    help="重点村阈值：未脱贫/监测对象户数（默认取设置）",
)
@click.option("--min-team-size", type=click.IntRange(1), default=None, help="驻村工作队最少人数")
@click.option(
    "--max-households-per-cadre", type=click.IntRange(0), default=None, help="每名帮扶干部帮扶户数上限"
)
@click.option("--expiring-days", type=click.IntRange(0), default=None, help="任期届满预警天数")
@click.option("--visit-days", type=click.IntRange(1), default=None, help="走访周期（天）")
@click.option(
    "--visit-kind",
    "visit_kinds",
    multiple=True,
    type=click.Choice(VISIT_KINDS),
    help="计入的走访方式（可重复；默认取设置）",
)
@click.option(
    "--min-collective-income", type=click.FloatRange(0), default=None, help="村集体经营性收入下限（万元）"
)
@click.option("--monitor-identify-days", type=click.IntRange(0), default=None, help="监测对象识别时限（天）")
@click.option(
    "--monitor-measure-days", type=click.IntRange(0), default=None, help="识别后落实帮扶措施时限（天）"
)
@click.option(
    "--record",
    is_flag=True,
    help="记录这次检查（整改台账：新问题建账，不再出现的问题销号，见 bangfu ledger list）",
)
@pass_app
def check_command(
    app,
    as_of,
    region,
    fmt,
    output,
    rule_ids,
    many_households,
    min_team_size,
    max_households_per_cadre,
    expiring_days,
    visit_days,
    visit_kinds,
    min_collective_income,
    monitor_identify_days,
    monitor_measure_days,
    record,
) -> None:
    """检查责任落实：列出缺第一书记、缺包村干部、缺帮扶责任人等问题（有错误时退出码为 1）。"""
    _quiet_driver()
    overrides = {
        k: v
        for k, v in (
            ("many_households", many_households),
            ("min_team_size", min_team_size),
            ("max_households_per_cadre", max_households_per_cadre),
            ("expiring_days", expiring_days),
            ("visit_days", visit_days),
            ("visit_kinds", tuple(visit_kinds) or None),
            ("min_collective_income", min_collective_income),
            ("monitor_identify_days", monitor_identify_days),
            ("monitor_measure_days", monitor_measure_days),
        )
        if v is not None
    }
    settings = replace(app.settings.rules, **overrides)
    if record:
        recorded = record_check(
            app.graph,
            as_of,
            settings,
            app.settings.ledger,
            user=getpass.getuser(),
            scope=region,
            rules=rule_ids or None,
            timeout=app.settings.queries.time_limit_s,
        )
        result = recorded.result
        click.echo(
            f"已记录检查 {recorded.run_id}（截至 {as_of}）：问题 {recorded.seen} 个，"
            f"新发现 {recorded.created}，销号 {recorded.closed}"
            + (f"，反弹 {recorded.reopened}" if recorded.reopened else "")
            + "。",
            err=True,
        )
    else:
        result = run_check(
            app.graph,
            as_of,
            settings,
            rules=rule_ids or None,
            region=region,
            timeout=app.settings.queries.time_limit_s,
        )
    if fmt == "json":
        _write(json.dumps(result, ensure_ascii=False, indent=1), output)
    elif fmt == "xlsx":
        path = check_xlsx(result, output or f"责任落实检查-{result['as_of']}.xlsx", rules=rule_ids or None)
        click.echo(f"已写入 {path}（{len(result['violations'])} 条问题）", err=True)
    else:
        _write(check_text(result), output)
    if has_errors(result):
        raise SystemExit(1)


@click.command("coverage")
@click.option(
    "--level",
    type=click.Choice(list(LEVELS)),
    required=True,
    help="汇总层级：county 县区、township 乡镇、village 村",
)
@_common_options
@pass_app
def coverage_command(app, level, as_of, region, fmt, output) -> None:
    """结对帮扶覆盖率：按区划层级统计在册户、已落实帮扶户、帮扶干部数和最大帮扶户数。"""
    _quiet_driver()
    timeout = app.settings.queries.time_limit_s
    result = run_coverage(app.graph, level, as_of, region=region, timeout=timeout)
    if fmt == "json":
        _write(json.dumps(result, ensure_ascii=False, indent=1), output)
        return
    distribution = run_load_distribution(app.graph, as_of, region=region, timeout=timeout)
    if fmt == "xlsx":
        path = coverage_xlsx(result, output or f"帮扶覆盖率-{level}-{result['as_of']}.xlsx", distribution)
        click.echo(f"已写入 {path}（{len(result['rows'])} 个区划）", err=True)
    else:
        _write(coverage_text(result, distribution), output)
