// One page of evaluations for `bangfu export roster`: person_id from EVALUATES, unit_code from EVALUATED_BY.
MATCH (n:Evaluation) WHERE n.evaluation_id > $after
WITH n ORDER BY n.evaluation_id LIMIT $limit
RETURN n.evaluation_id AS key,
       [n {.*, person_id: [(n)-[:EVALUATES]->(p:Person) | p.person_id][0],
           unit_code: [(n)-[:EVALUATED_BY]->(o:Organization) | o.code][0]}] AS records
