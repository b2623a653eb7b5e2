// Every relationship of one node with the node at its other end (provenance and app nodes left out).
MATCH (n) WHERE elementId(n) = $id
MATCH (n)-[r]-(m)
WHERE NOT m:Load AND NOT m:AuditEvent AND NOT m:AppUser
RETURN type(r) AS type, startNode(r) = n AS outgoing, properties(r) AS props, m AS other
ORDER BY type, coalesce(r.role, ''), coalesce(m.code, m.person_id, m.household_id, m.enterprise_id, m.name)
LIMIT $limit
