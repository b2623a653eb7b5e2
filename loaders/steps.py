"""What each roster table writes: one declaration per Cypher statement of cypher/load/.

A `Step` names its statement, builds the statement's row from a parsed roster row, says when it runs
(the columns it needs, after the whole table, side by side or one at a time) and what it writes — the
node label and key and properties, or the relationship type, its end nodes and merge key. The
transactional writer (loaders/write.py) runs the statements; the bulk-import writer
(loaders/admin_import/) writes the same nodes and relationships as the importer's CSV files from
the same declaration, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from graph.search import search_properties
from graph.tables import BRANCH_KINDS, CONTRACTING_UNIT, PARTY_KINDS, SECRETARY_TITLES, SUBJECT_REFERENCES
from loaders.rows import ROW_HASH

Builder = Callable[[dict, dict], "dict | None"]
LEVEL_LABELS = {"县区": "County", "乡镇": "Township", "村": "Village"}


@dataclass(frozen=True)
class NodeShape:
    """The nodes a statement writes (MERGE on `key` under `label`)."""

    label: str  # the MERGE label, also the importer's ID space
    key: str  # key property
    props: tuple[str, ...]  # properties the builder may set (besides extras)
    labels: Callable[[dict], tuple[str, ...]]  # all labels of a node from its props
    searchable: bool = True


@dataclass(frozen=True)
class RelShape:
    """The relationships a statement writes."""

    type: str
    start: tuple[str, str]  # (ID space, field of the builder's row)
    end: tuple[str, str]
    merge: tuple[str, ...] = ()  # row fields that are MERGE key properties
    props: tuple[str, ...] = ()  # properties in row["props"] (besides extras)
    pair: bool = False  # {key, target} rows: one per source node
    village_target: bool = False  # the Cypher matches the target as :Village
    program_end: bool = False  # the end node is MERGEd (Program)


def _fixed(*labels: str) -> Callable[[dict], tuple[str, ...]]:
    return lambda props: labels


@dataclass(frozen=True)
class Step:
    cypher: str  # cypher/load/<name>.cypher
    build: Builder  # (values, extras) → the row for the query, or None (not for this step)
    needs: tuple[str, ...]  # columns the file must have for this step to run at all
    writes: NodeShape | RelShape  # what the statement writes (the bulk importer writes the same)
    after_table: bool = False  # run once every row of the table is written (self references)
    concurrent: bool = False  # batches may run side by side: see loaders/write.py _BatchWriter
    lock_order: str | None = None  # rows are sent sorted by this field: see loaders/write.py _BatchWriter

    @property
    def label(self) -> str | None:
        """The node label whose creations the step's counters count (Program for benefits)."""
        if isinstance(self.writes, NodeShape):
            return self.writes.label
        return "Program" if self.writes.program_end else None

    @property
    def rel(self) -> str | None:
        return self.writes.type if isinstance(self.writes, RelShape) else None

    @property
    def pair(self) -> bool:
        """A one-per-pair relationship from the node's own row (no properties)."""
        return isinstance(self.writes, RelShape) and self.writes.pair


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


# -- the activity tables (shared/spec/activity-tables.md, notes: the agreed graph model) ----------------


def _visit(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "household_id": values["household_id"],
        "date": values["date"],
        "kind": values["kind"],
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, _same("note")),
    }


def _reserve_cadre(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "village_code": values["village_code"],
        "start_key": _start_key(values),
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, {**_SPAN, "source": "source"}),
    }


def _talent(values: dict, extras: dict) -> dict:
    return {
        "person_id": values["person_id"],
        "village_code": values["home_village_code"],
        "row_hash": values.get(ROW_HASH),
        "props": _props(values, extras, _same("kind", "residence", "last_contact", "contribution", "amount")),
    }


def evaluation_id(values: dict) -> str:
    """An evaluation's node key: one evaluation of a person for a role in a year."""
    return f"{values['person_id']}|{values['year']}|{values['role']}"


def indicator_id(values: dict) -> str:
    """A village indicator's node key: one row of indicators for a village in a year."""
    return f"{values['village_code']}|{values['year']}"


def _keyed_node(key_of: Callable[[dict], str], columns: tuple[str, ...]) -> Builder:
    """A node whose key is made from several columns (no column of its own holds it)."""
    mapping = _same(*columns)

    def build(values: dict, extras: dict) -> dict:
        return {
            "key": key_of(values),
            "props": _props(values, extras, mapping),
            "row_hash": values.get(ROW_HASH),
        }

    return build


def _keyed_pair(key_of: Callable[[dict], str], target: str) -> Builder:
    return lambda values, extras: {"key": key_of(values), "target": values.get(target)}


def _subject_of(subject_type: str) -> Builder:
    """An inspection's subject, for the one step that writes subjects of this type."""
    return _pair("inspection_id", "subject_id", when=lambda v: v.get("subject_type") == subject_type)


_SUBJECT_SPACE = {"village": "Region", "person": "Person", "organization": "Organization"}
_INSPECTION_COLUMNS = ("date", "subject_type", "kind", "result", "problem", "category")
_EVALUATION_COLUMNS = ("year", "role", "grade")
_INDICATOR_COLUMNS = ("year", "collective_income", "service_center", "note")


def _node_step(
    name: str,
    label: str,
    key: str,
    columns: tuple[str, ...],
    labels,
    *,
    name_column: str,
    adjust: Callable[[dict, dict], None] | None = None,
) -> Step:
    """A node table's step: its node, MERGEd on `key`, with the given columns as properties."""
    return Step(
        name,
        _node(key, _same(*columns), adjust, name=name_column),
        (),
        NodeShape(label, key, columns, labels),
        concurrent=True,
    )


def _pair_step(
    name: str,
    type_: str,
    start: tuple[str, str],
    end: tuple[str, str],
    build: Builder,
    needs: tuple[str, ...],
    **options,
) -> Step:
    """A one-per-pair relationship from a node's own row ({key, target})."""
    shape_options = {k: options.pop(k) for k in ("merge", "village_target") if k in options}
    return Step(name, build, needs, RelShape(type_, start, end, pair=True, **shape_options), **options)


_REGION_COLUMNS = ("name", "level", "poor_village", "weak_org", "exit_year")

STEPS: dict[str, tuple[Step, ...]] = {
    "regions": (
        _node_step(
            "regions",
            "Region",
            "code",
            _REGION_COLUMNS,
            lambda p: ("Region", LEVEL_LABELS[p["level"]], "Searchable"),
            name_column="name",
            adjust=_region_adjust,
        ),
        _pair_step(
            "region_part_of",
            "PART_OF",
            ("Region", "key"),
            ("Region", "target"),
            _pair("code", "parent_code"),
            ("parent_code",),
            after_table=True,
        ),
    ),
    "organizations": (
        _node_step(
            "organizations",
            "Organization",
            "code",
            ("name", "kind"),
            lambda p: ("Organization", "PartyOrg" if p["kind"] in PARTY_KINDS else "Unit", "Searchable"),
            name_column="name",
        ),
        _pair_step(
            "organization_reports_to",
            "REPORTS_TO",
            ("Organization", "key"),
            ("Organization", "target"),
            _pair("code", "parent_code"),
            ("parent_code",),
            after_table=True,
        ),
        _pair_step(
            "organization_located_in",
            "LOCATED_IN",
            ("Organization", "key"),
            ("Region", "target"),
            _pair("code", "region_code"),
            ("region_code",),
            after_table=True,
        ),
        _pair_step(
            "organization_governs",
            "GOVERNS",
            ("Organization", "key"),
            ("Region", "target"),
            _pair(
                "code",
                "region_code",
                when=lambda v: v["kind"] in PARTY_KINDS,
                target_of=lambda v: v.get("region_code") if v["kind"] in BRANCH_KINDS else None,
            ),
            ("region_code",),
            after_table=True,
            village_target=True,
        ),
    ),
    "people": (
        _node_step(
            "people",
            "Person",
            "person_id",
            ("name", "gender", "id_number", "political_status", "rank", "phone"),
            _fixed("Person", "Searchable"),
            name_column="name",
        ),
        _pair_step(
            "person_works_at",
            "WORKS_AT",
            ("Person", "key"),
            ("Organization", "target"),
            _pair("person_id", "unit_code"),
            ("unit_code",),
        ),
    ),
    "households": (
        _node_step(
            "households",
            "Household",
            "household_id",
            ("head_name", "head_id_number", "size", "status", "category", "cause", "exit_year"),
            _fixed("Household", "Searchable"),
            name_column="head_name",
        ),
        _pair_step(
            "household_lives_in",
            "LIVES_IN",
            ("Household", "key"),
            ("Region", "target"),
            _lives_in,
            ("village_code",),
            merge=("start_key",),
            village_target=True,
        ),
    ),
    "enterprises": (
        _node_step(
            "enterprises",
            "Enterprise",
            "enterprise_id",
            ("name", "kind", "credit_code"),
            _fixed("Enterprise", "Searchable"),
            name_column="name",
        ),
        _pair_step(
            "enterprise_located_in",
            "LOCATED_IN",
            ("Enterprise", "key"),
            ("Region", "target"),
            _pair("enterprise_id", "village_code"),
            ("village_code",),
            village_target=True,
        ),
        _pair_step(
            "enterprise_manager",
            "MANAGES",
            ("Person", "target"),
            ("Enterprise", "key"),
            _pair("enterprise_id", "manager_id"),
            ("manager_id",),
        ),
        _pair_step(
            "enterprise_party_org",
            "HAS_PARTY_ORG",
            ("Enterprise", "key"),
            ("Organization", "target"),
            _pair("enterprise_id", "party_org_code"),
            ("party_org_code",),
        ),
    ),
    "posts": (
        Step(
            "posts",
            _post,
            (),
            RelShape(
                "HOLDS_POST",
                ("Person", "person_id"),
                ("Organization", "org_code"),
                ("title", "start_key"),
                ("start", "end", "is_secretary"),
            ),
        ),
    ),
    "assignments": (
        Step(
            "assignments_person",
            _assignment_person,
            (),
            RelShape(
                "ASSIGNED_TO",
                ("Person", "person_id"),
                ("Region", "village_code"),
                ("role", "start_key"),
                ("start", "end", "unit_code"),
            ),
        ),
        Step(
            "assignments_unit",
            _assignment_unit,
            (),
            RelShape(
                "ASSIGNED_TO",
                ("Organization", "unit_code"),
                ("Region", "village_code"),
                ("role", "start_key"),
                ("start", "end"),
            ),
        ),
    ),
    "help_pairs": (
        Step(
            "help_pairs",
            _help_pair,
            (),
            RelShape(
                "HELPS",
                ("Person", "person_id"),
                ("Household", "household_id"),
                ("start_key",),
                ("start", "end"),
            ),
            concurrent=True,
            lock_order="person_id",
        ),
    ),
    "enterprise_links": (
        Step(
            "enterprise_links",
            _enterprise_link,
            (),
            RelShape(
                "LIFTS",
                ("Enterprise", "enterprise_id"),
                ("Household", "household_id"),
                ("mode", "year_key"),
                ("annual_income", "year"),
            ),
        ),
    ),
    "benefits": (
        Step(
            "benefits",
            _benefit,
            (),
            RelShape(
                "RECEIVES",
                ("Household", "household_id"),
                ("Program", "program"),
                ("year_key",),
                ("amount", "year"),
                program_end=True,
            ),
        ),
    ),
    "visits": (
        Step(
            "visits",
            _visit,
            (),
            RelShape(
                "VISITED",
                ("Person", "person_id"),
                ("Household", "household_id"),
                ("date", "kind"),
                ("note",),
            ),
            concurrent=True,
            lock_order="person_id",
        ),
    ),
    "reserve_cadres": (
        Step(
            "reserve_cadres",
            _reserve_cadre,
            (),
            RelShape(
                "RESERVE_CADRE_OF",
                ("Person", "person_id"),
                ("Region", "village_code"),
                ("start_key",),
                ("start", "end", "source"),
            ),
        ),
    ),
    "talents": (
        Step(
            "talents",
            _talent,
            (),
            RelShape(
                "TALENT_OF",
                ("Person", "person_id"),
                ("Region", "village_code"),
                (),
                ("kind", "residence", "last_contact", "contribution", "amount"),
            ),
        ),
    ),
    "inspections": (
        Step(
            "inspections",
            _node("inspection_id", _same(*_INSPECTION_COLUMNS)),
            (),
            NodeShape(
                "Inspection", "inspection_id", _INSPECTION_COLUMNS, _fixed("Inspection"), searchable=False
            ),
            concurrent=True,
        ),
        _pair_step(
            "inspection_unit",
            "INSPECTED_BY",
            ("Inspection", "key"),
            ("Organization", "target"),
            _pair("inspection_id", "unit_code"),
            ("unit_code",),
        ),
        *(
            _pair_step(
                f"inspection_subject_{ref}",
                "INSPECTS",
                ("Inspection", "key"),
                (_SUBJECT_SPACE[ref], "target"),
                _subject_of(subject_type),
                ("subject_type", "subject_id"),
                village_target=ref == "village",
            )
            for subject_type, ref in SUBJECT_REFERENCES
        ),
    ),
    "evaluations": (
        Step(
            "evaluations",
            _keyed_node(evaluation_id, _EVALUATION_COLUMNS),
            (),
            NodeShape(
                "Evaluation", "evaluation_id", _EVALUATION_COLUMNS, _fixed("Evaluation"), searchable=False
            ),
            concurrent=True,
        ),
        _pair_step(
            "evaluation_person",
            "EVALUATES",
            ("Evaluation", "key"),
            ("Person", "target"),
            _keyed_pair(evaluation_id, "person_id"),
            (),
        ),
        _pair_step(
            "evaluation_unit",
            "EVALUATED_BY",
            ("Evaluation", "key"),
            ("Organization", "target"),
            _keyed_pair(evaluation_id, "unit_code"),
            ("unit_code",),
        ),
    ),
    "village_indicators": (
        Step(
            "village_indicators",
            _keyed_node(indicator_id, _INDICATOR_COLUMNS),
            (),
            NodeShape(
                "VillageIndicator",
                "indicator_id",
                _INDICATOR_COLUMNS,
                _fixed("VillageIndicator"),
                searchable=False,
            ),
            concurrent=True,
        ),
        _pair_step(
            "indicator_village",
            "INDICATOR_OF",
            ("VillageIndicator", "key"),
            ("Region", "target"),
            _keyed_pair(indicator_id, "village_code"),
            (),
            village_target=True,
        ),
    ),
}

# every step in the order the tables load (parents before the relationships that need them)
ALL_STEPS: tuple[Step, ...] = tuple(step for steps in STEPS.values() for step in steps)
