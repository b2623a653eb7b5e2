// Organization nodes (organizations / 组织机构); PartyOrg for party kinds, Unit for the others.
// One row per node: {key, props}. MERGE on the key; properties are set only when they differ, so a
// second load of the same roster changes nothing. created_load / updated_load record provenance;
// row_hash, the fingerprint of the row (loaders/fingerprint.py), lets a later snapshot skip it.
// Each property a row changes on an existing node is recorded as a (:Change {kind: 'property'})
// with its old and new value as text; not the values of $personal properties (id numbers and phone
// numbers: that one changed is recorded, not what it was). The search text and a sealed number's hash
// and ciphertext ($derived, graph/pii.py) are derived, not recorded.
UNWIND $rows AS row
MERGE (n:Organization {code: row.key})
ON CREATE SET n.created_load = $load_id
SET n:Searchable
WITH n, row, n.created_load = $load_id AS created
WITH n, row, created,
     CASE WHEN created THEN [] ELSE [k IN keys(row.props)
       WHERE coalesce(n[k] <> row.props[k], n[k] IS NOT NULL OR row.props[k] IS NOT NULL)] END AS differing
WITH n, row, created, differing, created OR size(differing) > 0 AS changed,
     [k IN differing WHERE NOT k STARTS WITH 'search_' AND NOT k IN $derived] AS recorded
FOREACH (k IN recorded | CREATE (:Change {load_id: $load_id, kind: 'property', label: 'Organization', key: row.key,
                                          property: k,
                                          old: CASE WHEN k IN $personal THEN null ELSE toString(n[k]) END,
                                          new: CASE WHEN k IN $personal THEN null ELSE toString(row.props[k]) END}))
SET n += CASE WHEN changed THEN row.props ELSE {} END
FOREACH (_ IN CASE WHEN changed AND NOT created THEN [1] ELSE [] END | SET n.updated_load = $load_id)
FOREACH (_ IN CASE WHEN row.row_hash IS NOT NULL AND coalesce(n.row_hash <> row.row_hash, true) THEN [1] ELSE [] END |
  SET n.row_hash = row.row_hash)
FOREACH (_ IN CASE WHEN changed AND row.props.kind IN ['党委', '党工委', '党总支', '党支部'] THEN [1] ELSE [] END | SET n:PartyOrg REMOVE n:Unit)
FOREACH (_ IN CASE WHEN changed AND NOT row.props.kind IN ['党委', '党工委', '党总支', '党支部'] THEN [1] ELSE [] END | SET n:Unit REMOVE n:PartyOrg)
RETURN count(*) AS rows,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed AND NOT created THEN 1 ELSE 0 END) AS updated,
       sum(size(recorded)) AS property_changes
