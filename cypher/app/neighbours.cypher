// One step out from a set of nodes: the relationships and the nodes at their other ends.
MATCH (n)-[r]-(m)
WHERE elementId(n) IN $ids AND NOT m:Load AND NOT m:AuditEvent AND NOT m:AppUser AND NOT m:SchemaVersion
  AND ($types IS NULL OR type(r) IN $types)
  AND ($labels IS NULL OR any(l IN labels(m) WHERE l IN $labels))
RETURN DISTINCT r, m
LIMIT $limit
