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
from graph import pii
from graph.connection import Graph, counters_of
from graph.field_crypto import Keyring
from graph.roster.writes import ROW_HASH, FirstWrite, Step
from graph.settings import Settings
from graph.tables import STEPS
from loaders.fingerprint import fingerprint, layout
from loaders.problems import Problem
from loaders.rows import parse_record
from loaders.validate import SourceCheck, Validation

WRITE_SWITCH_INTERVAL = 0.0002  # seconds: see _FastSwitching
DEFAULT_WRITERS = Settings.load_writers  # concurrent write transactions: see _BatchWriter
SETTLE_BATCH = 2000  # end nodes a transaction settles after a table's first-way batches (FirstWrite)
DRIVER_SESSION_LOG = logging.getLogger("neo4j.session")  # where the driver reports a retried transaction


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
    first_written: Counter = field(default_factory=Counter)  # rows a step wrote its first way (FirstWrite)
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


def progress_bar(total: int, enabled: bool | None):
    """A progress bar on the terminal (stderr), or none: when not a terminal, or asked not to."""
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
    ring: Keyring,
) -> Changes:
    """Write every accepted row; rejected rows go to `rejects` (validation must allow writing).

    Batches of one table are written `writers` at a time; a table starts when everything it refers
    to is written (a barrier after each table, and before a table's self references). `row_hook`
    (table name, values) may add values only the writer knows (a snapshot's PRESENT_FROM). Id and
    phone numbers are sealed with `ring` before they leave (graph/pii.py): never written in clear."""
    changes = Changes()
    total = sum(c.rows for c in validation.checks)
    bar = progress_bar(total, progress)
    writer = _BatchWriter(graph, load_id, changes, writers, ring)
    retries = _RetryCount(changes, writer.thread_prefix)
    DRIVER_SESSION_LOG.addFilter(retries)
    try:
        with FAST_SWITCHING:  # process-wide: counted, see _FastSwitching
            by_table: dict[str, list[SourceCheck]] = {}
            for check in validation.checks:
                by_table.setdefault(check.table.name, []).append(check)
            for table_name, checks in by_table.items():  # validation keeps dependency order
                steps = STEPS[table_name]
                bar.set_description(f"写入 {table_name}")
                for check in checks:
                    now = [s for s in steps if not s.after_table and has_columns(check, s)]
                    for batch in batches(check, batch_size, rejects, bar, today):
                        changes.rows_written[table_name] += len(batch)
                        if row_hook is not None:
                            for values, _ in batch:
                                row_hook(table_name, values)
                        writer.submit(now, batch)
                writer.settle_first_writes()  # waits for the table's batches first
                for check in checks:
                    later = [s for s in steps if s.after_table and has_columns(check, s)]
                    if later:
                        for batch in batches(check, batch_size, None, None, today):
                            writer.submit(later, batch)
                writer.barrier()
    finally:
        writer.close()
        bar.close()
        DRIVER_SESSION_LOG.removeFilter(retries)
    return changes


class _RetryCount(logging.Filter):
    """Counts the driver's retries of this load's write transactions (concurrent writers that met in
    a lock conflict: expected now and then, and harmless) instead of letting the driver print an
    English warning in the middle of the progress bar. The driver logs to one process-wide logger,
    so the filter only takes the records of this load's own writer threads (`thread_prefix`): two
    loads at once (two web uploads) each count their own, and nothing else is swallowed."""

    def __init__(self, changes: Changes, thread_prefix: str):
        super().__init__()
        self.changes = changes
        self.thread_prefix = thread_prefix

    def filter(self, record: logging.LogRecord) -> bool:
        if record.threadName.startswith(self.thread_prefix) and "will be retried" in str(record.msg):
            self.changes.retried += 1
            return False
        return True


class _FastSwitching:
    """The interpreter's thread switch interval, short while any load writes: the write threads need
    the GIL for moments at a time (to send a batch, to read each reply) while the loading thread
    prepares the next batch, and by default each waits up to 5 ms each time, which slowed the writes
    by about a seventh (BENCHMARKS.md). It is a process-wide setting, so it is counted: the first load
    to start writing shortens it, the last to finish puts back what was there (two web uploads at
    once do not leave it changed)."""

    def __init__(self, interval: float):
        self.interval = interval
        self.lock = threading.Lock()
        self.active = 0
        self.saved: float | None = None

    def __enter__(self) -> "_FastSwitching":
        with self.lock:
            if self.active == 0:
                self.saved = sys.getswitchinterval()
                sys.setswitchinterval(self.interval)
            self.active += 1
        return self

    def __exit__(self, *exc) -> None:
        with self.lock:
            self.active -= 1
            if self.active == 0 and self.saved is not None:
                sys.setswitchinterval(self.saved)


FAST_SWITCHING = _FastSwitching(WRITE_SWITCH_INTERVAL)


def has_columns(check: SourceCheck, step: Step) -> bool:
    """The source has every column the step needs (else the step does not run for it)."""
    return all(n in check.table_file.positions for n in step.needs)


def batches(check: SourceCheck, size: int, rejects: RejectsWriter | None, bar, today=None) -> Iterator[list]:
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
        values[ROW_HASH] = fingerprint(prefix, cells, check.fingerprint_key)
        yield values, extras


def _spooled_rows(check: SourceCheck, bar) -> Iterator[tuple[dict, dict]]:
    for row, values, extras in check.spool:
        if bar is not None:
            bar.update(1)
        if row not in check.rejected:
            yield values, extras
    if bar is not None:  # rows validation did not keep (they had problems) are rejected: count them
        bar.update(check.rows - check.spool.rows)


def _personal_keys(rows: list[dict]) -> tuple[list[str], list[str]]:
    """The properties of a batch of node rows that hold id numbers or phone numbers (graph/masking.py
    and graph/pii.py decide, for the roster's columns and any extra column alike): a change record says
    that one changed, never what it was; and their hash and ciphertext, derived, never recorded."""
    keys: set[str] = set()
    for row in rows:
        keys.update(row["props"])
    personal = pii.personal_keys(keys)
    return [k for k in personal if not pii.is_companion(k)], [k for k in personal if pii.is_companion(k)]


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

    def __init__(self, graph: Graph, load_id: str, changes: Changes, writers: int, ring: Keyring):
        self.graph, self.load_id, self.changes, self.ring = graph, load_id, changes, ring
        self.writers = max(1, int(writers))
        self.thread_prefix = f"bangfu-write-{load_id}"  # this load's threads (see _RetryCount)
        self.pool = ThreadPoolExecutor(max_workers=self.writers, thread_name_prefix=self.thread_prefix)
        self.pending: deque[Future] = deque()
        self.lock = threading.Lock()  # the counters and `first_written`
        self.one_at_a_time = threading.Lock()
        self.first_written: dict[str, tuple[FirstWrite, set]] = {}  # step → end keys written its first way

    def submit(self, steps: list[Step], batch: list) -> None:
        work = []
        for step in steps:
            rows = [r for r in (step.build(v, e) for v, e in batch) if r is not None]
            pii.seal_rows(self.ring, rows)  # the only clear numbers stop here
            if step.lock_order:
                rows.sort(key=lambda r: r[step.lock_order] or "")
            if rows:
                work.append((step, rows))
        if work:
            self._queue(self._write, work)

    def _queue(self, write: Callable, *args) -> None:
        """Hand a write to the pool; at most twice `writers` wait, so memory stays bounded."""
        self.pending.append(self.pool.submit(write, *args))
        while len(self.pending) > 2 * self.writers:
            self.pending.popleft().result()

    def _write(self, work: list[tuple[Step, list]]) -> None:
        for step, rows in work:
            started = time.perf_counter()
            params = {"rows": rows, "load_id": self.load_id}
            if step.label and not step.rel:  # node statements record property changes, not personal values
                params["personal"], params["derived"] = _personal_keys(rows)
            with contextlib.nullcontext() if step.concurrent else self.one_at_a_time:
                if step.first_write is None:
                    result, counters = self.graph.write_returning(cypher.load(f"load/{step.cypher}"), params)
                else:
                    result, counters = self._write_first_or_usual(step, rows, params)
            with self.lock:
                self.changes.seconds[step.cypher] += time.perf_counter() - started
                self.changes.add(step, len(rows), result[0] if result else {}, counters)

    def _write_first_or_usual(self, step: Step, rows: list, params: dict) -> tuple[list[dict], dict]:
        """One transaction: whether the batch's end nodes hold the step's relationships from an earlier
        load, then the first-way statement if not (graph/roster/writes.py FirstWrite), else the usual."""
        first_write, end = step.first_write, step.writes.end[1]
        keys = sorted({row[end] for row in rows})

        def work(tx) -> tuple[bool, list[dict], dict]:
            earlier = tx.run(
                cypher.load(f"load/{first_write.earlier}"), keys=keys, load_id=self.load_id
            ).single()
            first = earlier is None or not earlier["earlier"]
            result = tx.run(cypher.load(f"load/{first_write.cypher if first else step.cypher}"), params)
            return first, [r.data() for r in result], counters_of(result.consume())

        first, result, counters = self.graph.write_work(work)
        if first:
            with self.lock:
                self.first_written.setdefault(step.cypher, (first_write, set()))[1].update(keys)
                self.changes.first_written[step.cypher] += len(rows)
        return result, counters

    def settle_first_writes(self) -> None:
        """After a table: what its first-way batches left undone (FirstWrite.settle), in batches side by
        side (each end node's own relationships: no two batches touch the same)."""
        self.barrier()
        settling, self.first_written = self.first_written, {}
        for first_write, keys in settling.values():
            ordered = sorted(keys)
            for start in range(0, len(ordered), SETTLE_BATCH):
                self._queue(self._settle, first_write, ordered[start : start + SETTLE_BATCH])
        self.barrier()

    def _settle(self, first_write: FirstWrite, keys: list) -> None:
        started = time.perf_counter()
        self.graph.write_returning(cypher.load(f"load/{first_write.settle}"), {"keys": keys})
        with self.lock:
            self.changes.seconds[first_write.settle] += time.perf_counter() - started

    def barrier(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def close(self) -> None:
        """Stops at once on an error (queued writes are dropped: the load is re-run to complete)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
