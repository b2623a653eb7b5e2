// One page of village indicators for `bangfu export roster`: village_code from INDICATOR_OF.
MATCH (n:VillageIndicator) WHERE n.indicator_id > $after
WITH n ORDER BY n.indicator_id LIMIT $limit
RETURN n.indicator_id AS key, [n {.*, village_code: [(n)-[:INDICATOR_OF]->(v:Village) | v.code][0]}] AS records
