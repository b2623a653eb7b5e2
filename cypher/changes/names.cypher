// Display names of the entities that change rows name: people, households (their village and head:
// 胡寨村 徐磊燕户, never the household number), organizations, regions and enterprises, by key.
CALL () {
  UNWIND $people AS k MATCH (n:Person {person_id: k}) RETURN 'Person' AS label, k, n.name AS name
  UNION
  UNWIND $households AS k MATCH (n:Household {household_id: k})
  RETURN 'Household' AS label, k,
         coalesce(head(COLLECT { MATCH (n)-[l:LIVES_IN]->(v:Village) RETURN v.name ORDER BY l.end IS NULL DESC, l.end DESC })
                  + ' ', '') + n.head_name + '户' AS name
  UNION
  UNWIND $organizations AS k MATCH (n:Organization {code: k}) RETURN 'Organization' AS label, k, n.name AS name
  UNION
  UNWIND $regions AS k MATCH (n:Region {code: k}) RETURN 'Region' AS label, k, n.name AS name
  UNION
  UNWIND $enterprises AS k MATCH (n:Enterprise {enterprise_id: k}) RETURN 'Enterprise' AS label, k, n.name AS name
}
RETURN label, k AS key, name
