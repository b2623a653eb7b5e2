// visits / 走访记录 for a batch whose households hold no visit from an earlier load (a first load, a
// county new to the graph): the same relationships as cypher/load/visits.cypher, CREATEd. Validation
// refuses two rows with the same key, and this load's other batches write other keys, so nothing is
// there to merge with, and nothing to compare. The help pairs' latest visits are not worked out per
// batch: cypher/load/visits_settle.cypher does that once, after the table, for these households.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (h:Household {household_id: row.household_id})
CREATE (p)-[r:VISITED {date: row.date, kind: row.kind, created_load: $load_id}]->(h)
SET r += row.props
FOREACH (_ IN CASE WHEN row.row_hash IS NOT NULL THEN [1] ELSE [] END | SET r.row_hash = row.row_hash)
RETURN count(*) AS rows, count(*) AS created, 0 AS updated
