// Retire ($retired = true) or restore a stored query: hidden from the list, kept with its versions.
MATCH (q:StoredQuery {name: $name})
WHERE coalesce(q.retired, false) <> $retired
SET q.retired = $retired, q.retired_at = CASE WHEN $retired THEN datetime() END,
    q.retired_by = CASE WHEN $retired THEN $user END, q.changes = coalesce(q.changes, 0) + 1
RETURN q.name AS name
