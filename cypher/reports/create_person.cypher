CREATE (n:Person {person_id: $key, name: $name, created_fact: $fact_id})
RETURN elementId(n) AS eid
