// What tells two search matches with the same name apart in the explorer's suggestions: the node's
// id, and for a person their unit and the villages and roles they answer for today, for a household
// its village today, for a village or township the region above, for an organization or an
// enterprise its place. $rows: [{label, key}] as graph/search.py returns them; $as_of: a Date.
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Region {code: row.key}) WHERE row.label = 'Region' RETURN n
  UNION
  MATCH (n:Person {person_id: row.key}) WHERE row.label = 'Person' RETURN n
  UNION
  MATCH (n:Household {household_id: row.key}) WHERE row.label = 'Household' RETURN n
  UNION
  MATCH (n:Organization {code: row.key}) WHERE row.label = 'Organization' RETURN n
  UNION
  MATCH (n:Enterprise {enterprise_id: row.key}) WHERE row.label = 'Enterprise' RETURN n
}
RETURN row.label AS label, row.key AS key, elementId(n) AS id,
       head(COLLECT { MATCH (n:Person)-[:WORKS_AT]->(u:Organization) RETURN u.name }) AS unit,
       COLLECT {
         MATCH (n:Person)-[a:ASSIGNED_TO]->(v:Village)
         WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
         RETURN v.name + a.role ORDER BY a.role LIMIT 3
       } AS roles,
       COLLECT {
         MATCH (n:Person)-[p:HOLDS_POST]->(o:Organization)
         WHERE (p.start IS NULL OR p.start <= $as_of) AND (p.end IS NULL OR p.end >= $as_of)
         RETURN o.name + p.title ORDER BY p.title LIMIT 2
       } AS posts,
       head(COLLECT {
         MATCH (n:Household)-[l:LIVES_IN]->(v:Village)
         WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
         RETURN v.name
       }) AS household_village,
       head(COLLECT { MATCH (n:Region)-[:PART_OF]->(up:Region) RETURN up.name }) AS region_parent,
       head(COLLECT { MATCH (n)-[:LOCATED_IN]->(place:Region) WHERE n:Organization OR n:Enterprise RETURN place.name })
         AS place
