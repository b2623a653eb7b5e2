// @title: 第一书记年度评议等次
// @category: 人员
// @description: 第一书记（或村党组织书记、工作队长）各年度述职评议的等次和评议单位，以及在截至日期是否仍在该岗位
//   （第一书记/工作队长：在岗的派驻；村党组织书记：在岗的村党组织书记职务）。按年度、人员编号排列。
// @param role: string | 角色 | default=第一书记 | choices=第一书记,村党组织书记,工作队长
// @param year: int | 年度（空为全部） | min=2000 | max=2100
// @param grade: string | 等次（空为全部） | choices=优秀,称职,基本称职,不称职
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (e:Evaluation {role: $role})-[:EVALUATES]->(p:Person)
WHERE ($year IS NULL OR e.year = $year) AND ($grade IS NULL OR e.grade = $grade)
OPTIONAL MATCH (e)-[:EVALUATED_BY]->(o:Organization)
WITH e, p, o, CASE WHEN $role = '村党组织书记' THEN COLLECT {
    MATCH (p)-[h:HOLDS_POST {is_secretary: true}]->(:PartyOrg)-[:GOVERNS]->(v:Village)
    WHERE (h.start IS NULL OR h.start <= $as_of) AND (h.end IS NULL OR h.end >= $as_of)
    RETURN DISTINCT v.name
  } ELSE COLLECT {
    MATCH (p)-[a:ASSIGNED_TO {role: $role}]->(v:Village)
    WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
    RETURN DISTINCT v.name
  } END AS villages
RETURN e.year AS 年度, p.person_id AS 人员编号, p.name AS 姓名, e.role AS 角色, e.grade AS 等次,
       o.name AS 评议单位, villages AS 在岗村, size(villages) > 0 AS 仍在岗
ORDER BY 年度, 人员编号
