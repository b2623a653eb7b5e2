// The inspections (督查记录) of one village, person or organization dated on or before the as-of date,
// newest first, each problem found with whether a later inspection of the same subject passed by the
// as-of date (复查合格销号) and which one.
// Parameters: $kind ('region', 'person' or 'organization'), $key (its code or id), $as_of (Date).
CALL () {
  MATCH (s:Village {code: $key}) WHERE $kind = 'region' RETURN s
  UNION
  MATCH (s:Person {person_id: $key}) WHERE $kind = 'person' RETURN s
  UNION
  MATCH (s:Organization {code: $key}) WHERE $kind = 'organization' RETURN s
}
MATCH (i:Inspection)-[:INSPECTS]->(s) WHERE i.date <= $as_of
WITH s, i, head([(i)-[:INSPECTED_BY]->(o:Organization) | o {.code, .name}]) AS unit
RETURN i {.inspection_id, .date, .kind, .result, .problem, .category} AS inspection, unit,
       CASE WHEN i.result = '发现问题' THEN head(COLLECT {
         MATCH (s)<-[:INSPECTS]-(j:Inspection {result: '合格'}) WHERE j.date > i.date AND j.date <= $as_of
         RETURN j {.inspection_id, .date} AS j ORDER BY j.date, j.inspection_id LIMIT 1
       }) END AS closed_by
ORDER BY i.date DESC, i.inspection_id
