// (:VillageIndicator)-[:INDICATOR_OF]->(:Village): village_indicators.village_code.
// One row per source node: {key, target}; target null means "none". The node has at most one such
// relationship: one to another target is deleted, the one to target is merged (idempotent).
UNWIND $rows AS row
MATCH (n:VillageIndicator {indicator_id: row.key})
CALL (n, row) {
  MATCH (n)-[old:INDICATOR_OF]->(t:Village)
  WHERE row.target IS NULL OR t.code <> row.target
  DELETE old
  RETURN count(*) AS removed
}
CALL (n, row) {
  MATCH (t:Village {code: row.target})
  MERGE (n)-[r:INDICATOR_OF]->(t)
  ON CREATE SET r.created_load = $load_id
  RETURN count(r) AS linked
}
RETURN count(*) AS rows, 0 AS created, 0 AS updated, sum(linked) AS linked
