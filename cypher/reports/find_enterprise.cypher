MATCH (n:Enterprise {enterprise_id: $key})
RETURN elementId(n) AS eid, labels(n) AS labels
