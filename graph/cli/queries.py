"""`bangfu query …`: list, show and run saved queries; run ad-hoc read-only Cypher.

    bangfu query list [--category 人员]
    bangfu query show township_first_secretaries
    bangfu query run township_first_secretaries -p township=孙红乡 -p as_of=2026-11-22 --format xlsx
    bangfu query cypher "MATCH (v:Village) RETURN v.name LIMIT 5"

Everything runs through graph.queries.QueryRunner (the web app uses the same one): parameters are
checked by type, only read queries run, with the time and row limits of [queries] in the settings.
Id and phone numbers are masked; `--unmasked` shows them (whoever runs the CLI holds the database
password, i.e. is an administrator) and says so on stderr.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import click

from graph.context import pass_app
from graph.errors import DatabaseUnavailable
from graph.queries import QueryRunner, load_catalogue
from graph.queries.errors import ParameterError
from graph.queries.export import cell_text, export
from graph.queries.header import PARAM_TYPE_NAMES
from graph.queries.readonly import check_text
from graph.queries.result import QueryResult
from graph.queries.scalars import convert_scalar

OUTPUT_FORMATS = click.Choice(["table", "csv", "json", "xlsx", "graph-json"])
SOURCE_TAGS = {"shipped": "", "user": "［用户］", "rule": "［规则］", "stored": "［常用］"}


def _source_tag(q) -> str:
    if q.source == "stored":
        return f"［常用·{q.extra.get('author')}］"
    return SOURCE_TAGS[q.source]


def _catalogue(app, *, tolerate_down: bool = False):
    """Files, rules and the stored queries of the database; with `tolerate_down`, the files alone
    (and a note) when the database cannot be reached."""
    try:
        return load_catalogue(app.settings, graph=app.graph)
    except DatabaseUnavailable:
        if not tolerate_down:
            raise
        click.secho("提示：数据库未运行，未列出保存在数据库中的常用查询。", fg="yellow", err=True)
        return load_catalogue(app.settings)


DISPLAY_NAMES = {"table": "表格", "graph": "关系图", "bar": "柱状图"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _clip(text: str, limit: int = 40) -> str:
    if _width(text) <= limit:
        return text
    out = ""
    for c in text:
        if _width(out + c) > limit - 1:
            break
        out += c
    return out + "…"


def render_table(result: QueryResult) -> str:
    cells = [[_clip(cell_text(v).replace("\n", " ")) for v in row] for row in result.rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(result.columns, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def parse_param_options(values: tuple[str, ...], *, typed: bool = False) -> dict:
    """`k=v` pairs (ad-hoc Cypher also takes `k:type=v`, e.g. `as_of:date=2026-11-22`)."""
    out: dict = {}
    for item in values:
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq or not key:
            raise ParameterError(f"参数应写作 名称=值：{item}")
        p_type = None
        if typed and ":" in key:
            key, p_type = (s.strip() for s in key.split(":", 1))
            if p_type not in ("string", "int", "float", "date", "bool"):
                raise ParameterError(f"参数 {key} 的类型 {p_type} 无效，可用：string、int、float、date、bool")
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
            raise ParameterError(f"参数名无效：{key}")
        if key in out:
            raise ParameterError(f"参数 {key} 重复")
        if p_type:
            try:
                value = convert_scalar(p_type, value)
            except ValueError as exc:
                raise ParameterError(f"参数 {key} 的值无效：{exc}") from None
        out[key] = value
    return out


def _emit(
    result: QueryResult, fmt: str, output: str | None, default_stem: str, labels: dict | None = None
) -> None:
    if result.notice:
        click.secho(f"提示：{result.notice}", fg="yellow", err=True)
    if not result.masked:
        click.secho("注意：结果未遮掩身份证号和电话号码，请妥善保管，勿外传。", fg="yellow", err=True)
    if fmt == "table":
        text = render_table(result)
        if result.has_graph:
            text += (
                f"\n（关系图：{len(result.nodes)} 个节点、{len(result.relationships)} 条关系；"
                "用 --format graph-json 导出节点和边）"
            )
        text += f"\n共 {len(result.rows)} 行，用时 {result.elapsed_s:.2f} 秒。"
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            click.echo(f"已写入 {output}", err=True)
        else:
            click.echo(text)
        return
    data = export(result, fmt, labels)
    if fmt == "xlsx" and not output:
        output = f"{default_stem}.xlsx"
    if output:
        Path(output).write_bytes(data)
        click.echo(f"已写入 {output}（{len(result.rows)} 行）", err=True)
    else:
        sys.stdout.buffer.write(data if fmt != "csv" else data[3:])  # no BOM on a terminal
        sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()


def _run_options(f):
    f = click.option(
        "--time-limit",
        type=click.FloatRange(min=0.1),
        default=None,
        help="时间限制（秒，默认取设置 queries.time_limit_s）",
    )(f)
    f = click.option(
        "--row-limit",
        type=click.IntRange(min=1),
        default=None,
        help="最多返回行数（默认取设置 queries.row_limit）",
    )(f)
    f = click.option("--unmasked", is_flag=True, help="不遮掩身份证号和电话（仅限管理员）")(f)
    f = click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="输出文件")(f)
    f = click.option(
        "--format",
        "fmt",
        type=OUTPUT_FORMATS,
        default="table",
        show_default=True,
        help="输出格式：table 表格、csv（带 BOM，Excel 可直接打开）、json、xlsx、graph-json（节点和边）",
    )(f)
    return f


@click.group("query")
def query_group() -> None:
    """保存的查询：列出、查看、运行；以及只读的临时 Cypher 查询。"""


@query_group.command("list")
@click.option(
    "--category", default=None, help="只列出该分类（人员、村、户、单位、企业、组织、政策、责任落实、综合）"
)
@pass_app
def list_command(app, category: str | None) -> None:
    """列出全部保存的查询（按分类）：自带的、用户文件的、规则的，和在网页上保存的常用查询。"""
    catalogue = _catalogue(app, tolerate_down=True)
    groups = catalogue.by_category()
    if category is not None and category not in groups:
        raise ParameterError(f"没有分类“{category}”；现有分类：{'、'.join(groups)}")
    for cat, queries in groups.items():
        if category is not None and cat != category:
            continue
        click.secho(f"【{cat}】", bold=True)
        width = max(_width(q.name) for q in queries)
        for q in queries:
            click.echo(f"  {_pad(q.name, width)}  {q.title}{_source_tag(q)}")
    click.echo(f"共 {len(catalogue)} 个查询。运行 `bangfu query show 名称` 查看参数。")
    for _, problem in catalogue.problems:
        click.secho(f"提示：{problem}", fg="yellow", err=True)


@query_group.command("show")
@click.argument("name")
@click.option("--cypher/--no-cypher", "with_cypher", default=True, help="是否显示 Cypher 原文")
@pass_app
def show_command(app, name: str, with_cypher: bool) -> None:
    """显示一个查询的说明、参数和 Cypher。"""
    q = _catalogue(app, tolerate_down=True).get(name)
    click.secho(f"{q.name}：{q.title}{_source_tag(q)}", bold=True)
    click.echo(f"分类：{q.category}")
    click.echo(f"说明：{q.description}")
    shown = DISPLAY_NAMES[q.display.kind]
    if q.display.kind == "bar":
        shown += f"（横轴 {q.display.x}，纵轴 {q.display.y}）"
    click.echo(f"显示：{shown}")
    if q.path:
        click.echo(f"文件：{q.path}")
    if q.source == "stored":
        x = q.extra
        click.echo(f"常用查询：{x.get('author')} 保存，第 {x.get('version')} 版，")
        click.echo(f"  {x.get('updated_by')} 更新于 {x.get('updated_at')}")
    click.echo("参数：" + ("无" if not q.params else ""))
    for p in q.params:
        notes = ["必填"] if p.required else []
        if p.default_text is not None:
            notes.append(f"默认 {'今天' if p.default_text == 'today' else p.default_text}")
        elif not p.required:
            notes.append("可不填")
        if p.choices:
            notes.append("可选：" + "、".join(p.choices))
        if p.choices_query:
            notes.append(f"可选值来自 @{p.choices_query}")
        if p.minimum is not None:
            notes.append(f"最小 {p.minimum:g}")
        if p.maximum is not None:
            notes.append(f"最大 {p.maximum:g}")
        click.echo(f"  {p.name}（{p.label}，{PARAM_TYPE_NAMES[p.type]}）：{'；'.join(notes)}")
    click.echo(
        f"示例：bangfu query run {q.name}" + "".join(f" -p {p.name}=…" for p in q.params if p.required)
    )
    if with_cypher:
        click.echo("\n" + q.cypher.rstrip())


@query_group.command("run")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="名称=值", help="参数（可重复）")
@_run_options
@pass_app
def run_command(app, name, params, fmt, output, unmasked, row_limit, time_limit) -> None:
    """运行一个保存的查询，例如：bangfu query run village_roster -p village=丁寨村"""
    runner = QueryRunner(app.graph, app.settings)
    result = runner.run(
        name, parse_param_options(params), unmasked=unmasked, row_limit=row_limit, time_limit_s=time_limit
    )
    labels = {p.name: p.label for p in runner.catalogue.get(name).params}
    _emit(result, fmt, output, name, labels)


@query_group.command("cypher")
@click.argument("text")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="名称[:类型]=值",
    help="参数（可重复）；类型 string/int/float/date/bool，默认 string",
)
@_run_options
@pass_app
def cypher_command(app, text, params, fmt, output, unmasked, row_limit, time_limit) -> None:
    """运行一条只读 Cypher（写入、导入、分批事务等一律拒绝），例如：
    bangfu query cypher "MATCH (v:Village) RETURN v.name AS 村 LIMIT 5" """
    if text == "-":
        text = sys.stdin.read()
    check_text(text)  # refuse a write before even connecting (the runner checks again)
    runner = QueryRunner(app.graph, app.settings)
    result = runner.run_cypher(
        text,
        parse_param_options(params, typed=True),
        unmasked=unmasked,
        row_limit=row_limit,
        time_limit_s=time_limit,
    )
    _emit(result, fmt, output, "query")


@query_group.command("export-stored")
@click.argument("folder", type=click.Path(file_okay=False))
@pass_app
def export_stored_command(app, folder: str) -> None:
    """把网页上保存的常用查询（未停用的）各写成 FOLDER/名称.cypher，格式与自带查询文件相同。"""
    from graph.queries import stored

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    records = stored.records(app.graph)
    for record in records:
        (out / f"{record.name}.cypher").write_text(record.cypher, encoding="utf-8")
    click.echo(f"已导出 {len(records)} 个常用查询到 {out}")


@query_group.command("import-stored")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--as", "user", default="admin", show_default=True, help="记为谁保存（新建的作者、修改人）")
@pass_app
def import_stored_command(app, paths: tuple[str, ...], user: str) -> None:
    """把 .cypher 文件（或文件夹里的）保存为常用查询：新名称新建，已有的存为新一版。
    检查与网页保存相同（只读、能解析、不与自带查询重名），逐个记入审计日志；有被拒绝的则退出码为 1。"""
    from graph.errors import BangfuError
    from graph.queries import stored

    files = []
    for raw in paths:
        path = Path(raw)
        files += sorted(path.glob("*.cypher")) if path.is_dir() else [path]
    runner = QueryRunner(app.graph, app.settings)
    refused = 0
    for path in files:
        name, text = path.stem, path.read_text(encoding="utf-8-sig")
        record = stored.get(app.graph, name)
        try:
            if record is None:
                stored.create(runner, name, text, user=user)
                click.echo(f"{name}：已新建")
            elif record.cypher.strip() == text.strip():
                click.echo(f"{name}：没有改动")
            else:
                version = stored.update(
                    runner, name, text, user=user, admin=True, expected_version=record.version
                )
                click.echo(f"{name}：已存为第 {version} 版")
        except BangfuError as exc:
            refused += 1
            click.secho(f"{path}：{exc.message}", fg="red", err=True)
    if refused:
        raise SystemExit(1)
