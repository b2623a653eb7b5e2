// (:Person)-[:RESERVE_CADRE_OF {start, end, source}]->(:Village) from reserve_cadres / 后备干部, merged on
// start_key ('' for an undated start, since MERGE cannot match null); ended by snapshots like ASSIGNED_TO.
// Properties are set only when they differ, so loading the same roster again changes nothing.
// row_hash: the row's fingerprint (loaders/fingerprint.py), which lets a later snapshot skip an unchanged row.
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (v:Village {code: row.village_code})
MERGE (p)-[r:RESERVE_CADRE_OF {start_key: row.start_key}]->(v)
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
