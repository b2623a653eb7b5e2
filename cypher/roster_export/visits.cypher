// One page of households with their visits (VISITED) for `bangfu export roster`.
MATCH (h:Household) WHERE h.household_id > $after
WITH h ORDER BY h.household_id LIMIT $limit
RETURN h.household_id AS key,
       [(p:Person)-[r:VISITED]->(h) | r {.*, person_id: p.person_id, household_id: h.household_id}] AS records
