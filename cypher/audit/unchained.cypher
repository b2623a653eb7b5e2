// Entries without a chain number, oldest first (the existing log before the chain, or insertions).
MATCH (e:AuditEvent) WHERE e.seq IS NULL
RETURN elementId(e) AS id, properties(e) AS props
ORDER BY e.at, elementId(e)
LIMIT $limit
