// (:Person)-[:HELPS {start}]->(:Household) from help_pairs / 结对帮扶.
// Rows carry the end nodes' keys, the relationship's merge key and {props}. A null start (or year)
// is merged as start_key (year_key) '' because MERGE cannot match null. Properties are set only
// when they differ, so loading the same roster again changes nothing. row_hash: the row's fingerprint
// (loaders/fingerprint.py), which lets a later snapshot skip an unchanged row.
// A new help pair (or one written before schema 10) gets the latest visit of each kind its cadre has
// already paid the household (last_visit_kinds / last_visit_dates, kept by cypher/load/visits.cypher).
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (h:Household {household_id: row.household_id})
MERGE (p)-[r:HELPS {start_key: row.start_key}]->(h)
ON CREATE SET r.created_load = $load_id
WITH r, row, r.created_load = $load_id AS created
WITH r, row, created,
     created OR any(k IN keys(row.props)
                    WHERE coalesce(r[k] <> row.props[k], r[k] IS NOT NULL OR row.props[k] IS NOT NULL)) AS changed
SET r += CASE WHEN changed THEN row.props ELSE {} END
FOREACH (_ IN CASE WHEN changed AND NOT created THEN [1] ELSE [] END | SET r.updated_load = $load_id)
FOREACH (_ IN CASE WHEN row.row_hash IS NOT NULL AND coalesce(r.row_hash <> row.row_hash, true) THEN [1] ELSE [] END |
  SET r.row_hash = row.row_hash)
WITH r, created, changed
CALL (r) {
  WITH r WHERE r.last_visit_kinds IS NULL
  WITH r, startNode(r) AS p, endNode(r) AS h
  // the same as cypher/load/visits.cypher, cypher/load/visits_settle.cypher and cypher/schema/migrate_last_visits.cypher
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
}
RETURN count(*) AS rows,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed AND NOT created THEN 1 ELSE 0 END) AS updated
