MATCH (n:Person {person_id: $key})
RETURN elementId(n) AS eid, labels(n) AS labels
