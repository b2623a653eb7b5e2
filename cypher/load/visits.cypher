// (:Person)-[:VISITED {date, kind, note}]->(:Household) from visits / 走访记录, merged on (date, kind):
// one visit of a person to a household on a day in one way. The pair need not be a help pair.
// Properties are set only when they differ, so loading the same roster again changes nothing.
// row_hash: the row's fingerprint (loaders/fingerprint.py), which lets a later snapshot skip an unchanged row.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (h:Household {household_id: row.household_id})
MERGE (p)-[r:VISITED {date: row.date, kind: row.kind}]->(h)
ON CREATE SET r.created_load = $load_id
WITH r, row, r.created_load = $load_id AS created
WITH r, row, created,
     created OR any(k IN keys(row.props)
                    WHERE coalesce(r[k] <> row.props[k], r[k] IS NOT NULL OR row.props[k] IS NOT NULL)) AS changed
SET r += CASE WHEN changed THEN row.props ELSE {} END
FOREACH (_ IN CASE WHEN changed AND NOT created THEN [1] ELSE [] END | SET r.updated_load = $load_id)
FOREACH (_ IN CASE WHEN row.row_hash IS NOT NULL AND coalesce(r.row_hash <> row.row_hash, true) THEN [1] ELSE [] END |
  SET r.row_hash = row.row_hash)
RETURN count(*) AS rows,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed AND NOT created THEN 1 ELSE 0 END) AS updated
