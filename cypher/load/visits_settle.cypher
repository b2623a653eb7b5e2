// Once the visits table is written: every help pair (HELPS) of the households ($keys) whose visits
// were written by cypher/load/visits_first.cypher gets the latest visit of each kind again
// (last_visit_kinds / last_visit_dates, docs/graph-model.md), set only where it differs.
UNWIND $keys AS key
MATCH (p:Person)-[r:HELPS]->(h:Household {household_id: key})
// the same as cypher/load/visits.cypher, cypher/load/help_pairs.cypher and cypher/schema/migrate_last_visits.cypher
CALL (p, h) {
  OPTIONAL MATCH (p)-[x:VISITED]->(h)
  WITH x.kind AS kind, max(x.date) AS last
  ORDER BY kind
  RETURN collect(kind) AS kinds, collect(last) AS dates
}
WITH r, kinds, dates
WHERE r.last_visit_kinds IS NULL OR r.last_visit_kinds <> kinds OR r.last_visit_dates <> dates
SET r.last_visit_kinds = kinds, r.last_visit_dates = dates
RETURN count(*) AS rows
