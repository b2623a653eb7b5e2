// Schema 10: every help pair keeps the latest visit of each kind its cadre paid the household
// (HELPS.last_visit_kinds / last_visit_dates, kinds sorted; kept by the loads that write visits and
// help pairs). Help pairs written before have none. Idempotent, in batches (an implicit transaction).
MATCH ()-[r:HELPS]->() WHERE r.last_visit_kinds IS NULL
CALL (r) {
  WITH r, startNode(r) AS p, endNode(r) AS h
  // the same as cypher/load/visits.cypher and cypher/load/help_pairs.cypher
  CALL (p, h) {
    OPTIONAL MATCH (p)-[x:VISITED]->(h)
    WITH x.kind AS kind, max(x.date) AS last
    ORDER BY kind
    RETURN collect(kind) AS kinds, collect(last) AS dates
  }
  SET r.last_visit_kinds = kinds, r.last_visit_dates = dates
} IN TRANSACTIONS OF 10000 ROWS
