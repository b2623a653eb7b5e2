CREATE (n:Enterprise {enterprise_id: $key, name: $name, kind: $kind, created_fact: $fact_id})
RETURN elementId(n) AS eid
