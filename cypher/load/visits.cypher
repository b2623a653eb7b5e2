// (:Person)-[:VISITED {date, kind, note}]->(:Household) from visits / 走访记录, merged on (date, kind):
// one visit of a person to a household on a day in one way. The pair need not be a help pair.
// Properties are set only when they differ, so loading the same roster again changes nothing.
// row_hash: the row's fingerprint (loaders/fingerprint.py), which lets a later snapshot skip an unchanged row.
// In the same transaction, every help pair (HELPS) between a batch's cadre and household gets the
// latest visit of each kind again (last_visit_kinds / last_visit_dates, and the same as single dates for
// index seeks, docs/graph-model.md): a load is the only writer of visits, so visit_overdue reads these
// instead of a dozen visits a household.
// A batch whose households hold no visit from an earlier load takes cypher/load/visits_first.cypher.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (h:Household {household_id: row.household_id})
MERGE (p)-[r:VISITED {date: row.date, kind: row.kind}]->(h)
ON CREATE SET r.created_load = $load_id
WITH p, h, r, row, r.created_load = $load_id AS created
WITH p, h, r, row, created,
     created OR any(k IN keys(row.props)
                    WHERE coalesce(r[k] <> row.props[k], r[k] IS NOT NULL OR row.props[k] IS NOT NULL)) AS changed
SET r += CASE WHEN changed THEN row.props ELSE {} END
FOREACH (_ IN CASE WHEN changed AND NOT created THEN [1] ELSE [] END | SET r.updated_load = $load_id)
FOREACH (_ IN CASE WHEN row.row_hash IS NOT NULL AND coalesce(r.row_hash <> row.row_hash, true) THEN [1] ELSE [] END |
  SET r.row_hash = row.row_hash)
WITH count(*) AS rows,
     sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
     sum(CASE WHEN changed AND NOT created THEN 1 ELSE 0 END) AS updated,
     collect(DISTINCT [p, h]) AS pairs
CALL (pairs) {
  UNWIND pairs AS pair
  WITH pair[0] AS p, pair[1] AS h
  MATCH (p)-[r:HELPS]->(h)
  // the same as cypher/load/help_pairs.cypher, cypher/load/visits_settle.cypher and cypher/schema/migrate_last_visits.cypher
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
}
RETURN rows, created, updated
