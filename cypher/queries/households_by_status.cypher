// @title: 帮扶对象按户状态统计
// @category: 户
// @description: 所选区划内截至日期在名册中的帮扶对象户数和人口，按户状态（未脱贫、已脱贫、监测对象、已销户）统计。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: bar x=户状态 y=户数
MATCH (h:Household)-[lv:LIVES_IN]->(v:Village)
WHERE ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
  AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
RETURN h.status AS 户状态, count(h) AS 户数, sum(h.size) AS 人口
ORDER BY CASE 户状态 WHEN '未脱贫' THEN 0 WHEN '监测对象' THEN 1 WHEN '已脱贫' THEN 2 ELSE 3 END
