// (:Monitoring)-[:MONITORING_OF]->(:Household): monitoring.household_id (the household monitored).
// One row per source node: {key, target}; target null means "none". The node has at most one such
// relationship: one to another target is deleted, the one to target is merged (idempotent).
UNWIND $rows AS row
MATCH (n:Monitoring {monitoring_id: row.key})
CALL (n, row) {
  MATCH (n)-[old:MONITORING_OF]->(t:Household)
  WHERE row.target IS NULL OR t.household_id <> row.target
  DELETE old
  RETURN count(*) AS removed
}
CALL (n, row) {
  MATCH (t:Household {household_id: row.target})
  MERGE (n)-[r:MONITORING_OF]->(t)
  ON CREATE SET r.created_load = $load_id
  RETURN count(r) AS linked
}
RETURN count(*) AS rows, 0 AS created, 0 AS updated, sum(linked) AS linked
