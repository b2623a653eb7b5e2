// One page of monitoring rows for `bangfu export roster`: household_id from MONITORING_OF.
MATCH (n:Monitoring) WHERE n.monitoring_id > $after
WITH n ORDER BY n.monitoring_id LIMIT $limit
RETURN n.monitoring_id AS key,
       [n {.*, household_id: [(n)-[:MONITORING_OF]->(h:Household) | h.household_id][0]}] AS records
