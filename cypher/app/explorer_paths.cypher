// "两者如何关联": the shortest paths between two nodes, at most $max_hops steps, not through
// bookkeeping nodes (loads, changes, the ledger); the caller sets a time limit. The hop bound is a
// literal in the pattern (Cypher cannot take it as a parameter); $max_paths bounds the answer.
MATCH (a) WHERE elementId(a) = $from
MATCH (b) WHERE elementId(b) = $to AND a <> b
MATCH path = allShortestPaths((a)-[*..6]-(b))
WHERE none(n IN nodes(path) WHERE n:Load OR n:Change OR n:Finding OR n:CheckRun OR n:AppUser OR n:AuditEvent)
RETURN path
LIMIT $max_paths
