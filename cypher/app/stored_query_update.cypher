// A new text for a stored query, only when it is still at the version the editor started from (two
// people editing at once: the second is told, nothing is lost); the earlier text stays as a version.
MATCH (q:StoredQuery {name: $name})
WHERE q.version = $expected AND NOT coalesce(q.retired, false)
SET q.title = $title, q.cypher = $cypher, q.updated_at = datetime(), q.updated_by = $user,
    q.version = q.version + 1, q.changes = coalesce(q.changes, 0) + 1
CREATE (:StoredQueryVersion {name: $name, version: q.version, title: $title, cypher: $cypher,
                             saved_by: $user, saved_at: q.updated_at})
RETURN q.version AS version
