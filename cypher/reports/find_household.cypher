MATCH (n:Household {household_id: $key})
RETURN elementId(n) AS eid, labels(n) AS labels
