CREATE (n:Household {household_id: $key, head_name: $name, created_fact: $fact_id})
RETURN elementId(n) AS eid
