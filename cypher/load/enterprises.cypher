// Enterprise nodes (enterprises / 带贫主体).
// One row per node: {key, props}. MERGE on the key; properties are set only when they differ, so a
// second load of the same roster changes nothing. created_load / updated_load record provenance.
UNWIND $rows AS row
MERGE (n:Enterprise {enterprise_id: row.key})
ON CREATE SET n.created_load = $load_id
SET n:Searchable
WITH n, row, n.created_load = $load_id AS created
WITH n, row, created,
     created OR any(k IN keys(row.props)
                    WHERE coalesce(n[k] <> row.props[k], n[k] IS NOT NULL OR row.props[k] IS NOT NULL)) AS changed
SET n += CASE WHEN changed THEN row.props ELSE {} END
FOREACH (_ IN CASE WHEN changed AND NOT created THEN [1] ELSE [] END | SET n.updated_load = $load_id)
RETURN count(*) AS rows,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed AND NOT created THEN 1 ELSE 0 END) AS updated
