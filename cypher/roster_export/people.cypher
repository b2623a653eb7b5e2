// One page of people for `bangfu export roster` (unmasked: a backup); unit_code from WORKS_AT.
MATCH (n:Person) WHERE n.person_id > $after
WITH n ORDER BY n.person_id LIMIT $limit
RETURN n.person_id AS key, [n {.*, unit_code: [(n)-[:WORKS_AT]->(o:Organization) | o.code][0]}] AS records
