// @title: 帮扶干部负担排名
// @category: 人员
// @description: 在截至日期帮扶在册户（不含已销户和已移出名册的户）最多的帮扶责任人，可限定区划（按户所在地），画成柱状图。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @param top: int | 显示前几名 | default=20 | min=1 | max=1000
// @display: bar x=姓名 y=帮扶户数
MATCH (p:Person)-[r:HELPS]->(h:Household)-[lv:LIVES_IN]->(v:Village)
WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
WITH p, o, count(DISTINCT h) AS households, sum(h.size) AS people
RETURN p.person_id AS 人员编号, p.name AS 姓名, o.name AS 工作单位, households AS 帮扶户数, people AS 帮扶人口
ORDER BY 帮扶户数 DESC, 人员编号
LIMIT $top
