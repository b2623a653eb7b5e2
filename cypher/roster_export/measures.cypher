// One page of help measures for `bangfu export roster`: household_id from MEASURE_FOR, unit_code from
// MEASURE_BY, the span under the roster's column names.
MATCH (n:HelpMeasure) WHERE n.measure_id > $after
WITH n ORDER BY n.measure_id LIMIT $limit
RETURN n.measure_id AS key,
       [n {.*, household_id: [(n)-[:MEASURE_FOR]->(h:Household) | h.household_id][0],
           unit_code: [(n)-[:MEASURE_BY]->(o:Organization) | o.code][0],
           start_date: n.start, end_date: n.end}] AS records
