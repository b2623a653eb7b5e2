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
  WITH collect(kind) AS kinds, collect(last) AS dates
  RETURN kinds, dates, {
    last_visit_kinds: kinds, last_visit_dates: dates,
    latest_visit: reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d > m THEN d ELSE m END),
    last_home_visit: head([i IN range(0, size(kinds) - 1) WHERE kinds[i] = '入户' | dates[i]]),
    last_phone_visit: head([i IN range(0, size(kinds) - 1) WHERE kinds[i] = '电话' | dates[i]]),
    last_video_visit: head([i IN range(0, size(kinds) - 1) WHERE kinds[i] = '视频' | dates[i]]),
    last_other_visit: head([i IN range(0, size(kinds) - 1) WHERE kinds[i] = '其他' | dates[i]])
  } AS kept
}
WITH r, kinds, dates, kept
WHERE r.last_visit_kinds IS NULL OR r.last_visit_kinds <> kinds OR r.last_visit_dates <> dates
SET r += kept
RETURN count(*) AS rows
