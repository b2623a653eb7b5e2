// Person nodes whose search text is missing or stale (name changed since it was computed).
MATCH (n:Person)
WHERE n.search_text IS NULL OR n.search_name IS NULL OR n.search_name <> coalesce(n.name, '')
RETURN elementId(n) AS id, n.name AS name, n.person_id AS key
LIMIT $limit
