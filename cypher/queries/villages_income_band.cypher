// @title: 村集体经营性收入分档
// @category: 村
// @description: 各村某一年度（空为各村有收入数值的最近年度）的集体经营性收入（万元）及档次：
//   无数据、5 万元以下、5–10 万元、10–50 万元、50 万元及以上；附该年度党群服务中心等级。
// @param year: int | 年度（空为最近年度） | min=2000 | max=2100
// @param band: string | 档次（空为全部） | choices=无数据,5万元以下,5-10万元,10-50万元,50万元及以上
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @display: table
MATCH (v:Village)
WHERE $region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) }
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
WITH t, v, head(COLLECT {
    MATCH (v)<-[:INDICATOR_OF]-(x:VillageIndicator)
    WHERE CASE WHEN $year IS NULL THEN x.collective_income IS NOT NULL ELSE x.year = $year END
    RETURN x ORDER BY x.year DESC LIMIT 1
  }) AS x
WITH t, v, x, x.collective_income AS income
WITH t, v, x, income, CASE
    WHEN income IS NULL THEN '无数据'
    WHEN income < 5 THEN '5万元以下'
    WHEN income < 10 THEN '5-10万元'
    WHEN income < 50 THEN '10-50万元'
    ELSE '50万元及以上' END AS band
WHERE $band IS NULL OR band = $band
RETURN t.name AS 乡镇, v.code AS 村代码, v.name AS 村, coalesce(x.year, $year) AS 年度, income AS 集体经营性收入万元,
       band AS 档次, x.service_center AS 党群服务中心
ORDER BY 村代码
