// 村责任落实档案: the village's households in scope at $as_of (not 已销户, read through a LIVES_IN
// active at $as_of) with the people helping each at $as_of; the page counts coverage from these rows.
// Parameters: $code (village code), $as_of (Date).
MATCH (h:Household)-[l:LIVES_IN]->(v:Village {code: $code})
WHERE h.status <> '已销户'
  AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
OPTIONAL MATCH (p:Person)-[r:HELPS]->(h)
WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
WITH h, p ORDER BY p.person_id
WITH h, collect(DISTINCT p {.person_id, .name}) AS helpers
RETURN h.household_id AS household_id, h.head_name AS head_name, h.status AS status, h.size AS size,
       h.category AS category, h.cause AS cause, helpers
ORDER BY household_id
