"""A synthetic graph of N households written straight in Cypher, for timing the rules at scales the
roster loader takes too long to reach in a benchmark session (1,000,000 households and more).

Not a loader: it reads no roster and validates nothing. It follows docs/graph-model.md (labels,
relationship types, property names, Chinese vocabulary, Date values) with the report's proportions:
45 households a village, 20 villages a township, 400 villages a county, one help cadre for about
three households, a first secretary and a work team in poor villages, a contact cadre, a group leader,
a branch with its secretary everywhere, and a few gaps of every kind.

    .venv/bin/python bench/synthetic_graph.py N   (uses the settings' database; wipes it first)
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AS_OF = dt.date(2026, 11, 22)

STEPS = [
    (
        "regions",
        """
UNWIND range(0, $villages - 1) AS v
CALL (v) {
  WITH v, v / 20 AS t, v / 400 AS c
  MERGE (cn:Region:County {code: 'C' + toString(c)})
    ON CREATE SET cn.name = '县' + toString(c), cn.level = '县区'
  MERGE (tn:Region:Township {code: 'T' + toString(t)})
    ON CREATE SET tn.name = '乡' + toString(t), tn.level = '乡镇'
  MERGE (tn)-[:PART_OF]->(cn)
  CREATE (vn:Region:Village {code: 'V' + toString(v), name: '村' + toString(v), level: '村',
                             poor_village: v % 3 = 0, weak_org: v % 10 = 1})-[:PART_OF]->(tn)
} IN TRANSACTIONS OF 2000 ROWS""",
    ),
    (
        "village people and branches",
        """
MATCH (vn:Village)
CALL (vn) {
  WITH vn, toInteger(substring(vn.code, 1)) AS v
  CREATE (contact:Person {person_id: 'R' + toString(v) + '_0', name: '包' + toString(v),
                          political_status: '中共党员', rank: '乡科级'})
  CREATE (contact)-[:ASSIGNED_TO {role: '包村干部', start: date('2025-01-01'), start_key: '2025-01-01'}]->(vn)
  CREATE (contact)-[:ASSIGNED_TO {role: '责任组长', start: date('2025-01-01'), start_key: '2025-01-01'}]->(vn)
  CREATE (sec:Person {person_id: 'R' + toString(v) + '_4', name: '书' + toString(v),
                      political_status: '中共党员', rank: '村干部'})
  CREATE (b:Organization:PartyOrg {code: 'B' + toString(v), name: '支部' + toString(v), kind: '党支部'})
  CREATE (b)-[:GOVERNS]->(vn) CREATE (b)-[:LOCATED_IN]->(vn)
  CREATE (sec)-[:HOLDS_POST {title: '书记', is_secretary: v % 97 <> 5, start: date('2024-01-01'),
                             start_key: '2024-01-01'}]->(b)
  FOREACH (_ IN CASE WHEN vn.poor_village OR v % 4 = 0 THEN [1] ELSE [] END |
    CREATE (fs:Person {person_id: 'R' + toString(v) + '_1', name: '第' + toString(v),
                       political_status: CASE WHEN v % 211 = 0 THEN '群众' ELSE '中共党员' END,
                       rank: '一般干部'})
    CREATE (fs)-[:ASSIGNED_TO {role: '第一书记', start: date('2025-01-01'), start_key: '2025-01-01',
                               end: date('2026-11-22') + duration({days: v % 400})}]->(vn)
    CREATE (fs)-[:ASSIGNED_TO {role: '工作队长', start: date('2025-01-01'), start_key: '2025-01-01'}]->(vn)
  )
  FOREACH (i IN CASE WHEN vn.poor_village AND v % 17 <> 0 THEN [2, 3] ELSE [] END |
    CREATE (m:Person {person_id: 'R' + toString(v) + '_' + toString(i), name: '队' + toString(v),
                      political_status: '中共党员', rank: '一般干部'})
    CREATE (m)-[:ASSIGNED_TO {role: '工作队员', start: date('2025-01-01'), start_key: '2025-01-01'}]->(vn)
  )
  FOREACH (_ IN CASE WHEN NOT vn.poor_village AND v % 4 <> 0 AND v % 13 <> 0 THEN [1] ELSE [] END |
    CREATE (l:Person {person_id: 'R' + toString(v) + '_5', name: '联' + toString(v),
                      political_status: '中共党员', rank: '一般干部'})
    CREATE (l)-[:ASSIGNED_TO {role: '党建联系人', start_key: ''}]->(vn)
  )
  FOREACH (_ IN CASE WHEN vn.weak_org THEN [1] ELSE [] END |
    CREATE (g:Person {person_id: 'R' + toString(v) + '_6', name: '挂' + toString(v),
                      political_status: '中共党员',
                      rank: CASE WHEN v % 31 = 1 THEN '乡科级' ELSE '县处级' END})
    CREATE (g)-[:ASSIGNED_TO {role: '挂点领导', start_key: ''}]->(vn)
  )
  FOREACH (_ IN CASE WHEN vn.poor_village AND v % 23 <> 0 THEN [1] ELSE [] END |
    MERGE (u:Organization:Unit {code: 'U' + toString(v % 500)})
      ON CREATE SET u.name = '单位' + toString(v % 500), u.kind = '机关'
    CREATE (u)-[:ASSIGNED_TO {role: '包村单位', start: date('2024-01-01'), start_key: '2024-01-01'}]->(vn)
  )
} IN TRANSACTIONS OF 1000 ROWS""",
    ),
    (
        "households",
        """
UNWIND range(0, $households - 1) AS h
CALL (h) {
  MATCH (vn:Village {code: 'V' + toString(h / 45)})
  CREATE (hh:Household {household_id: 'H' + toString(h), head_name: '户' + toString(h), size: 3,
    status: CASE WHEN h % 20 = 0 THEN '已销户' WHEN h % 5 = 1 THEN '已脱贫'
                 WHEN h % 7 = 2 THEN '监测对象' ELSE '未脱贫' END})-[:LIVES_IN]->(vn)
} IN TRANSACTIONS OF 10000 ROWS""",
    ),
    (
        "help cadres",
        """
UNWIND range(0, $households / 3) AS k
CALL (k) {
  CREATE (:Person {person_id: 'K' + toString(k), name: '帮' + toString(k), political_status: '中共党员',
                   rank: '一般干部'})
} IN TRANSACTIONS OF 10000 ROWS""",
    ),
    (
        "help pairs",
        """
UNWIND range(0, $households - 1) AS h
CALL (h) {
  WITH h WHERE h % 50 <> 3
  MATCH (hh:Household {household_id: 'H' + toString(h)})
  MATCH (p:Person {person_id: 'K' + toString(CASE WHEN h % 997 = 5 THEN (h / 3) % 1000 ELSE h / 3 END)})
  CREATE (p)-[:HELPS {start: date('2024-03-01'), start_key: '2024-03-01'}]->(hh)
  FOREACH (_ IN CASE WHEN h % 13 = 0 THEN [1] ELSE [] END |
    CREATE (p)-[:HELPS {start: date('2020-03-01'), start_key: '2020-03-01', end: date('2024-02-29')}]->(hh))
} IN TRANSACTIONS OF 10000 ROWS""",
    ),
]


def build(graph, households: int) -> None:
    graph.run_admin("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    params = {"households": households, "villages": max(1, households // 45)}
    for name, query in STEPS:
        t = time.perf_counter()
        graph.run_admin(query, params)
        print(f"  {name}: {time.perf_counter() - t:.1f} s", flush=True)


if __name__ == "__main__":
    from graph.connection import Graph
    from graph.schema import init_schema
    from graph.settings import load_settings

    settings = load_settings()
    with Graph.connect(settings) as g:
        init_schema(g)
        build(g, int(sys.argv[1]))
