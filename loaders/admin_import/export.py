"""`export_admin_import(paths, out)`: validate a roster as `bangfu load` would into an empty graph,
then (if allowed) write the importer's files, the `Load` node and the manifest."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph import pii
from graph.checksum import sha256_of
from graph.field_crypto import Keyring
from graph.import_folder import ImportFolderError
from loaders.admin_import.encoding import Text
from loaders.admin_import.exporter import Exporter
from loaders.admin_import.files import write_import_manifest
from loaders.api import DEFAULT_BATCH_SIZE, LoadReport, new_load_id, write_rejects_summary
from loaders.reading import find_tables
from loaders.validate import SourceCheck, no_graph, validate
from loaders.write import RejectsWriter, progress_bar


class AdminImportError(ImportFolderError):
    """The output folder or the roster cannot be turned into importer files."""


@dataclass
class ExportReport:
    load: LoadReport  # validation and changes, as `bangfu load` reports them
    out: Path | None = None
    node_counts: Counter = field(default_factory=Counter)
    rel_counts: Counter = field(default_factory=Counter)
    merged_rows: int = 0  # relationship rows merged into an earlier one (as MERGE does)
    multiline: bool = False

    @property
    def exit_code(self) -> int:
        return self.load.exit_code


def check_headers(checks: list[SourceCheck]) -> None:
    """The importer's header syntax reserves ':' (name:type); such a column cannot be carried."""
    for check in checks:
        tf = check.table_file
        for position, name in enumerate(tf.fields):
            if name and name.startswith("extra_") and ":" in name:
                raise AdminImportError(
                    f"{check.display}：列名“{str(tf.headers[position]).strip()}”含半角冒号“:”，"
                    "批量导入（neo4j-admin）的表头不支持此字符。请把列名中的“:”改为全角“：”后再导出，"
                    "或改用 bangfu load 导入。"
                )


def export_admin_import(
    paths,
    out: Path,
    *,
    skip_invalid: bool = False,
    user: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects_dir: Path | None = None,
    rejects_root: Path = Path("rejects"),
    progress: bool | None = None,
    today: dt.date | None = None,
    ring: Keyring,
) -> ExportReport:
    """Validate the roster at `paths` as `bangfu load` would into an empty graph, then (if allowed)
    write the importer's files into `out` (a new or empty folder); id and phone numbers sealed with
    `ring`, the key of the database the files are for (graph/pii.py)."""
    roster = find_tables(list(paths))
    validation = validate(
        roster, no_graph, today=today, keep_rows=True, fingerprint_key=pii.fingerprint_key(ring)
    )
    try:
        return _export_validated(
            validation,
            Path(out),
            skip_invalid=skip_invalid,
            user=user,
            batch_size=batch_size,
            rejects_dir=rejects_dir,
            rejects_root=rejects_root,
            progress=progress,
            today=today,
            ring=ring,
        )
    finally:
        validation.close()


def _export_validated(
    validation, out: Path, *, skip_invalid, user, batch_size, rejects_dir, rejects_root, progress, today, ring
) -> ExportReport:
    """The importer's files from a validated roster (its parsed rows kept by validation)."""
    load = LoadReport(validation, skip_invalid, False)
    report = ExportReport(load)
    if not validation.ok and not skip_invalid:
        return report
    check_headers(validation.checks)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise AdminImportError(f"输出目录 {out} 已存在且不为空：请指定新的或空的目录。")
    out.mkdir(parents=True, exist_ok=True)

    started = dt.datetime.now(dt.timezone.utc)
    load_id = new_load_id()
    load.load_id = load_id
    rejects = None
    if validation.rejected_rows:
        load.rejects_dir = Path(rejects_dir) if rejects_dir else Path(rejects_root) / load_id
        rejects = RejectsWriter(load.rejects_dir)
    sources = [c.table_file.source for c in validation.checks]
    Text.multiline = False
    exporter = Exporter(out, load_id, batch_size, ring)
    bar = progress_bar(sum(c.rows for c in validation.checks), progress)
    try:
        by_table: dict[str, list[SourceCheck]] = {}
        for check in validation.checks:
            by_table.setdefault(check.table.name, []).append(check)
        for table_name, checks in by_table.items():  # validation keeps dependency order
            bar.set_description(f"导出 {table_name}")
            exporter.table(table_name, checks, rejects, bar, today)
        report.merged_rows = exporter.merge_repeated()
        exporter.programs_file()
    except BaseException:
        for f in exporter.files:
            f.close()
        shutil.rmtree(out, ignore_errors=True)
        raise
    finally:
        bar.close()
        if rejects is not None:
            rejects.close()
            load.rejects_files = list(rejects.paths)
    if rejects is not None:
        write_rejects_summary(load)
    load.changes = exporter.changes
    exporter.load_file(
        {
            "load_id": load_id,
            "started_at": started,
            "user": user or getpass.getuser(),
            "files": [s.display for s in sources],
            "checksums": [sha256_of(s.path) for s in sources],
            "row_counts": json.dumps({c.display: c.rows for c in validation.checks}, ensure_ascii=False),
            "mode": "skip-invalid" if skip_invalid else "strict",
            "finished_at": dt.datetime.now(dt.timezone.utc),
            "rejected_rows": validation.rejected_rows,
            "summary": json.dumps(exporter.changes.as_dict(), ensure_ascii=False),
        }
    )
    exporter.node_counts["Load"] += 1
    report.out = out
    report.node_counts = exporter.node_counts
    report.rel_counts = exporter.rel_counts
    report.multiline = Text.multiline
    write_import_manifest(
        out, load_id, exporter.files, report.multiline, report.node_counts, report.rel_counts
    )
    return report
