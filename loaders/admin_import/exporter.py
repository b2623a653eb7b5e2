"""The walk over the roster's steps: each accepted row goes through the loader's own steps
(`graph.tables.STEPS`, declared with each table in graph/roster/) and batches
(`loaders.write.batches`), and what each step's Cypher would write (`Step.writes`) goes into the
importer's files, counted as `bangfu load` counts it (`Changes`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from graph import pii
from graph.field_crypto import Keyring
from graph.roster.writes import NodeShape, RelShape, Step
from graph.search_text import search_text
from graph.tables import ALL_STEPS, STEPS
from loaders.admin_import.encoding import array, formatter, header_name, text
from loaders.admin_import.files import OutFile
from loaders.admin_import.merge import KeyHashes, Merger, key_hash
from loaders.validate import SourceCheck
from loaders.write import Changes, batches, has_columns

# every step in one order (the index tells apart the relationships of different steps)
STEP_ORDER = {step.cypher: i for i, step in enumerate(ALL_STEPS)}
SEARCH_PROPS = ("search_text", "search_name")


def with_companions(columns: list[str]) -> list[str]:
    """Columns with the hash and ciphertext beside each personal number's (graph/pii.py)."""
    return [x for c in columns for x in ((c, c + pii.HASH, c + pii.CIPHER) if pii.kind_of(c) else (c,))]


def extras(check: SourceCheck) -> list[str]:
    """The source's extra columns (kept as text properties)."""
    return [f for f in check.table_file.fields if f and f.startswith("extra_")]


class Exporter:
    def __init__(self, out: Path, load_id: str, batch_size: int, ring: Keyring):
        self.out = out
        self.ring = ring  # id and phone numbers are sealed as `bangfu load` seals them (graph/pii.py)
        self.load_id = load_id
        self.batch_size = batch_size
        self.files: list[OutFile] = []
        self.changes = Changes()
        self.villages: set[str] = set()
        self.programs: dict[str, None] = {}  # first-seen order
        self.node_counts: Counter = Counter()
        self.rel_counts: Counter = Counter()
        self.key_hashes = KeyHashes(out / ".dedupe")
        self.rel_files_by_step: dict[str, list[OutFile]] = {}

    # -- files ---------------------------------------------------------------------------------
    def _new_file(
        self,
        kind: str,
        label_or_type: str,
        header: list[str],
        columns: list[str],
        rel_type: str | None = None,
    ) -> OutFile:
        name = f"{len(self.files) + 1:03d}-{label_or_type}"
        formats = [formatter(c) for c in columns]
        f = OutFile(kind, name, rel_type, header, columns, formats)
        f.open(self.out)
        self.files.append(f)
        return f

    def node_file(self, shape: NodeShape, check: SourceCheck) -> OutFile:
        columns = (
            list(shape.props)
            + (list(SEARCH_PROPS) if shape.searchable else [])
            + ["created_load"]
            + extras(check)
        )
        columns = with_companions(columns)
        header = [f"{shape.key}:ID({shape.label})", ":LABEL"] + [header_name(c) for c in columns]
        return self._new_file("nodes", shape.label, header, columns)

    def rel_file(self, step: Step, shape: RelShape, extra_columns: list[str]) -> OutFile:
        columns = with_companions(list(shape.merge) + ["created_load"] + list(shape.props) + extra_columns)
        header = [f":START_ID({shape.start[0]})", f":END_ID({shape.end[0]})"] + [
            header_name(c) for c in columns
        ]
        f = self._new_file("relationships", shape.type, header, columns, shape.type)
        self.rel_files_by_step.setdefault(step.cypher, []).append(f)
        return f

    # -- rows ------------------------------------------------------------------------------------
    def node_row(self, f: OutFile, shape: NodeShape, row: dict) -> None:
        props = dict(row["props"])
        props = {k: v for k, v in props.items() if v is not None}
        if shape.searchable and "search_text" not in props:  # loaders that leave it to search.refresh
            name = props.get(shape.name)
            props["search_text"], props["search_name"] = search_text(name, row["key"]), name or ""
        props["created_load"] = self.load_id
        unknown = set(props) - set(f.columns)
        if unknown:
            raise RuntimeError(
                f"{shape.label}: properties {sorted(unknown)} not in the step's shape (graph/roster/)"
            )
        fields = [text(row["key"]), array(shape.labels(props))]
        fields += ["" if props.get(c) is None else fmt(props[c]) for c, fmt in zip(f.columns, f.formats)]
        f.write(fields)
        if shape.label == "Region" and props.get("level") == "村":
            self.villages.add(row["key"])

    def pair_row(self, f: OutFile, shape: RelShape, row: dict) -> bool:
        target = row["target"]
        if target is None or (shape.village_target and target not in self.villages):
            return False
        start, end = row[shape.start[1]], row[shape.end[1]]
        f.write([text(start), text(end)] + [text(row[k]) for k in shape.merge] + [text(self.load_id)])
        return True

    def rel_row(self, f: OutFile, shape: RelShape, step_index: int, row: dict) -> None:
        props = row["props"]
        if f.present is None:
            f.present = tuple(props)
        values = {k: row[k] for k in shape.merge}
        values["created_load"] = self.load_id
        values.update(props)
        unknown = set(values) - set(f.columns)
        if unknown:
            raise RuntimeError(
                f"{shape.type}: properties {sorted(unknown)} not in the step's shape (graph/roster/)"
            )
        start, end = row[shape.start[1]], row[shape.end[1]]
        fields = [text(start), text(end)]
        fields += ["" if values.get(c) is None else fmt(values[c]) for c, fmt in zip(f.columns, f.formats)]
        f.write(fields)
        self.key_hashes.add(key_hash(step_index, (start, end) + tuple(row[k] for k in shape.merge)))

    # -- a table ---------------------------------------------------------------------------------
    def table(self, table_name: str, checks: list[SourceCheck], rejects, bar, today) -> None:
        steps = STEPS[table_name]
        replay: list[tuple[Step, int, dict, dict]] = []  # after-table steps' counts, added after the table
        for check in checks:
            active = [s for s in steps if has_columns(check, s)]
            files: dict[str, OutFile] = {}
            for s in active:
                shape = s.writes
                if isinstance(shape, NodeShape):
                    files[s.cypher] = self.node_file(shape, check)
                elif shape.pair:
                    files[s.cypher] = self.rel_file(s, shape, [])
                else:
                    files[s.cypher] = self.rel_file(s, shape, extras(check))
            for batch in batches(check, self.batch_size, rejects, bar, today):
                self.changes.rows_written[table_name] += len(batch)
                for s in active:
                    counted = self._step(s, files[s.cypher], batch)
                    if counted is not None:
                        if s.after_table:
                            replay.append((s, *counted))
                        else:
                            self.changes.add(s, *counted)
            for f in files.values():
                f.close()
        for s, sent, result, counters in replay:
            self.changes.add(s, sent, result, counters)

    def _step(self, step: Step, f: OutFile, batch: list):
        """Write one batch of a step; returns what `Changes.add` gets from the loader's Cypher."""
        shape = step.writes
        rows = [r for r in (step.build(v, e) for v, e in batch) if r is not None]
        if not rows:
            return None
        pii.seal_rows(self.ring, rows)  # the files carry what the graph holds, never the clear number
        counters = {"nodes_created": 0, "relationships_created": 0, "relationships_deleted": 0}
        if isinstance(shape, NodeShape):
            for row in rows:
                self.node_row(f, shape, row)
            counters["nodes_created"] = len(rows)
            self.node_counts[shape.label] += len(rows)
        elif shape.pair:
            linked = sum(self.pair_row(f, shape, row) for row in rows)
            counters["relationships_created"] = linked
            self.rel_counts[shape.type] += linked
        else:
            index = STEP_ORDER[step.cypher]
            for row in rows:
                self.rel_row(f, shape, index, row)
                if shape.program_end and row["program"] not in self.programs:
                    self.programs[row["program"]] = None
                    counters["nodes_created"] += 1
                    self.node_counts["Program"] += 1
            counters["relationships_created"] = len(rows)
            self.rel_counts[shape.type] += len(rows)
        return len(rows), {"rows": len(rows), "created": len(rows), "updated": 0}, counters

    # -- the end ---------------------------------------------------------------------------------
    def programs_file(self) -> None:
        if not self.programs:
            return
        f = self._new_file(
            "nodes", "Program", ["name:ID(Program)", ":LABEL", "created_load"], ["created_load"]
        )
        for name in self.programs:
            f.write([text(name), text("Program"), text(self.load_id)])
        f.close()

    def load_file(self, props: dict) -> None:
        columns = [c for c in props if c != "load_id"]
        f = self._new_file(
            "nodes", "Load", ["load_id:ID(Load)", ":LABEL"] + [header_name(c) for c in columns], columns
        )
        f.write(
            [text(props["load_id"]), text("Load")]
            + ["" if props[c] is None else fmt(props[c]) for c, fmt in zip(f.columns, f.formats)]
        )
        f.close()

    def merge_repeated(self) -> int:
        """Relationship rows with the key of an earlier row become one, as MERGE + SET += makes them."""
        repeated = self.key_hashes.repeated()
        if not repeated:
            return 0
        return Merger(self, repeated).run()
