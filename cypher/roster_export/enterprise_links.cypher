// One page of enterprises with the households they lift (LIFTS) for `bangfu export roster`.
MATCH (e:Enterprise) WHERE e.enterprise_id > $after
WITH e ORDER BY e.enterprise_id LIMIT $limit
RETURN e.enterprise_id AS key,
       [(e)-[r:LIFTS]->(h:Household) | r {.*, enterprise_id: e.enterprise_id, household_id: h.household_id}] AS records
