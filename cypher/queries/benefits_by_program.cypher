// @title: 政策享受按项目汇总
// @category: 政策
// @description: 各帮扶项目的享受户数、人次和金额合计，可限定年份和区划，画成柱状图。
// @param year: int | 年份 | min=1990 | max=2100
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @display: bar x=项目 y=金额合计
CALL () {
  MATCH (h:Household) WHERE $region IS NULL RETURN h
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(:Village)<-[:LIVES_IN]-(h:Household) RETURN DISTINCT h
}
MATCH (h)-[r:RECEIVES]->(g:Program)
WHERE $year IS NULL OR r.year = $year
RETURN g.name AS 项目, count(DISTINCT h) AS 户数, count(r) AS 人次, sum(coalesce(r.amount, 0.0)) AS 金额合计
ORDER BY 金额合计 DESC, 项目
