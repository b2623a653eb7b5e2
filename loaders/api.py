"""`load_roster`: find, validate, then (if allowed) write a roster, and say what happened.

Strict by default: any problem and nothing is written. With skip_invalid the valid rows load and
every rejected row goes, unchanged, to a rejects file with its reasons. A `Load` node records what
was loaded, by whom and how; a Load without `finished_at` marks a load that did not complete.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import cypher
from graph import clock, pii
from graph.checksum import sha256_of
from graph.connection import Graph
from graph.errors import BangfuError
from graph.ledger.inspections import sync_inspections
from graph.ledger.record import RecordedCheck, record_check
from graph.roster.activity import INSPECTIONS
from graph.schema import ensure_schema
from graph.settings import Settings
from graph.tables import TABLES_BY_NAME
from loaders.lookup import graph_lookup
from loaders.reading import find_tables
from loaders.snapshot import (
    SnapshotPlan,
    SnapshotRequest,
    apply_plan,
    plan_snapshot,
    prepare_snapshot,
    presence_hook,
)
from loaders.validate import Validation, no_graph, validate
from loaders.write import DEFAULT_WRITERS, Changes, RejectsWriter, write_roster

DEFAULT_BATCH_SIZE = Settings.load_batch_size


@dataclass
class LoadReport:
    validation: Validation
    skip_invalid: bool
    dry_run: bool
    load_id: str | None = None  # set when something was written
    changes: Changes = field(default_factory=Changes)
    rejects_dir: Path | None = None
    rejects_files: list[Path] = field(default_factory=list)
    snapshot: SnapshotPlan | None = None  # a snapshot load: what it starts, ends, removes and adds
    recorded: RecordedCheck | None = None  # the check a snapshot load recorded (graph/ledger)
    record_error: str | None = None  # why that check could not be recorded

    @property
    def written(self) -> bool:
        return self.load_id is not None

    @property
    def ok(self) -> bool:
        """No problem at all, or (with skip_invalid) the valid rows were loaded as asked."""
        if self.validation.ok:
            return True
        return self.skip_invalid and (self.written or self.dry_run)

    @property
    def refused(self) -> str | None:
        """Why a snapshot was refused (nothing written), or None."""
        return self.snapshot.refusal if self.snapshot is not None else None

    @property
    def exit_code(self) -> int:
        if self.refused:
            return 2
        return 0 if self.ok else 1

    def unchanged_by_table(self) -> dict[str, int]:
        """Rows the graph already held as they are (a snapshot skips them: loaders/fingerprint.py)."""
        out: dict[str, int] = {}
        for check in self.validation.checks:
            if check.unchanged:
                out[check.table.name] = out.get(check.table.name, 0) + check.unchanged
        return out

    def rows_by_table(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for check in self.validation.checks:
            out[check.table.name] = out.get(check.table.name, 0) + check.rows
        return out

    def rejected_by_table(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for check in self.validation.checks:
            if check.rejected:
                out[check.table.name] = out.get(check.table.name, 0) + len(check.rejected)
        return out


def new_load_id() -> str:
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def load_roster(
    graph: Graph | None,
    paths,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    user: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects_dir: Path | None = None,
    rejects_root: Path = Path("rejects"),
    progress: bool | None = None,
    today: dt.date | None = None,
    writers: int = DEFAULT_WRITERS,
    snapshot: SnapshotRequest | None = None,
    settings: Settings | None = None,
) -> LoadReport:
    """Load the roster at `paths` (folders, files, workbooks). `graph` may be None only for a dry run
    of an ordinary load.

    Rejected rows (skip_invalid) go to `rejects_dir`, or by default to `rejects_root/<load_id>`.
    With `snapshot`, the roster is the whole truth for its scope on the snapshot's date
    (loaders/snapshot.py): what it no longer lists ends, and a snapshot the guards refuse writes nothing;
    a snapshot that loads records a check as of its date for its scope (the ledger, graph/ledger),
    with the rules' and the ledger's `settings` (default: the built-in ones; they also hold the guard's
    `snapshot_max_end_share`).
    """
    settings = settings or Settings()
    roster = find_tables(list(paths))
    context = None
    if snapshot is not None:
        if graph is None:
            raise ValueError("a snapshot is compared with the graph: graph is required")
        context = prepare_snapshot(graph, roster, snapshot)
    lookup = graph_lookup(graph) if graph is not None else no_graph
    # the key that seals the numbers and keys the rows' fingerprints (graph/pii.py); a dry run makes none
    if graph is None:
        ring = None
    else:
        ring = pii.keyring_if_any(settings) if dry_run else pii.ring_for_write(graph, settings)
    validation = validate(
        roster,
        lookup,
        today=today,
        keep_rows=not dry_run or snapshot is not None,
        known=context.known if context else None,
        fingerprint_key=pii.fingerprint_key(ring),
    )
    try:
        report = LoadReport(validation, skip_invalid, dry_run)
        if context is not None:
            report.snapshot = plan_snapshot(graph, validation, context, settings.snapshot_max_end_share)
        return _write_validated(
            graph,
            validation,
            report,
            user=user,
            batch_size=batch_size,
            rejects_dir=rejects_dir,
            rejects_root=rejects_root,
            progress=progress,
            today=today,
            writers=writers,
            settings=settings,
            ring=ring,
        )
    finally:
        validation.close()


def _write_validated(
    graph: Graph | None,
    validation: Validation,
    report: LoadReport,
    *,
    user,
    batch_size,
    rejects_dir,
    rejects_root,
    progress,
    today,
    writers,
    settings: Settings,
    ring,
) -> LoadReport:
    """Write what validation allows, if anything, with its Load node and rejects files."""
    skip_invalid = report.skip_invalid
    if report.dry_run or report.refused or (not validation.ok and not skip_invalid):
        return report
    if graph is None:
        raise ValueError("graph is required unless dry_run")

    ensure_schema(graph, ring)
    plan = report.snapshot
    user = user or getpass.getuser()
    load_id = new_load_id()
    rejects = None
    if validation.rejected_rows:
        report.rejects_dir = Path(rejects_dir) if rejects_dir else Path(rejects_root) / load_id
        rejects = RejectsWriter(report.rejects_dir)
    sources = [c.table_file.source for c in validation.checks]
    graph.write(
        cypher.load("load/load_start"),
        {
            "load_id": load_id,
            "user": user,
            "files": [s.display for s in sources],
            "checksums": [sha256_of(s.path) for s in sources],
            "row_counts": json.dumps({c.display: c.rows for c in validation.checks}, ensure_ascii=False),
            "mode": "skip-invalid" if skip_invalid else "strict",
            "snapshot_date": plan.date if plan else None,
            "scope": plan.scope if plan else None,
            "allow_mass_end": plan.mass_end_allowed if plan else None,
        },
    )
    report.load_id = load_id
    try:
        report.changes = write_roster(
            graph,
            validation,
            load_id=load_id,
            batch_size=batch_size,
            rejects=rejects,
            progress=progress,
            today=today,
            writers=writers,
            row_hook=presence_hook(plan) if plan else None,
            ring=ring,
        )
    finally:
        if rejects is not None:
            rejects.close()
            report.rejects_files = list(rejects.paths)
    if rejects is not None:
        write_rejects_summary(report)
    snapshot_counts = None
    if plan is not None:
        ended = apply_plan(graph, plan, load_id, batch_size)
        report.changes.snapshot_ended.update(ended)
        snapshot_counts = json.dumps(plan.counts(), ensure_ascii=False)
    graph.write(
        cypher.load("load/load_finish"),
        {
            "load_id": load_id,
            "rejected_rows": validation.rejected_rows,
            "summary": json.dumps(report.changes.as_dict(), ensure_ascii=False),
            "snapshot_counts": snapshot_counts,
            "ended": sum(len(d.ended) for d in plan.tables.values()) if plan else None,
            "removed": len(plan.households_removed) if plan else None,
        },
    )
    if plan is None and any(c.table_file.source.table.name == INSPECTIONS.name for c in validation.checks):
        # 督查发现问题 enter the ledger with the load that writes them (a snapshot's recorded check does it)
        sync_inspections(graph, settings.ledger, user=user, as_of=today or clock.today(), load_id=load_id)
    if plan is not None:  # 集中排查: each month's snapshot is a recorded check of its scope (no time limit:
        try:  # a load is not a person waiting on a page)
            report.recorded = record_check(
                graph,
                plan.date,
                settings.rules,
                settings.ledger,
                user=user,
                scope=plan.scope,
                load_id=load_id,
            )
        except BangfuError as exc:  # the snapshot is loaded; only its check is missing: say how to record it
            report.record_error = (
                f"快照已导入，但未能记录检查：{exc.message} 请运行 bangfu check --record "
                f"--as-of {plan.date} --region {plan.scope}"
            )
    return report


def write_rejects_summary(report: LoadReport) -> None:
    """`summary.txt` beside the rejects files: why each row was rejected, in the user's words."""
    lines = [
        f"导入批次 {report.load_id}：以下行未导入，原样保存在同目录的 *.rejects.csv 中（“错误原因”列）。",
        "",
    ]
    for table, count in report.rejected_by_table().items():
        lines.append(f"{TABLES_BY_NAME[table].zh}（{table}）：拒绝 {count} 行")
    lines += ["", "问题："]
    lines += [p.render() for p in report.validation.errors]
    if report.validation.cascaded:
        lines += ["", "因引用的行被拒绝而随之拒绝："]
        lines += [p.render() for p in report.validation.cascaded]
    (report.rejects_dir / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
