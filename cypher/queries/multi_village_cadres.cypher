// @title: 在多个村担任职责的干部
// @category: 人员
// @description: 在截至日期在不少于 N 个村有在岗责任分工的人员（可限定一种角色），列出村和角色。
// @param min_villages: int | 最少村数 | default=2 | min=2
// @param role: string | 责任类型 | choices=第一书记,工作队长,工作队员,包村干部,挂点领导,党建联系人,党建指导员,责任组长,责任组员
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (p:Person)-[a:ASSIGNED_TO]->(v:Village)
WHERE ($role IS NULL OR a.role = $role)
  AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
WITH p, v, collect(DISTINCT a.role) AS roles ORDER BY v.code
WITH p, collect(v.name + '（' + reduce(s = '', r IN roles | s + CASE WHEN s = '' THEN '' ELSE '、' END + r) + '）') AS places,
     count(v) AS villages
WHERE villages >= $min_villages
RETURN p.person_id AS 人员编号, p.name AS 姓名, p.rank AS 职级, villages AS 村数, places AS 村及角色
ORDER BY 村数 DESC, 人员编号
