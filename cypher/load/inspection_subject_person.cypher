// (:Inspection)-[:INSPECTS]->(:Person): inspections.subject_id of the rows whose subject_type is 人员.
// An inspection has one subject; whatever it inspected before (a village, a person or an organization:
// the row's subject_type may have changed) is replaced.
// One row per source node: {key, target}; target null means "none". The node has at most one such
// relationship: one to another target is deleted, the one to target is merged (idempotent).
UNWIND $rows AS row
MATCH (n:Inspection {inspection_id: row.key})
CALL (n, row) {
  MATCH (n)-[old:INSPECTS]->(t)
  WHERE NOT (t:Person AND t.person_id = row.target)
  DELETE old
  RETURN count(*) AS removed
}
CALL (n, row) {
  MATCH (t:Person {person_id: row.target})
  MERGE (n)-[r:INSPECTS]->(t)
  ON CREATE SET r.created_load = $load_id
  RETURN count(r) AS linked
}
RETURN count(*) AS rows, 0 AS created, 0 AS updated, sum(linked) AS linked
