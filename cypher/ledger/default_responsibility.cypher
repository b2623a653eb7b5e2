// Who answers for the findings a check created (spec ledger.md, "Default responsibility"): for a
// village or household finding, the township party committee (党委) of its village as unit and its
// secretary on $as_of as person (none when the post is vacant); for a person finding, the person's
// work unit and no person.
MATCH (f:Finding {created_run: $run_id})
CALL (f) {
  OPTIONAL MATCH (:Village {code: f.village_code})-[:PART_OF]->(t:Township)<-[:LOCATED_IN]-(c:PartyOrg)
  WHERE c.kind = '党委'
  WITH c ORDER BY c.code LIMIT 1
  OPTIONAL MATCH (c)<-[post:HOLDS_POST]-(s:Person)
  WHERE post.is_secretary AND (post.start IS NULL OR post.start <= $as_of) AND (post.end IS NULL OR post.end >= $as_of)
  WITH c, s ORDER BY s.person_id LIMIT 1
  RETURN c.code AS committee, s.person_id AS secretary
}
OPTIONAL MATCH (:Person {person_id: f.subject_id})-[:WORKS_AT]->(u:Organization)
WITH f, committee, secretary, head(collect(u.code)) AS unit
SET f.responsible_unit = CASE WHEN f.subject_type = 'person' THEN unit ELSE committee END,
    f.responsible_person = CASE WHEN f.subject_type = 'person' THEN null ELSE secretary END,
    f.township_code = head(COLLECT { MATCH (:Village {code: f.village_code})-[:PART_OF]->(t:Township) RETURN t.code })
RETURN count(*) AS assigned
