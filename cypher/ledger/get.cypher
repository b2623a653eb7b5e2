// One finding with the names of its township, responsible unit and person.
MATCH (f:Finding {finding_id: $id})
OPTIONAL MATCH (t:Township {code: f.township_code})
OPTIONAL MATCH (u:Organization {code: f.responsible_unit})
OPTIONAL MATCH (p:Person {person_id: f.responsible_person})
RETURN f {.*} AS finding, t.name AS township, u.name AS unit_name, p.name AS person_name
