// (:Household)-[:LIVES_IN {start_key, start, end}]->(:Village): households.village_code, and when the
// household is on the roster (docs/graph-model.md, "Snapshots"). A household has one open LIVES_IN
// (no end) while it is listed; a snapshot that no longer lists it sets that one's end, and a later
// listing opens a new one (start_key = its start: '' when undated).
// One row per household: {key, target, start, start_key}; start is null (present always: ordinary loads and a
// scope's first snapshot) or the date of the snapshot that lists it again or for the first time.
// An open LIVES_IN to another village is replaced (the household moved; its start is kept); a
// household with no open LIVES_IN gets one (an undated one that a snapshot had ended is reopened).
// Loading the same row again changes nothing.
UNWIND $rows AS row
MATCH (n:Household {household_id: row.key})
MATCH (v:Village {code: row.target})
CALL (n, v) {
  MATCH (n)-[old:LIVES_IN]->(t:Village)
  WHERE old.end IS NULL AND t <> v
  WITH n, v, old, old.start AS start, coalesce(old.start_key, '') AS start_key
  DELETE old
  MERGE (n)-[r:LIVES_IN {start_key: start_key}]->(v)
  ON CREATE SET r.start = start, r.created_load = $load_id
  RETURN count(*) AS moved
}
CALL (n, v, row) {
  WITH n, v, row
  WHERE NOT EXISTS { (n)-[open:LIVES_IN]->(v) WHERE open.end IS NULL }
  MERGE (n)-[r:LIVES_IN {start_key: row.start_key}]->(v)
  ON CREATE SET r.start = row.start, r.created_load = $load_id
  ON MATCH SET r.updated_load = $load_id
  REMOVE r.end
  RETURN count(*) AS joined
}
RETURN count(*) AS rows, 0 AS created, 0 AS updated, sum(moved) AS moved, sum(joined) AS joined
