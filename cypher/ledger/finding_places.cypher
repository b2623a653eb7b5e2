// Where the findings a recorded check saw belong (spec ledger.md, "Default responsibility"), read before
// they are written so that the write (ledger/upsert_findings) is a plain UNWIND that Neo4j plans in
// a fraction of a second: a household's village on $as_of (a village it lived in when none is current)
// and that village's township; a village's township; a person's work unit.
UNWIND $households AS id
MATCH (:Household {household_id: id})-[l:LIVES_IN]->(v:Village)
WITH id, v, (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) AS current
ORDER BY current DESC
WITH id, head(collect(v)) AS v
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN 'household' AS subject_type, id, v.code AS village, head(collect(t.code)) AS township, null AS unit
UNION ALL
UNWIND $villages AS id
MATCH (v:Village {code: id})
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN 'village' AS subject_type, id, id AS village, head(collect(t.code)) AS township, null AS unit
UNION ALL
UNWIND $persons AS id
MATCH (p:Person {person_id: id})
OPTIONAL MATCH (p)-[:WORKS_AT]->(u:Organization)
RETURN 'person' AS subject_type, id, null AS village, null AS township, head(collect(u.code)) AS unit
