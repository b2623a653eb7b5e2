// @title: 致贫原因分布
// @category: 户
// @description: 所选区划（县区、乡镇或村；空为全部）截至日期在册户的主要致贫原因，按户数排列，画成柱状图；
//   可只看某一户状态。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param status: string | 户状态 | choices=未脱贫,已脱贫,监测对象,已销户
// @param as_of: date | 截至日期 | default=today
// @display: bar x=致贫原因 y=户数
MATCH (h:Household)-[lv:LIVES_IN]->(v:Village)
WHERE ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
  AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  AND ($status IS NULL OR h.status = $status)
  AND ($status IS NOT NULL OR h.status <> '已销户')
RETURN coalesce(h.cause, '未填写') AS 致贫原因, count(h) AS 户数, sum(h.size) AS 人口
ORDER BY 户数 DESC, 致贫原因
