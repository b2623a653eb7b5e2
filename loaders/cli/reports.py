"""`bangfu load-report`: propose what work reports state, for an admin to review in the web app."""

from __future__ import annotations

from pathlib import Path

import click

from graph.context import AppContext, pass_app


@click.command("load-report")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="只抽取并显示数量，不写入图谱")
@click.option("--show", is_flag=True, help="逐条列出抽取到的事实")
@pass_app
def load_report_command(app: AppContext, paths: tuple[Path, ...], dry_run: bool, show: bool) -> None:
    """从工作报告（纯文本）中抽取人员职务、地名、企业、帮扶对象和帮扶关系，作为“待审核”写入图谱。

    待审核的事实不计入 check 和 coverage；管理员在网页“报告审核”中确认、修改或驳回。
    """
    from loaders.reports import extract as ex
    from loaders.reports.write import KIND_NAMES, fact_label, load_report, read_text

    results = load_report(None if dry_run else app.graph, list(paths), dry_run=dry_run, user="cli")
    for path, r in zip(paths, results):
        counts = "、".join(f"{KIND_NAMES[k]} {r.by_kind[k]}" for k in KIND_NAMES if r.by_kind.get(k))
        click.echo(
            f"{r.name}：{r.sentences} 句，抽取 {sum(r.by_kind.values())} 条（{counts or '无'}）"
            + ("" if dry_run else f"，新提议 {r.created} 条")
        )
        if show:
            for fact in ex.extract(read_text(path)):
                click.echo(
                    f"  [{KIND_NAMES[fact.kind]}] {fact_label(fact.kind, fact.payload)}  «{fact.span_text}»"
                )
    if dry_run:
        click.echo("试运行（--dry-run）：未写入图谱。")
    else:
        click.echo("请在网页“报告审核”中确认或驳回；确认前它们不计入检查和覆盖率。")
