// Help-pair coverage of some villages at $as_of: households in scope (not 已销户, read through a
// LIVES_IN active at $as_of), how many have an active help pair, and how many are helped by the
// people named in $people (an organization's people).
// Parameters: $codes (village codes), $people (person_ids), $as_of (Date).
UNWIND $codes AS code
MATCH (v:Village {code: code})
CALL (v) {
  OPTIONAL MATCH (h:Household)-[l:LIVES_IN]->(v)
  WHERE h.status <> '已销户'
    AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  WITH DISTINCT h
  RETURN count(h) AS in_scope,
         count(CASE WHEN EXISTS { MATCH (h)<-[r:HELPS]-(:Person)
                                  WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) }
                    THEN 1 END) AS covered,
         count(CASE WHEN EXISTS { MATCH (h)<-[r:HELPS]-(p:Person)
                                  WHERE p.person_id IN $people
                                    AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) }
                    THEN 1 END) AS by_people
}
RETURN v.code AS code, v.name AS name, head([(v)-[:PART_OF]->(t:Township) | t.name]) AS township,
       in_scope, covered, by_people
ORDER BY code
