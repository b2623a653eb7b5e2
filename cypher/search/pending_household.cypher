// Household nodes whose search text is missing or stale (name changed since it was computed).
MATCH (n:Household)
WHERE n.search_text IS NULL OR n.search_name IS NULL OR n.search_name <> coalesce(n.head_name, '')
RETURN elementId(n) AS id, n.head_name AS name, n.household_id AS key
LIMIT $limit
