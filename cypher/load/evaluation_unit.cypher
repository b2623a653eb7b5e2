// (:Evaluation)-[:EVALUATED_BY]->(:Organization): evaluations.unit_code (评议单位), when given.
// One row per source node: {key, target}; target null means "none". The node has at most one such
// relationship: one to another target is deleted, the one to target is merged (idempotent).
UNWIND $rows AS row
MATCH (n:Evaluation {evaluation_id: row.key})
CALL (n, row) {
  MATCH (n)-[old:EVALUATED_BY]->(t:Organization)
  WHERE row.target IS NULL OR t.code <> row.target
  DELETE old
  RETURN count(*) AS removed
}
CALL (n, row) {
  MATCH (t:Organization {code: row.target})
  MERGE (n)-[r:EVALUATED_BY]->(t)
  ON CREATE SET r.created_load = $load_id
  RETURN count(r) AS linked
}
RETURN count(*) AS rows, 0 AS created, 0 AS updated, sum(linked) AS linked
