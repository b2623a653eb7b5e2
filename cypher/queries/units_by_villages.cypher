// @title: 单位包村数排名
// @category: 单位
// @description: 各单位在截至日期作为包村单位联系的村数，以及派出（任命上注明派出单位）的在岗驻村人员数，
//   按包村数从多到少排列。
// @param as_of: date | 截至日期 | default=today
// @param top: int | 显示前几名 | default=20 | min=1 | max=1000
// @display: bar x=单位 y=包村数
MATCH (u:Unit)
CALL (u) {
  OPTIONAL MATCH (u)-[a:ASSIGNED_TO {role: '包村单位'}]->(v:Village)
  WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN count(DISTINCT v) AS villages, collect(DISTINCT v.name) AS names
}
CALL (u) {
  OPTIONAL MATCH (p:Person)-[a:ASSIGNED_TO]->(:Village)
  WHERE a.unit_code = u.code
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN count(DISTINCT p) AS dispatched
}
WITH u, villages, names, dispatched WHERE villages > 0 OR dispatched > 0
RETURN u.code AS 单位代码, u.name AS 单位, u.kind AS 类型, villages AS 包村数, names AS 所包村,
       dispatched AS 派出驻村人员
ORDER BY 包村数 DESC, 派出驻村人员 DESC, 单位代码
LIMIT $top
