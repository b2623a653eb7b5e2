// Schema 10: every help pair keeps the latest visit of each kind its cadre paid the household
// (HELPS.last_visit_kinds / last_visit_dates, kinds sorted; kept by the loads that write visits and
// help pairs); schema 11 keeps them as single dates too, for visit_overdue's index seeks (latest_visit,
// last_home_visit …: docs/graph-model.md). Help pairs written before have none: a pair with kinds but no
// latest_visit was written by schema 10. Idempotent, in batches (an implicit transaction).
MATCH ()-[r:HELPS]->() WHERE r.last_visit_kinds IS NULL OR (r.latest_visit IS NULL AND size(r.last_visit_kinds) > 0)
CALL (r) {
  WITH r, startNode(r) AS p, endNode(r) AS h
  // the same as cypher/load/visits.cypher, cypher/load/help_pairs.cypher and cypher/load/visits_settle.cypher
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
  SET r += kept
} IN TRANSACTIONS OF 10000 ROWS
