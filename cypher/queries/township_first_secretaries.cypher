// @title: 乡镇第一书记及任期
// @category: 人员
// @description: 所选乡镇各村在截至日期在岗的第一书记：派出单位、任期起止和距任期结束的天数；
//   没有第一书记的村也列出（第一书记一栏为空）。
// @param township: township | 乡镇 | required | choices=@townships
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (t:Township {code: $township})<-[:PART_OF]-(v:Village)
OPTIONAL MATCH (v)<-[a:ASSIGNED_TO {role: '第一书记'}]-(p:Person)
  WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
OPTIONAL MATCH (u:Unit {code: a.unit_code})
OPTIONAL MATCH (p)-[:WORKS_AT]->(w:Organization)
WITH v, p, a, coalesce(u.name, w.name) AS unit
RETURN v.code AS 村代码, v.name AS 村, p.name AS 第一书记, p.political_status AS 政治面貌,
       unit AS 派出单位, p {.phone, .phone_cipher} AS 联系电话, a.start AS 任期开始, a.end AS 任期结束,
       CASE WHEN a.end IS NULL THEN null ELSE duration.inDays($as_of, a.end).days END AS 剩余天数
ORDER BY 村代码, 任期结束
