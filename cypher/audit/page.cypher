// One page of the chain in order, for `bangfu audit verify`.
MATCH (e:AuditEvent) WHERE e.seq > $after
RETURN properties(e) AS props
ORDER BY e.seq
LIMIT $limit
