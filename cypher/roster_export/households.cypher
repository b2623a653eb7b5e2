// One page of households for `bangfu export roster` (unmasked: a backup); village_code from LIVES_IN.
MATCH (n:Household) WHERE n.household_id > $after
WITH n ORDER BY n.household_id LIMIT $limit
RETURN n.household_id AS key, [n {.*, village_code: [(n)-[:LIVES_IN]->(v:Village) | v.code][0]}] AS records
