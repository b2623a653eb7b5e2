"""Snapshot loads: a roster that is the whole truth for a region on a date (shared/spec/snapshots.md).

Counties re-export their whole roster every month; a cadre who left is a row that is no longer there.
A snapshot compares what the roster lists with what the graph holds for the scope, before anything is
written (`plan_snapshot`): what starts, what ends, which households leave the roster and which join.
The plan is what `--dry-run` shows and what the guard against cut files judges; `apply_plan` then ends
what is missing (an end date the day before, never a deletion) and records what changed as
`(:Change)` nodes for `bangfu changes`. The rows the roster lists are written by the ordinary loader.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import cypher
from graph.connection import Graph
from graph.errors import BangfuError
from graph.roster.households import HOUSEHOLDS as HOUSEHOLD_TABLE
from graph.roster.model import ENDED, HISTORY, RECORD
from graph.roster.regions import REGIONS
from graph.roster.writes import PRESENT_FROM
from graph.tables import TABLES, TABLES_BY_NAME
from loaders.fingerprint import Fingerprints
from loaders.reading import Roster, open_table
from loaders.rows import parse_record
from loaders.validate import SourceCheck, Validation

# The tables a snapshot states completely (their declarations' policy: ended when missing), in the
# order of the spec's table (and of `changes`).
COMPLETE_TABLES = tuple(
    t.name for t in sorted((t for t in TABLES if t.snapshot.policy == ENDED), key=lambda t: t.snapshot.order)
)
HOUSEHOLDS = HOUSEHOLD_TABLE.name  # households no longer listed leave the roster
STATE_CHUNK = 20_000  # rows per lookup or ending statement
REGION_LEVEL_VOCAB = REGIONS.column("level").vocab


class SnapshotRefused(BangfuError):
    """A snapshot that must not be loaded (mass endings, an older date, no scope): nothing written."""

    exit_code = 2


@dataclass(frozen=True)
class SnapshotRequest:
    date: dt.date
    scope: str | None = None  # region code; None: the roster's one county
    allow_mass_end: bool = False


# -- rows as keys --------------------------------------------------------------------------------------


def row_of(table: str, values: dict) -> tuple[str, ...] | None:
    """The row's key columns as text, as `changes` lists them ('' for empty), or None when the row
    lacks a part of its key (it has a problem of its own): as the table's declaration says."""
    return TABLES_BY_NAME[table].snapshot.row(values)


def identity(table: str, row: tuple[str, ...]) -> tuple[str, ...]:
    """What names one relationship (an assignment of a person is not told apart by its dispatching unit)."""
    return TABLES_BY_NAME[table].snapshot.identity(row)


# -- the plan ------------------------------------------------------------------------------------------


@dataclass
class TableDiff:
    """One completely stated table: what the scope held before and what the snapshot does to it."""

    table: str
    active_before: int = 0  # in scope, not ended before the date
    started: list[tuple] = field(default_factory=list)  # listed, written, and not active before
    ended: list[tuple] = field(default_factory=list)  # missing: ends the day before the date
    closed: list[tuple] = field(default_factory=list)  # listed with an end before the date (was active)

    @property
    def baseline(self) -> bool:
        """The scope held none of this table: the snapshot starts everything (not listed row by row)."""
        return self.active_before == 0

    def share_ended(self) -> float:
        return len(self.ended) / self.active_before if self.active_before else 0.0


@dataclass
class SnapshotPlan:
    date: dt.date
    scope: str
    scope_name: str
    previous: dt.date | None  # the latest earlier snapshot of an overlapping scope
    tables: dict[str, TableDiff] = field(default_factory=dict)
    households_stated: bool = False
    households_before: int = 0
    households_removed: list[str] = field(default_factory=list)
    households_added: list[str] = field(default_factory=list)
    refusal: str | None = None  # why the snapshot must not be loaded (exit 2)
    mass_end_allowed: bool = False  # the guard would have refused: --allow-mass-end

    @property
    def day_before(self) -> dt.date:
        return self.date - dt.timedelta(days=1)

    @property
    def dated(self) -> bool:
        """Households that join the roster do so on the date (an earlier snapshot of the scope exists);
        on a scope's first snapshot they are on the roster always, as with an ordinary load."""
        return self.previous is not None

    def counts(self) -> dict:
        """What the Load node records and the CLI prints."""
        out = {
            t: {
                "before": d.active_before,
                "started": len(d.started),
                "ended": len(d.ended),
                "closed": len(d.closed),
            }
            for t, d in self.tables.items()
        }
        if self.households_stated:
            out[HOUSEHOLDS] = {
                "before": self.households_before,
                "added": len(self.households_added),
                "removed": len(self.households_removed),
            }
        return out

    def household_share_removed(self) -> float:
        return len(self.households_removed) / self.households_before if self.households_before else 0.0


# -- finding the scope and the order -------------------------------------------------------------------


def _rows(check: SourceCheck, today=None) -> Iterator[tuple[int, dict, bool]]:
    """(excel row, values, written) of every row whose values could be read: the parsed rows kept by
    validation, then the rows it could not parse, parsed again from the file. A rejected row still
    lists its key: a roster row with a bad cell must not end the relationship it names."""
    spooled: set[int] = set()
    if check.spool is not None:
        for row, values, _ in check.spool:
            spooled.add(row)
            yield row, values, row not in check.rejected
        if all(r in spooled for r in check.rejected):
            return
    tf = check.table_file
    for row, cells in tf.rows():
        if row not in spooled and (check.spool is None or row in check.rejected):
            values, _, _ = parse_record(check.table, tf.record(cells), today)
            yield row, values, row not in check.rejected


def _checks(validation: Validation, table: str) -> list[SourceCheck]:
    return [c for c in validation.checks if c.table.name == table]


def region_rows(roster: Roster) -> dict[str, dict]:
    """The roster's regions table, read ahead of validation (a small table): code → code, name, level,
    parent. Rows it cannot read are left out; validation reports them."""
    out = {}
    for source in roster.sources:
        if source.table.name != REGIONS.name:
            continue
        tf = open_table(source)
        for _, cells in tf.rows():
            record = tf.record(cells)
            code = record.get("code")
            if code:
                level = REGION_LEVEL_VOCAB.lookup(str(record.get("level") or ""))
                out[str(code)] = {
                    "code": str(code),
                    "name": record.get("name"),
                    "level": level,
                    "parent_code": record.get("parent_code"),
                }
    return out


def resolve_scope(
    graph: Graph, regions: dict[str, dict], requested: str | None, villages_and_households=None
) -> tuple[str, str, list[str]]:
    """(code, name, lineage: the code and its ancestors' codes) of the snapshot's scope.

    The default: the one county of the roster's regions table; with no regions table, the one county
    of the villages and households the roster names (`villages_and_households()` gives them)."""
    if requested:
        code = requested.strip()
    else:
        code = _default_scope(graph, regions, villages_and_households)
    lineage_rows = graph.read(cypher.load("snapshot/lineage"), {"code": code})
    lineage = [r["code"] for r in lineage_rows]
    name = lineage_rows[0]["name"] if lineage_rows else None
    if not lineage:
        if code not in regions:
            raise SnapshotRefused(
                f"快照范围 {code} 不是已知的区划代码（图谱和本次花名册的行政区划表中都没有）。"
            )
        # a region the roster itself brings: its ancestors from the roster, then from the graph
        name = regions[code].get("name")
        lineage, current = [code], regions[code].get("parent_code")
        while current:
            lineage.append(current)
            current = regions.get(current, {}).get("parent_code")
            if current is None and lineage[-1] not in regions:
                lineage += [
                    r["code"] for r in graph.read(cypher.load("snapshot/lineage"), {"code": lineage[-1]})
                ][1:]
    return code, name or code, lineage


def _default_scope(graph: Graph, regions: dict[str, dict], villages_and_households) -> str:
    if regions or villages_and_households is None:
        counties = sorted(c for c, v in regions.items() if v.get("level") == "县区")
        if len(counties) == 1:
            return counties[0]
        raise SnapshotRefused(
            f"本次花名册的行政区划表中有 {len(counties)} 个县区（{'、'.join(counties) or '无'}），"
            "无法确定快照范围：请用 --scope 指明区划代码（如一个乡镇的快照：--scope 乡镇代码）。"
        )
    villages, households = villages_and_households()
    counties: set[str] = set()
    for name, key, items in (
        ("snapshot/counties_of_villages", "codes", sorted(villages)),
        ("snapshot/counties_of_households", "ids", sorted(households)),
    ):
        for i in range(0, len(items), STATE_CHUNK):
            counties.update(
                r["code"] for r in graph.read(cypher.load(name), {key: items[i : i + STATE_CHUNK]})
            )
    if len(counties) == 1:
        return counties.pop()
    raise SnapshotRefused(
        f"本次花名册涉及 {len(counties)} 个县区（{'、'.join(sorted(counties)) or '无法确定'}），"
        "无法确定快照范围：请用 --scope 指明区划代码。"
    )


def _named_places(validation: Validation):
    """The villages and households a roster's rows name (every row is kept when no fingerprint was
    known: the scope was found after validation)."""

    def read() -> tuple[set[str], set[str]]:
        villages: set[str] = set()
        households: set[str] = set()
        for table in TABLES:  # the column each table's declaration names its scope by
            column = table.scope_column
            if column is None:
                continue
            into = villages if table.column(column).ref == "village" else households
            for check in _checks(validation, table.name):
                for _, values, _ in _rows(check):
                    if values.get(column):
                        into.add(values[column])
        return villages, households

    return read


def previous_snapshots(graph: Graph, scope: str, lineage: list[str]) -> list[dict]:
    return graph.read(cypher.load("snapshot/previous"), {"scope": scope, "lineage": lineage})


# -- what the graph holds for the scope -------------------------------------------------------------

# tables whose rows are only added and updated (their declarations' policy: a record): every
# fingerprint of theirs the graph holds; a snapshot that leaves one out removes nothing.
ADD_ONLY = tuple(t.name for t in TABLES if t.snapshot.policy == RECORD)
# history (visits): only added, millions of rows: the fingerprints of the scope's, read a chunk of
# villages at a time and kept as 64-bit integers (loaders/fingerprint.py)
HISTORY_TABLES = tuple(t.name for t in TABLES if t.snapshot.policy == HISTORY)
VILLAGE_CHUNK = 50  # villages whose visits' fingerprints are read at once


@dataclass
class ScopeState:
    """What the graph holds for a snapshot's scope on its date, read before validation."""

    rows: dict[str, dict[tuple, str | None]] = field(
        default_factory=dict
    )  # complete tables: row → fingerprint
    households: dict[str, str | None] = field(default_factory=dict)  # on the scope's roster → fingerprint
    # per table, the fingerprints validation may skip; validation takes each one it meets, so
    # afterwards the untaken are the rows the roster no longer lists as they were
    known: dict[str, Fingerprints] = field(default_factory=dict)


def read_state(graph: Graph, scope: str, date: dt.date, tables: set[str]) -> ScopeState:
    state = ScopeState()
    params = {"scope": scope, "date": date}
    for table in COMPLETE_TABLES:
        if table in tables:
            rows = graph.read(cypher.load(f"snapshot/state_{table}"), params)[0]["rows"]
            state.rows[table] = {tuple(r[:-1]): r[-1] for r in rows}  # the key columns → the fingerprint
            state.known[table] = Fingerprints.from_text(state.rows[table].values())
    if HOUSEHOLDS in tables:
        rows = graph.read(cypher.load("snapshot/state_households"), params)[0]["rows"]
        state.households = {hid: h for hid, h in rows}
        state.known[HOUSEHOLDS] = Fingerprints.from_text(state.households.values())
    # the fingerprints' lists as the driver decodes them (read_records: not walked again by .data())
    for table in ADD_ONLY:
        if table in tables:
            hashes = graph.read_records(cypher.load(f"snapshot/hashes_{table}"))[0]["hashes"]
            state.known[table] = Fingerprints.from_text(hashes)
    history = [t for t in HISTORY_TABLES if t in tables]
    if history:
        villages = graph.read(cypher.load("snapshot/scope_villages"), params)[0]["codes"]
        for table in history:
            state.known[table] = Fingerprints.from_chunks(
                graph.read_records(
                    cypher.load(f"snapshot/hashes_{table}"), {"villages": villages[i : i + VILLAGE_CHUNK]}
                )[0]["hashes"]
                for i in range(0, len(villages), VILLAGE_CHUNK)
            )
    return state


def _unseen(state: ScopeState, table: str, fingerprints) -> set:
    """Of `fingerprints` (row → fingerprint), the rows the roster did not list as they are."""
    left = state.known.get(table, set())
    return {row for row, h in fingerprints.items() if h is None or h in left}


# -- the diff ------------------------------------------------------------------------------------------


def _active_elsewhere(graph: Graph, table: str, rows: list[tuple], date: dt.date) -> set[tuple]:
    found: set[tuple] = set()
    for i in range(0, len(rows), STATE_CHUNK):
        chunk = [list(r) for r in rows[i : i + STATE_CHUNK]]
        found.update(
            tuple(r["row"])
            for r in graph.read(cypher.load(f"snapshot/lookup_{table}"), {"rows": chunk, "date": date})
        )
    return found


def _diff_table(
    graph: Graph, validation: Validation, state: ScopeState, table: str, date: dt.date
) -> TableDiff:
    before = state.rows[table]  # graph rows, by their display row
    before_ids = {identity(table, r): r for r in before}
    unseen = {identity(table, r) for r in _unseen(state, table, before)}
    diff = TableDiff(table, active_before=len(before))
    listed: set[tuple] = set()
    new: list[tuple] = []
    for check in _checks(validation, table):
        for _, values, written in _rows(check):
            row = row_of(table, values)
            if row is None:
                continue
            ident = identity(table, row)
            listed.add(ident)
            if not written:
                continue
            end = values.get("end_date")
            active_after = end is None or end >= date
            if ident in before_ids:
                if not active_after:
                    diff.closed.append(row)
            elif active_after:
                new.append(row)
    elsewhere = _active_elsewhere(graph, table, new, date) if new else set()
    diff.started = sorted(r for r in dict.fromkeys(new) if r not in elsewhere)
    diff.ended = sorted(r for i, r in before_ids.items() if i in unseen and i not in listed)
    diff.closed.sort()
    return diff


def _diff_households(graph: Graph, validation: Validation, state: ScopeState, plan: SnapshotPlan) -> None:
    before = state.households
    unseen = _unseen(state, HOUSEHOLDS, before)
    listed: set[str] = set()
    new: list[str] = []
    for check in _checks(validation, HOUSEHOLDS):
        for _, values, written in _rows(check):
            hid = values.get("household_id")
            if not hid:
                continue
            listed.add(hid)
            if written and hid not in before:
                new.append(hid)
    moved_in: set[str] = set()
    for i in range(0, len(new), STATE_CHUNK):
        moved_in.update(
            r["id"]
            for r in graph.read(
                cypher.load("snapshot/lookup_households"),
                {"ids": new[i : i + STATE_CHUNK], "date": plan.date},
            )
        )
    plan.households_stated = True
    plan.households_before = len(before)
    plan.households_removed = sorted(h for h in unseen if h not in listed)
    plan.households_added = sorted(set(new) - moved_in)


@dataclass
class SnapshotContext:
    """A snapshot's scope and what the graph holds for it, found before validation when the roster
    says its scope (a regions table, or --scope); else after it (`state` None until then)."""

    request: SnapshotRequest
    scope: str | None = None
    scope_name: str | None = None
    lineage: list[str] = field(default_factory=list)
    state: ScopeState | None = None

    @property
    def known(self) -> dict[str, Fingerprints] | None:
        return self.state.known if self.state is not None else None


def prepare_snapshot(graph: Graph, roster: Roster, request: SnapshotRequest) -> SnapshotContext:
    """Find the scope and read what the graph holds for it, so that validation can skip the rows the
    graph already holds as they are. Raises SnapshotRefused when the scope cannot be a region."""
    context = SnapshotContext(request)
    regions = region_rows(roster)
    has_regions = any(s.table.name == REGIONS.name for s in roster.sources)
    if request.scope or has_regions:
        context.scope, context.scope_name, context.lineage = resolve_scope(graph, regions, request.scope)
        tables = {s.table.name for s in roster.sources}
        context.state = read_state(graph, context.scope, request.date, tables)
    return context


def plan_snapshot(
    graph: Graph, validation: Validation, context: SnapshotContext, max_end_share: float
) -> SnapshotPlan:
    """Compare the roster with what the graph holds for the scope; decide whether it may be loaded.

    Raises SnapshotRefused when the scope cannot be determined; a refusal by the guards (an older
    date, mass endings) is returned in `plan.refusal` so that a dry run still shows the plan."""
    request = context.request
    present = {c.table.name for c in validation.checks}
    if context.scope is None:  # no regions table: the scope from the villages the rows name
        context.scope, context.scope_name, context.lineage = resolve_scope(
            graph, {}, None, _named_places(validation)
        )
    if context.state is None:
        context.state = read_state(graph, context.scope, request.date, present)
    scope, state = context.scope, context.state
    earlier = previous_snapshots(graph, scope, context.lineage)
    plan = SnapshotPlan(
        request.date,
        scope,
        context.scope_name,
        previous=next(
            (_date(e["snapshot_date"]) for e in earlier if _date(e["snapshot_date"]) < request.date), None
        ),
    )
    for table in COMPLETE_TABLES:
        if table in present:
            plan.tables[table] = _diff_table(graph, validation, state, table, request.date)
    if HOUSEHOLDS in present:
        _diff_households(graph, validation, state, plan)

    newer = [e for e in earlier if _date(e["snapshot_date"]) > request.date]
    if newer:
        latest = newer[0]
        plan.refusal = (
            f"快照日期 {request.date} 早于已导入的快照：{latest['scope_name'] or latest['scope']}"
            f"（{latest['scope']}）截至 {_date(latest['snapshot_date'])}（导入批次 {latest['load_id']}）。"
            "历史不能用较早的花名册改写；同一日期的快照可以再次导入。"
        )
        return plan
    too_many = _mass_endings(plan, max_end_share)
    if too_many:
        if request.allow_mass_end:
            plan.mass_end_allowed = True
        else:
            plan.refusal = (
                "快照导入被拒绝，未写入任何数据："
                + "；".join(too_many)
                + f"，超过设置 snapshot_max_end_share = {max_end_share:g}。文件可能被截断或筛选过；"
                "请核对花名册。若确属大批调整，请加 --allow-mass-end（网页导入时勾选“允许大批结束”）。"
            )
    return plan


def _mass_endings(plan: SnapshotPlan, max_share: float) -> list[str]:
    out = []
    for table, diff in plan.tables.items():
        if diff.share_ended() > max_share:
            out.append(
                f"{TABLES_BY_NAME[table].zh}（{table}）将结束 {len(diff.ended)} 行，占范围内"
                f" {diff.active_before} 行在岗记录的 {diff.share_ended():.1%}"
            )
    if plan.household_share_removed() > max_share:
        out.append(
            f"帮扶对象（households）将移出 {len(plan.households_removed)} 户，占范围内"
            f" {plan.households_before} 户的 {plan.household_share_removed():.1%}"
        )
    return out


def _date(value) -> dt.date:
    return value.to_native() if hasattr(value, "to_native") else value


# -- writing -------------------------------------------------------------------------------------------


def presence_hook(plan: SnapshotPlan):
    """The writer's row hook: households joining a scope that had an earlier snapshot are on the
    roster from the snapshot's date (their LIVES_IN starts then)."""
    if not plan.dated or not plan.households_added:
        return None
    added = set(plan.households_added)

    def hook(table: str, values: dict) -> None:
        if table == HOUSEHOLDS and values.get("household_id") in added:
            values[PRESENT_FROM] = plan.date

    return hook


def apply_plan(graph: Graph, plan: SnapshotPlan, load_id: str, batch_size: int) -> Counter:
    """End what the snapshot no longer lists and record what it changed; returns what was ended."""
    params = {"date": plan.date, "day_before": plan.day_before, "load_id": load_id}
    done: Counter = Counter()
    for table, diff in plan.tables.items():
        rows = [list(r) for r in diff.ended]
        for i in range(0, len(rows), batch_size):
            result, _ = graph.write_returning(
                cypher.load(f"snapshot/end_{table}"), {"rows": rows[i : i + batch_size], **params}
            )
            done[table] += result[0]["ended"] if result else 0
    for i in range(0, len(plan.households_removed), batch_size):
        result, _ = graph.write_returning(
            cypher.load("snapshot/remove_households"),
            {"ids": plan.households_removed[i : i + batch_size], **params},
        )
        done[HOUSEHOLDS] += result[0]["removed"] if result else 0
    graph.write_batches(
        cypher.load("snapshot/record_changes"), change_rows(plan), batch_size, {"load_id": load_id}
    )
    return done


def change_rows(plan: SnapshotPlan) -> Iterable[dict]:
    """The (:Change) rows of a snapshot. Started rows of a table the scope held none of (its first
    snapshot into an empty graph: everything starts) are counted on the Load node, not listed."""
    for table, diff in plan.tables.items():
        if not diff.baseline:
            for row in diff.started:
                yield {"kind": "started", "table": table, "row": list(row)}
        for row in diff.ended + diff.closed:
            yield {"kind": "ended", "table": table, "row": list(row)}
    if plan.households_stated:
        if plan.households_before:
            for hid in plan.households_added:
                yield {"kind": "added", "table": HOUSEHOLDS, "row": [hid]}
        for hid in plan.households_removed:
            yield {"kind": "removed", "table": HOUSEHOLDS, "row": [hid]}
