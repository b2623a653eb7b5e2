// @title: 软弱涣散村及挂点领导、整顿责任组
// @category: 村
// @description: 软弱涣散村党组织所在的村（可限定区划），在截至日期的县处级挂点领导、责任组长和组员、
//   村党组织书记；挂点领导或书记空缺的一目了然。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (v:Village {weak_org: true})
WHERE $region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) }
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
CALL (v) {
  OPTIONAL MATCH (v)<-[a:ASSIGNED_TO]-(p:Person)
  WHERE a.role IN ['挂点领导', '责任组长', '责任组员']
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  WITH a.role AS role, p ORDER BY p.person_id
  RETURN collect(DISTINCT CASE WHEN role = '挂点领导' THEN p.name + '（' + coalesce(p.rank, '职级不详') + '）' END) AS leaders,
         collect(DISTINCT CASE WHEN role = '责任组长' THEN p.name END) AS group_leaders,
         collect(DISTINCT CASE WHEN role = '责任组员' THEN p.name END) AS group_members
}
CALL (v) {
  OPTIONAL MATCH (v)<-[:GOVERNS]-(:PartyOrg)<-[s:HOLDS_POST]-(p:Person)
  WHERE s.is_secretary AND (s.start IS NULL OR s.start <= $as_of) AND (s.end IS NULL OR s.end >= $as_of)
  RETURN collect(DISTINCT p.name) AS secretaries
}
RETURN t.name AS 乡镇, v.code AS 村代码, v.name AS 村, v.poor_village AS 贫困村,
       leaders AS 挂点领导, group_leaders AS 责任组长, group_members AS 责任组员,
       secretaries AS 村党组织书记
ORDER BY 村代码
