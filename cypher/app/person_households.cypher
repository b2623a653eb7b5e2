// 干部档案: the households the person helps or helped, with the help pair's dates, each household's
// village and whether it is in scope at $as_of (not 已销户, with a LIVES_IN active at $as_of: the
// village shown is that one, else the latest it lived in).
// Parameters: $key (person_id), $as_of (Date).
MATCH (p:Person {person_id: $key})-[r:HELPS]->(h:Household)
WITH h, r, COLLECT {
       MATCH (h)-[l:LIVES_IN]->(v:Village)
       WITH v, (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) AS present, l
       RETURN {code: v.code, name: v.name, present: present} AS place
       ORDER BY present DESC, coalesce(l.start, date('0001-01-01')) DESC
     } AS places
RETURN h.household_id AS household_id, h.head_name AS head_name, h.status AS status, h.size AS size,
       head(places) AS village,
       h.status <> '已销户' AND coalesce(head(places).present, false) AS in_scope,
       r.start AS start, r.end AS end
ORDER BY coalesce(r.end, date('9999-12-31')) DESC, household_id, coalesce(r.start, date('0001-01-01'))
