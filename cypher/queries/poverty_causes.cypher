// @title: 致贫原因分布
// @category: 户
// @description: 所选区划（县区、乡镇或村；空为全部）在册户的主要致贫原因，按户数排列，画成柱状图；
//   可只看某一户状态。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param status: string | 户状态 | choices=未脱贫,已脱贫,监测对象,已销户
// @display: bar x=致贫原因 y=户数
MATCH (h:Household)-[:LIVES_IN]->(v:Village)
WHERE ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
  AND ($status IS NULL OR h.status = $status)
  AND ($status IS NOT NULL OR h.status <> '已销户')
RETURN coalesce(h.cause, '未填写') AS 致贫原因, count(h) AS 户数, sum(h.size) AS 人口
ORDER BY 户数 DESC, 致贫原因
