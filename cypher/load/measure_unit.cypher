// (:HelpMeasure)-[:MEASURE_BY]->(:Organization): measures.unit_code (责任单位), when given.
// One row per source node: {key, target}; target null means "none". The node has at most one such
// relationship: one to another target is deleted, the one to target is merged (idempotent).
UNWIND $rows AS row
MATCH (n:HelpMeasure {measure_id: row.key})
CALL (n, row) {
  MATCH (n)-[old:MEASURE_BY]->(t:Organization)
  WHERE row.target IS NULL OR t.code <> row.target
  DELETE old
  RETURN count(*) AS removed
}
CALL (n, row) {
  MATCH (t:Organization {code: row.target})
  MERGE (n)-[r:MEASURE_BY]->(t)
  ON CREATE SET r.created_load = $load_id
  RETURN count(r) AS linked
}
RETURN count(*) AS rows, 0 AS created, 0 AS updated, sum(linked) AS linked
