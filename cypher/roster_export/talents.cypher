// One page of villages with the talents from them (TALENT_OF) for `bangfu export roster`.
MATCH (v:Village) WHERE v.code > $after
WITH v ORDER BY v.code LIMIT $limit
RETURN v.code AS key,
       [(p:Person)-[r:TALENT_OF]->(v) | r {.*, person_id: p.person_id, home_village_code: v.code}] AS records
