// @title: 任期即将届满的第一书记
// @category: 人员
// @description: 截至日期在岗、任期在 N 天内（含当天）结束的第一书记（或工作队长），以及同村是否已有接续人选。
// @param days: int | 天数 | default=30 | min=0 | max=3650
// @param role: string | 责任类型 | default=第一书记 | choices=第一书记,工作队长
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (p:Person)-[a:ASSIGNED_TO {role: $role}]->(v:Village)
WHERE (a.start IS NULL OR a.start <= $as_of)
  AND a.end >= $as_of AND a.end <= $as_of + duration({days: $days})
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
OPTIONAL MATCH (u:Unit {code: a.unit_code})
WITH p, a, v, t, u, COLLECT {
  MATCH (v)<-[b:ASSIGNED_TO {role: $role}]-(n:Person)
  WHERE n <> p AND (b.end IS NULL OR b.end > a.end)
    AND (b.start IS NULL OR b.start <= a.end + duration({days: 1}))
  RETURN DISTINCT n.name
} AS successors
RETURN t.name AS 乡镇, v.name AS 村, p.name AS 姓名, u.name AS 派出单位, p {.phone, .phone_cipher} AS 联系电话,
       a.start AS 任期开始, a.end AS 任期结束, duration.inDays($as_of, a.end).days AS 剩余天数,
       successors AS 接续人选
ORDER BY 任期结束, 村
