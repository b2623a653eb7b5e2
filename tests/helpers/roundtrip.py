"""What a graph holds, in a form two graphs can be compared in: counts per label and type, every
node's and relationship's properties (provenance, search text and fingerprints aside), and the
answers of check and coverage. A roster export loaded into an empty graph, or a restored backup,
must give the same."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from graph.coverage import run_coverage, run_load_distribution
from graph.rules import run_check
from graph.settings import RuleSettings

AS_OF = dt.date(2026, 11, 22)
ROSTER = (
    "n:Region OR n:Organization OR n:Person OR n:Household OR n:Enterprise OR n:Program"
    " OR n:Inspection OR n:Evaluation OR n:VillageIndicator"  # the activity tables' nodes
    " OR n:Monitoring OR n:HelpMeasure"  # the monitoring tables' (monitoring.md)
)
NOT_DATA = {"created_load", "updated_load", "search_text", "search_name", "row_hash"}


# -- what "the same graph" means ----------------------------------------------------------------------


def counts(graph) -> tuple[Counter, Counter]:
    labels = Counter(
        {
            r["l"]: r["c"]
            for r in graph.read(f"MATCH (n) WHERE {ROSTER} UNWIND labels(n) AS l RETURN l, count(*) AS c")
        }
    )
    rels = Counter(
        {
            r["t"]: r["c"]
            for r in graph.read(f"MATCH (n)-[r]->() WHERE {ROSTER} RETURN type(r) AS t, count(*) AS c")
        }
    )
    return labels, rels


def _key(props: dict) -> str:
    for k in (
        "code",
        "person_id",
        "household_id",
        "enterprise_id",
        "name",
        "inspection_id",
        "evaluation_id",
        "indicator_id",
        "monitoring_id",
        "measure_id",
    ):
        if props.get(k) is not None:
            return props[k]
    raise AssertionError(props)


def _clean(props: dict) -> dict:
    """The data properties; lists (a help pair's latest visits) as tuples, so they can be counted."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in props.items() if k not in NOT_DATA}


def nodes(graph) -> dict:
    out = {}
    for r in graph.read_records(f"MATCH (n) WHERE {ROSTER} RETURN labels(n) AS labels, properties(n) AS p"):
        key = (tuple(sorted(r["labels"])), _key(r["p"]))
        assert key not in out, key
        out[key] = _clean(r["p"])
    return out


def relationships(graph) -> Counter:
    out = Counter()
    for r in graph.read_records(
        f"MATCH (n)-[r]->(m) WHERE {ROSTER} "
        "RETURN type(r) AS t, properties(n) AS a, properties(m) AS b, properties(r) AS p"
    ):
        out[(r["t"], _key(r["a"]), _key(r["b"]), tuple(sorted(_clean(r["p"]).items())))] += 1
    return out


def answers(graph) -> dict:
    rules = RuleSettings()
    return {
        "check": run_check(graph, AS_OF, rules),
        "coverage": {level: run_coverage(graph, level, AS_OF) for level in ("county", "township", "village")},
        "load": run_load_distribution(graph, AS_OF),
    }


def snapshot(graph) -> dict:
    return {
        "counts": counts(graph),
        "nodes": nodes(graph),
        "relationships": relationships(graph),
        **answers(graph),
    }


def assert_same(before: dict, after: dict) -> None:
    assert after["counts"] == before["counts"]
    assert after["nodes"].keys() == before["nodes"].keys()
    differing = [k for k in before["nodes"] if before["nodes"][k] != after["nodes"][k]]
    assert not differing, [(k, before["nodes"][k], after["nodes"][k]) for k in differing[:5]]
    assert after["relationships"] == before["relationships"]
    assert after["check"] == before["check"]
    assert after["coverage"] == before["coverage"]
    assert after["load"] == before["load"]
