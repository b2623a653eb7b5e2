CREATE (n:Organization:Unit {code: $key, name: $name, kind: $kind, created_fact: $fact_id})
RETURN elementId(n) AS eid
