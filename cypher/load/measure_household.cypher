// (:HelpMeasure)-[:MEASURE_FOR]->(:Household): measures.household_id (the household helped).
// One row per source node: {key, target}; target null means "none". The node has at most one such
// relationship: one to another target is deleted, the one to target is merged (idempotent).
UNWIND $rows AS row
MATCH (n:HelpMeasure {measure_id: row.key})
CALL (n, row) {
  MATCH (n)-[old:MEASURE_FOR]->(t:Household)
  WHERE row.target IS NULL OR t.household_id <> row.target
  DELETE old
  RETURN count(*) AS removed
}
CALL (n, row) {
  MATCH (t:Household {household_id: row.target})
  MERGE (n)-[r:MEASURE_FOR]->(t)
  ON CREATE SET r.created_load = $load_id
  RETURN count(r) AS linked
}
RETURN count(*) AS rows, 0 AS created, 0 AS updated, sum(linked) AS linked
