// The nodes with these ids and the relationships among them (what the explorer shows).
// Ids come from the browser: accounts, the audit log and bookkeeping nodes are never exported.
MATCH (n) WHERE elementId(n) IN $ids
  AND NOT n:Load AND NOT n:AuditEvent AND NOT n:AuditChain AND NOT n:AppUser AND NOT n:SchemaVersion
OPTIONAL MATCH (n)-[r]->(m) WHERE elementId(m) IN $ids
RETURN n, collect(r) AS rels
