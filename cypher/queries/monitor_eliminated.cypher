// @title: 风险消除的监测户
// @category: 户
// @description: 风险消除日期在所选期间（两端都含）的监测户，及从识别到风险消除的天数。
// @param since: date | 开始日期 | required
// @param until: date | 结束日期 | default=today
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @display: table
MATCH (m:Monitoring)-[:MONITORING_OF]->(h:Household)-[:LIVES_IN]->(v:Village)
WHERE m.eliminated_date >= $since AND m.eliminated_date <= $until
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
WITH DISTINCT v, h, m
RETURN v.name AS 村, h.household_id AS 户编号, h.head_name AS 户主, m.category AS 监测类型,
       m.identified_date AS 识别日期, m.eliminated_date AS 风险消除日期,
       duration.inDays(m.identified_date, m.eliminated_date).days AS 监测天数
ORDER BY 风险消除日期, 户编号
