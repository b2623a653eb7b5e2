"""Writing a validated roster into the graph, batch by batch, idempotently.

Each table maps to steps; a step is one Cypher file under `cypher/load/` (labels fixed in the file,
never assembled from user text) fed `UNWIND $rows` batches of `batch_size` rows, each batch its own
transaction. Tables go in dependency order (regions, organizations, people, households,
enterprises, then the relationship tables), and within a table nodes before the relationships that
need them; references inside one table (a region's parent, an organization's superior) are written
after the whole table. Every statement MERGEs on keys, so a load that crashed half-way leaves valid
nodes and relationships behind, and running it again completes it without duplicates.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import cypher
from graph.connection import Graph
from graph.masking import is_id_key, is_phone_key
from graph.settings import Settings
from graph.search import search_properties
from loaders.tables import BRANCH_KINDS, CONTRACTING_UNIT, PARTY_KINDS, SECRETARY_TITLES
from loaders.fingerprint import fingerprint, layout
from loaders.validate import ROW_HASH, Problem, SourceCheck, Validation, parse_record

Builder = Callable[[dict, dict], "dict | None"]
WRITE_SWITCH_INTERVAL = 0.0002  # seconds: see write_roster
DEFAULT_WRITERS = Settings.load_writers  # concurrent write transactions: see _BatchWriter
DRIVER_SESSION_LOG = logging.getLogger("neo4j.session")  # where the driver reports a retried transaction


@dataclass(frozen=True)
class Step:
    cypher: str  # cypher/load/<name>.cypher
    build: Builder  # (values, extras) → the row for the query, or None (not for this step)
    needs: tuple[str, ...]  # columns the file must have for this step to run at all
    label: str | None = None  # node label whose creations the step's counters count
    rel: str | None = None  # relationship type whose creations/deletions the counters count
    after_table: bool = False  # run once every row of the table is written (self references)
    pair: bool = False  # a one-per-pair relationship from the node's own row (no properties)
    concurrent: bool = False  # batches may run side by side: see _BatchWriter
    lock_order: str | None = None  # rows are sent sorted by this field: see _BatchWriter


def _props(values: dict, extras: dict, mapping: dict[str, str]) -> dict:
    """Graph properties from the columns present in the file (absent columns are left alone)."""
    props = {prop: values[col] for col, prop in mapping.items() if col in values}
    props.update(extras)
    return props


def _node(
    key: str,
    mapping: dict[str, str],
    adjust: Callable[[dict, dict], None] | None = None,
    name: str | None = None,
) -> Builder:
    """`name`: the column that names the node; its search text (graph/search.py) is written with it,
    so a load needs no second pass over the graph to make what it wrote findable."""

    def build(values: dict, extras: dict) -> dict:
        props = _props(values, extras, mapping)
        if adjust:
            adjust(values, props)
        if name and name in values:
            props.update(search_properties(values[name], values[key]))
        return {"key": values[key], "props": props, "row_hash": values.get(ROW_HASH)}

    return build


def _pair(
    key: str,
    target: str,
    when: Callable[[dict], bool] | None = None,
    target_of: Callable[[dict], "str | None"] | None = None,
) -> Builder:
    def build(values: dict, extras: dict) -> dict | None:
        if when and not when(values):
            return None
        return {"key": values[key], "target": target_of(values) if target_of else values.get(target)}

    return build


def _same(*names: str) -> dict[str, str]:
    return {n: n for n in names}


def _region_adjust(values: dict, props: dict) -> None:
    if values.get("level") != "村":  # village-only properties
        for name in ("poor_village", "weak_org", "exit_year"):
            props[name] = None


def _start_key(values: dict) -> str:
    start = values.get("start_date")
    return start.isoformat() if start else ""


def _year_key(values: dict) -> str:
    year = values.get("year")
    return str(year) if year is not None else ""


_SPAN = {"start_date": "start", "end_date": "end"}


def _post(values: dict, extras: dict) -> dict:
    props = _props(values, extras, _SPAN)
    props["is_secretary"] = "".join(values["title"].split()) in SECRETARY_TITLES
    return {
        "person_id": values["person_id"],
        "org_code": values["org_code"],
        "title": values["title"],
        "start_key": _start_key(values),
        "props": props,
        "row_hash": values.get(ROW_HASH),
    }


def _assignment_person(values: dict, extras: dict) -> dict | None:
    if values["role"] == CONTRACTING_UNIT:
        return None
    return {
        "person_id": values["person_id"],
        "village_code": values["village_code"],
        "role": values["role"],
        "start_key": _start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, {**_SPAN, "unit_code": "unit_code"}),
    }


def _assignment_unit(values: dict, extras: dict) -> dict | None:
    if values["role"] != CONTRACTING_UNIT:
        return None
    return {
        "unit_code": values["unit_code"],
        "village_code": values["village_code"],
        "role": values["role"],
        "start_key": _start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, _SPAN),
    }


# A household value the writer alone sets: the day a snapshot lists the household again (or for the
# first time) after an earlier snapshot of its scope; its LIVES_IN starts then (loaders/snapshot.py).
PRESENT_FROM = "present_from"


def _lives_in(values: dict, extras: dict) -> dict:
    start = values.get(PRESENT_FROM)
    return {
        "key": values["household_id"],
        "target": values.get("village_code"),
        "start": start,
        "start_key": start.isoformat() if start else "",
    }


def _help_pair(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "household_id": values["household_id"],
        "start_key": _start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, _SPAN),
    }


def _enterprise_link(values: dict, extras: dict) -> dict:
    return {
        "enterprise_id": values["enterprise_id"],
        "household_id": values["household_id"],
        "mode": values["mode"],
        "year_key": _year_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, _same("annual_income", "year")),
    }


def _benefit(values: dict, extras: dict) -> dict:
    return {
        "household_id": values["household_id"],
        "program": values["program"],
        "year_key": _year_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, _same("amount", "year")),
    }


STEPS: dict[str, tuple[Step, ...]] = {
    "regions": (
        Step(
            "regions",
            _node(
                "code",
                _same("name", "level", "poor_village", "weak_org", "exit_year"),
                _region_adjust,
                name="name",
            ),
            (),
            label="Region",
            concurrent=True,
        ),
        Step(
            "region_part_of",
            _pair("code", "parent_code"),
            ("parent_code",),
            rel="PART_OF",
            after_table=True,
            pair=True,
        ),
    ),
    "organizations": (
        Step(
            "organizations",
            _node("code", _same("name", "kind"), name="name"),
            (),
            label="Organization",
            concurrent=True,
        ),
        Step(
            "organization_reports_to",
            _pair("code", "parent_code"),
            ("parent_code",),
            rel="REPORTS_TO",
            after_table=True,
            pair=True,
        ),
        Step(
            "organization_located_in",
            _pair("code", "region_code"),
            ("region_code",),
            rel="LOCATED_IN",
            after_table=True,
            pair=True,
        ),
        Step(
            "organization_governs",
            _pair(
                "code",
                "region_code",
                when=lambda v: v["kind"] in PARTY_KINDS,
                target_of=lambda v: v.get("region_code") if v["kind"] in BRANCH_KINDS else None,
            ),
            ("region_code",),
            rel="GOVERNS",
            after_table=True,
            pair=True,
        ),
    ),
    "people": (
        Step(
            "people",
            _node(
                "person_id",
                _same("name", "gender", "id_number", "political_status", "rank", "phone"),
                name="name",
            ),
            (),
            label="Person",
            concurrent=True,
        ),
        Step("person_works_at", _pair("person_id", "unit_code"), ("unit_code",), rel="WORKS_AT", pair=True),
    ),
    "households": (
        Step(
            "households",
            _node(
                "household_id",
                _same("head_name", "head_id_number", "size", "status", "category", "cause", "exit_year"),
                name="head_name",
            ),
            (),
            label="Household",
            concurrent=True,
        ),
        Step("household_lives_in", _lives_in, ("village_code",), rel="LIVES_IN", pair=True),
    ),
    "enterprises": (
        Step(
            "enterprises",
            _node("enterprise_id", _same("name", "kind", "credit_code"), name="name"),
            (),
            label="Enterprise",
            concurrent=True,
        ),
        Step(
            "enterprise_located_in",
            _pair("enterprise_id", "village_code"),
            ("village_code",),
            rel="LOCATED_IN",
            pair=True,
        ),
        Step(
            "enterprise_manager",
            _pair("enterprise_id", "manager_id"),
            ("manager_id",),
            rel="MANAGES",
            pair=True,
        ),
        Step(
            "enterprise_party_org",
            _pair("enterprise_id", "party_org_code"),
            ("party_org_code",),
            rel="HAS_PARTY_ORG",
            pair=True,
        ),
    ),
    "posts": (Step("posts", _post, (), rel="HOLDS_POST"),),
    "assignments": (
        Step("assignments_person", _assignment_person, (), rel="ASSIGNED_TO"),
        Step("assignments_unit", _assignment_unit, (), rel="ASSIGNED_TO"),
    ),
    "help_pairs": (Step("help_pairs", _help_pair, (), rel="HELPS", concurrent=True, lock_order="person_id"),),
    "enterprise_links": (Step("enterprise_links", _enterprise_link, (), rel="LIFTS"),),
    "benefits": (Step("benefits", _benefit, (), label="Program", rel="RECEIVES"),),
}


# -- what a load changed -----------------------------------------------------------------------------


@dataclass
class Changes:
    """Nodes and relationships created / updated / deleted, per label and type."""

    nodes_created: Counter = field(default_factory=Counter)
    nodes_updated: Counter = field(default_factory=Counter)
    rels_created: Counter = field(default_factory=Counter)
    rels_updated: Counter = field(default_factory=Counter)
    rels_deleted: Counter = field(default_factory=Counter)
    properties_changed: Counter = field(
        default_factory=Counter
    )  # per label: (:Change {kind:'property'}) written
    snapshot_ended: Counter = field(default_factory=Counter)  # per table: ended (households: removed)
    rows_written: Counter = field(default_factory=Counter)  # per table
    unmatched: Counter = field(default_factory=Counter)  # rows a step could not place, per step
    seconds: Counter = field(default_factory=Counter)  # time in the database, per step (all writers)
    retried: int = 0  # transactions retried after a lock conflict

    def add(self, step: Step, sent: int, result: dict, counters: dict) -> None:
        recorded = result.get("property_changes", 0)  # the statement's own Change nodes are not its label's
        if step.label:
            self.nodes_created[step.label] += counters["nodes_created"] - recorded
            self.properties_changed[step.label] += recorded
        if step.rel:
            self.rels_created[step.rel] += counters["relationships_created"]
            self.rels_deleted[step.rel] += counters["relationships_deleted"]
        if step.label and not step.rel:
            self.nodes_updated[step.label] += result.get("updated", 0)
        elif step.rel and not step.pair:
            self.rels_updated[step.rel] += result.get("updated", 0)
        if result.get("rows", 0) < sent:
            self.unmatched[step.cypher] += sent - result.get("rows", 0)

    def as_dict(self) -> dict:
        return {
            name: dict(getattr(self, name))
            for name in (
                "nodes_created",
                "nodes_updated",
                "rels_created",
                "rels_updated",
                "rels_deleted",
                "properties_changed",
                "snapshot_ended",
                "rows_written",
            )
        }


# -- rejects -----------------------------------------------------------------------------------------


class RejectsWriter:
    """Rejected rows, whole and unchanged, one CSV per source (UTF-8 with BOM so Excel opens it)."""

    REASON = "错误原因"
    ROW = "原行号"

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.files: dict[int, tuple] = {}
        self.paths: list[Path] = []
        self.counts: Counter = Counter()

    def _open(self, check: SourceCheck):
        if check.index not in self.files:
            self.directory.mkdir(parents=True, exist_ok=True)
            table = check.table.name
            path = self.directory / f"{table}.rejects.csv"
            n = 2
            while path in self.paths:
                path = self.directory / f"{table}.{n}.rejects.csv"
                n += 1
            fh = open(path, "w", encoding="utf-8-sig", newline="")
            writer = csv.writer(fh)
            headers = [_text(h) for h in check.table_file.headers]
            writer.writerow(headers + [self.ROW, self.REASON])
            self.files[check.index] = (fh, writer, len(headers))
            self.paths.append(path)
        return self.files[check.index]

    def write(self, check: SourceCheck, row: int, cells: list, reasons: list[Problem]) -> None:
        _, writer, width = self._open(check)
        texts = [_text(c) for c in cells]
        texts += [""] * (width - len(texts))
        writer.writerow(texts + [row, "；".join(f"{p.column}：{p.message}" for p in reasons)])
        self.counts[check.display] += 1

    def close(self) -> None:
        for fh, _, _ in self.files.values():
            fh.close()


def _text(cell) -> str:
    if hasattr(cell, "isoformat"):
        return cell.isoformat()
    return "" if cell is None else str(cell)


# -- the writer ----------------------------------------------------------------------------------------


def _progress(total: int, enabled: bool | None):
    from tqdm import tqdm

    disable = not sys.stderr.isatty() if enabled is None else not enabled
    return tqdm(
        total=total,
        unit="行",
        desc="写入",
        file=sys.stderr,
        disable=disable,
        dynamic_ncols=True,
        mininterval=0.5,
    )


def write_roster(
    graph: Graph,
    validation: Validation,
    *,
    load_id: str,
    batch_size: int,
    rejects: RejectsWriter | None = None,
    progress: bool | None = None,
    today=None,
    writers: int = DEFAULT_WRITERS,
    row_hook: Callable[[str, dict], None] | None = None,
) -> Changes:
    """Write every accepted row; rejected rows go to `rejects` (validation must allow writing).

    Batches of one table are written `writers` at a time; a table starts when everything it refers
    to is written (a barrier after each table, and before a table's self references). `row_hook`
    (table name, values) may add values only the writer knows (a snapshot's PRESENT_FROM)."""
    changes = Changes()
    total = sum(c.rows for c in validation.checks)
    bar = _progress(total, progress)
    writer = _BatchWriter(graph, load_id, changes, writers)
    retries = _RetryCount(changes)
    switch = sys.getswitchinterval()
    # The write threads need the GIL for moments at a time (to send a batch, to read each reply)
    # while this thread prepares the next batch; by default each waits up to 5 ms each time, which
    # slowed the writes by about a seventh (BENCHMARKS.md). Restored when the load ends.
    sys.setswitchinterval(WRITE_SWITCH_INTERVAL)
    DRIVER_SESSION_LOG.addFilter(retries)
    try:
        by_table: dict[str, list[SourceCheck]] = {}
        for check in validation.checks:
            by_table.setdefault(check.table.name, []).append(check)
        for table_name, checks in by_table.items():  # validation keeps dependency order
            steps = STEPS[table_name]
            bar.set_description(f"写入 {table_name}")
            for check in checks:
                now = [s for s in steps if not s.after_table and _has(check, s)]
                for batch in _batches(check, batch_size, rejects, bar, today):
                    changes.rows_written[table_name] += len(batch)
                    if row_hook is not None:
                        for values, _ in batch:
                            row_hook(table_name, values)
                    writer.submit(now, batch)
            writer.barrier()
            for check in checks:
                later = [s for s in steps if s.after_table and _has(check, s)]
                if later:
                    for batch in _batches(check, batch_size, None, None, today):
                        writer.submit(later, batch)
            writer.barrier()
    finally:
        writer.close()
        bar.close()
        sys.setswitchinterval(switch)
        DRIVER_SESSION_LOG.removeFilter(retries)
    return changes


class _RetryCount(logging.Filter):
    """Counts the driver's retries of a write transaction (concurrent writers that met in a lock
    conflict: expected now and then, and harmless) instead of letting the driver print an English
    warning in the middle of the progress bar."""

    def __init__(self, changes: Changes):
        super().__init__()
        self.changes = changes

    def filter(self, record: logging.LogRecord) -> bool:
        if "will be retried" in str(record.msg):
            self.changes.retried += 1
            return False
        return True


def _has(check: SourceCheck, step: Step) -> bool:
    return all(n in check.table_file.positions for n in step.needs)


def _batches(check: SourceCheck, size: int, rejects: RejectsWriter | None, bar, today=None) -> Iterator[list]:
    """Accepted rows as (values, extras), in lists of `size`; rejected ones to the rejects file.

    From the rows validation kept (check.spool) when there are any, unless rejected rows must be
    written out whole, as the file has them."""
    if check.spool is not None and not (rejects is not None and check.rejected):
        rows = _spooled_rows(check, bar)
    else:
        rows = _file_rows(check, rejects, bar, today)
    batch: list = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _file_rows(check: SourceCheck, rejects: RejectsWriter | None, bar, today) -> Iterator[tuple[dict, dict]]:
    tf, table = check.table_file, check.table
    prefix = layout(tf)
    for row, cells in tf.rows():
        if bar is not None:
            bar.update(1)
        if row in check.rejected:
            if rejects is not None:
                rejects.write(check, row, cells, check.rejected[row])
            continue
        values, extras, problems = parse_record(table, tf.record(cells), today)
        if problems:  # the file changed between validation and writing
            raise RuntimeError(f"{check.display} 第 {row} 行在校验后发生了变化，请重新运行。")
        values[ROW_HASH] = fingerprint(prefix, cells)
        yield values, extras


def _spooled_rows(check: SourceCheck, bar) -> Iterator[tuple[dict, dict]]:
    for row, values, extras in check.spool:
        if bar is not None:
            bar.update(1)
        if row not in check.rejected:
            yield values, extras
    if bar is not None:  # rows validation did not keep (they had problems) are rejected: count them
        bar.update(check.rows - check.spool.rows)


def _personal_keys(rows: list[dict]) -> list[str]:
    """The properties of a batch of node rows that hold id numbers or phone numbers (graph/masking.py
    decides, for the roster's columns and any extra column alike)."""
    keys: set[str] = set()
    for row in rows:
        keys.update(row["props"])
    return sorted(k for k in keys if is_id_key(k) or is_phone_key(k))


class _BatchWriter:
    """Runs the write transactions on `writers` background threads while the caller prepares the
    next batch: Python and Neo4j work at the same time, and Neo4j on more than one core (BENCHMARKS.md).

    A batch's steps run in order, each its own transaction, so a relationship step finds the nodes
    its own batch wrote; batches of one table are independent (validation refuses duplicate keys)
    and `barrier` waits for all of them. Steps that link to nodes many batches share (villages,
    organisations, programmes: not `Step.concurrent`) run one at a time: side by side they deadlock
    on those nodes' relationship groups. They still overlap with the next batch's nodes. Help pairs
    run side by side, each batch sorted by cadre (`Step.lock_order`): two transactions then lock the
    cadres they share in the same order, so a roster in random order does not deadlock either (it
    did, four times in a 100,000-household load, before the sort). A conflict left over is retried by
    the driver. At most twice `writers` batches wait, so memory stays bounded. The first failed write
    stops the load (raised at the next submit or barrier)."""

    def __init__(self, graph: Graph, load_id: str, changes: Changes, writers: int):
        self.graph, self.load_id, self.changes = graph, load_id, changes
        self.writers = max(1, int(writers))
        self.pool = ThreadPoolExecutor(max_workers=self.writers, thread_name_prefix="bangfu-write")
        self.pending: deque[Future] = deque()
        self.lock = threading.Lock()  # the counters
        self.one_at_a_time = threading.Lock()

    def submit(self, steps: list[Step], batch: list) -> None:
        work = []
        for step in steps:
            rows = [r for r in (step.build(v, e) for v, e in batch) if r is not None]
            if step.lock_order:
                rows.sort(key=lambda r: r[step.lock_order] or "")
            if rows:
                work.append((step, rows))
        if not work:
            return
        self.pending.append(self.pool.submit(self._write, work))
        while len(self.pending) > 2 * self.writers:
            self.pending.popleft().result()

    def _write(self, work: list[tuple[Step, list]]) -> None:
        for step, rows in work:
            started = time.perf_counter()
            params = {"rows": rows, "load_id": self.load_id}
            if step.label and not step.rel:  # node statements record property changes, not personal values
                params["personal"] = _personal_keys(rows)
            with contextlib.nullcontext() if step.concurrent else self.one_at_a_time:
                result, counters = self.graph.write_returning(cypher.load(f"load/{step.cypher}"), params)
            with self.lock:
                self.changes.seconds[step.cypher] += time.perf_counter() - started
                self.changes.add(step, len(rows), result[0] if result else {}, counters)

    def barrier(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def close(self) -> None:
        """Stops at once on an error (queued writes are dropped: the load is re-run to complete)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
