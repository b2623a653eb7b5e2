// Unit and party-organization pages: the households the organization's people help at $as_of (its
// people: who works there, or holds a post in it at $as_of), in scope at $as_of (not 已销户, read
// through a LIVES_IN active at $as_of), with their village and helpers from the organization.
// Parameters: $key (organization code), $as_of (Date).
MATCH (o:Organization {code: $key})
MATCH (p:Person)
WHERE (p)-[:WORKS_AT]->(o) OR EXISTS {
  MATCH (p)-[s:HOLDS_POST]->(o)
  WHERE (s.start IS NULL OR s.start <= $as_of) AND (s.end IS NULL OR s.end >= $as_of) }
MATCH (p)-[r:HELPS]->(h:Household)-[l:LIVES_IN]->(v:Village)
WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  AND h.status <> '已销户'
  AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
WITH h, v, p ORDER BY p.person_id
RETURN h.household_id AS household_id, h.head_name AS head_name, h.status AS status,
       v {.code, .name} AS village, collect(DISTINCT p {.person_id, .name}) AS helpers
ORDER BY village.code, household_id
