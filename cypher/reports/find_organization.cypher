MATCH (n:Organization {code: $key})
RETURN elementId(n) AS eid, labels(n) AS labels
