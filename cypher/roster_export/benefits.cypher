// One page of households with the programs they receive (RECEIVES) for `bangfu export roster`.
MATCH (h:Household) WHERE h.household_id > $after
WITH h ORDER BY h.household_id LIMIT $limit
RETURN h.household_id AS key,
       [(h)-[r:RECEIVES]->(g:Program) | r {.*, household_id: h.household_id, program: g.name}] AS records
