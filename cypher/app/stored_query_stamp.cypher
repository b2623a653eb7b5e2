// Moves on every save, edit, retirement and restoration of a stored query (each adds one to
// q.changes, in the same transaction): the web app reads it once per request to notice a change made
// by another process. A scan of a few nodes.
MATCH (q:StoredQuery)
RETURN count(q) AS queries, sum(q.changes) AS changes
