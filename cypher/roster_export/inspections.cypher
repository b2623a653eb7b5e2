// One page of inspections for `bangfu export roster`: unit_code from INSPECTED_BY, subject_id from
// INSPECTS (a village's or an organization's code, a person's id).
MATCH (n:Inspection) WHERE n.inspection_id > $after
WITH n ORDER BY n.inspection_id LIMIT $limit
RETURN n.inspection_id AS key,
       [n {.*, unit_code: [(n)-[:INSPECTED_BY]->(o:Organization) | o.code][0],
           subject_id: [(n)-[:INSPECTS]->(s) | CASE WHEN s:Person THEN s.person_id ELSE s.code END][0]}] AS records
