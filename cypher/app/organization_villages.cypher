// Unit and party-organization pages: the villages an organization answers for, one row per tie and
// all dates: it contracts the village (包村单位), it dispatched a person there (the assignment's
// unit_code), one of its people (working there, or holding a post in it at $as_of) is assigned
// there, or it is the village's branch (GOVERNS).
// Parameters: $key (organization code), $as_of (Date).
MATCH (o:Organization {code: $key})
CALL (o) {
  MATCH (o)-[a:ASSIGNED_TO]->(v:Village)
  RETURN v, 'contracts' AS tie, a.role AS role, null AS person, a.start AS start, a.end AS end
  UNION
  MATCH (p:Person)-[a:ASSIGNED_TO]->(v:Village)
  WHERE a.unit_code = o.code
  RETURN v, 'dispatched' AS tie, a.role AS role, p {.person_id, .name} AS person, a.start AS start, a.end AS end
  UNION
  MATCH (p:Person)-[a:ASSIGNED_TO]->(v:Village)
  WHERE coalesce(a.unit_code, '') <> o.code
    AND ((p)-[:WORKS_AT]->(o) OR EXISTS {
      MATCH (p)-[s:HOLDS_POST]->(o)
      WHERE (s.start IS NULL OR s.start <= $as_of) AND (s.end IS NULL OR s.end >= $as_of) })
  RETURN v, 'member' AS tie, a.role AS role, p {.person_id, .name} AS person, a.start AS start, a.end AS end
  UNION
  MATCH (o)-[:GOVERNS]->(v:Village)
  RETURN v, 'governs' AS tie, null AS role, null AS person, null AS start, null AS end
}
RETURN v {.code, .name} AS village, head([(v)-[:PART_OF]->(t:Township) | t.name]) AS township,
       tie, role, person, start, end
ORDER BY village.code, tie, role, coalesce(start, date('0001-01-01')), person.person_id
