// The explorer's nodes by id (a saved view reopened, a chosen suggestion) and their outgoing
// relationships; the caller keeps those whose other end is among the ids (a set in Python: testing
// `elementId(m) IN $ids` here would scan the list once per relationship). Ids come from the browser
// or a saved view: accounts, the audit log, saved views and bookkeeping nodes are never returned.
MATCH (n) WHERE elementId(n) IN $ids
  AND NOT n:Load AND NOT n:AuditEvent AND NOT n:AuditChain AND NOT n:AppUser AND NOT n:SchemaVersion AND NOT n:SavedView
  AND NOT n:Change AND NOT n:CheckRun AND NOT n:Finding AND NOT n:FindingEvent
OPTIONAL MATCH (n)-[r]->(m) WHERE NOT m:Load AND NOT m:Change
RETURN n, collect(r) AS rels
