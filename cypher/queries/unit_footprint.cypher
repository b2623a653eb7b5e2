// @title: 单位的帮扶全貌
// @category: 单位
// @description: 一个单位在截至日期包的村、派出的人（按任命上的派出单位，或在该单位工作且有驻村任命的人）
//   及其驻村角色、这些人结对帮扶的户，画成关系图。
// @param unit: unit | 单位（代码或名称） | required | choices=@units
// @param as_of: date | 截至日期 | default=today
// @display: graph
MATCH (u:Unit {code: $unit})
CALL (u) {
  MATCH path = (u)-[a:ASSIGNED_TO]->(:Village)
  WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN path
  UNION
  MATCH path = (u)<-[:WORKS_AT]-(:Person)
  RETURN path
  UNION
  MATCH (p:Person)-[a:ASSIGNED_TO]->(v:Village)
  WHERE a.unit_code = u.code AND a.role <> '包村单位'
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  MATCH path = (p)-[a]->(v)
  RETURN path
  UNION
  CALL (u) {
    MATCH (p:Person)-[:WORKS_AT]->(u) RETURN p
    UNION
    MATCH (p:Person)-[a:ASSIGNED_TO]->(:Village) WHERE a.unit_code = u.code RETURN p
  }
  MATCH path = (p)-[r:HELPS]->(:Household)
  WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN path
}
RETURN path AS 路径
