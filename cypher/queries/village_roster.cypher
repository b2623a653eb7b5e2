// @title: 村责任落实花名册
// @category: 村
// @description: 一个村在截至日期的全部责任人：包村单位、挂点领导、第一书记、工作队、包村干部、
//   党建联系人/指导员、责任组，以及村党组织书记；每人一行。
// @param village: village | 村（代码或名称） | required | choices=@villages
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (v:Village {code: $village})
CALL (v) {
  MATCH (v)<-[a:ASSIGNED_TO]-(x)
  WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  OPTIONAL MATCH (u:Unit {code: a.unit_code})
  OPTIONAL MATCH (x)-[:WORKS_AT]->(w:Organization)
  RETURN a.role AS role, coalesce(x.name, '') AS name, x.person_id AS pid, x.rank AS rank,
         x.political_status AS pol, CASE WHEN x:Unit THEN x.name ELSE coalesce(u.name, w.name) END AS unit,
         x {.phone, .phone_cipher} AS phone, a.start AS start, a.end AS end
  UNION
  MATCH (v)<-[:GOVERNS]-(b:PartyOrg)<-[s:HOLDS_POST]-(x:Person)
  WHERE s.is_secretary AND (s.start IS NULL OR s.start <= $as_of) AND (s.end IS NULL OR s.end >= $as_of)
  RETURN '村党组织书记' AS role, x.name AS name, x.person_id AS pid, x.rank AS rank,
         x.political_status AS pol, b.name AS unit, x {.phone, .phone_cipher} AS phone, s.start AS start, s.end AS end
}
RETURN role AS 责任类型, name AS 姓名或单位, pid AS 人员编号, rank AS 职级, pol AS 政治面貌,
       unit AS 单位, phone AS 联系电话, start AS 开始日期, end AS 结束日期
ORDER BY CASE role WHEN '包村单位' THEN 0 WHEN '挂点领导' THEN 1 WHEN '第一书记' THEN 2
         WHEN '工作队长' THEN 3 WHEN '工作队员' THEN 4 WHEN '包村干部' THEN 5 WHEN '村党组织书记' THEN 6
         WHEN '责任组长' THEN 7 WHEN '责任组员' THEN 8 ELSE 9 END, 人员编号, 姓名或单位
