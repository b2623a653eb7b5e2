// @title: 各乡镇监测对象的类型和风险
// @category: 户
// @description: 截至日期仍是监测对象的户（已识别、风险未消除），按乡镇、监测类型和风险类型计户数；一户有几种风险
//   就在几种风险下各计一次，只给户数，不列户（风险类型属敏感个人信息，shared/spec/monitoring.md）。
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (m:Monitoring)-[:MONITORING_OF]->(h:Household)-[lv:LIVES_IN]->(:Village)-[:PART_OF]->(t:Township)
WHERE m.identified_date <= $as_of AND (m.eliminated_date IS NULL OR m.eliminated_date > $as_of)
  AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
UNWIND CASE WHEN m.risks IS NULL THEN ['未填写'] ELSE split(m.risks, '、') END AS risk
RETURN t.code AS 乡镇代码, t.name AS 乡镇, m.category AS 监测类型, risk AS 风险类型, count(DISTINCT h) AS 户数
ORDER BY 乡镇代码, 监测类型, 户数 DESC, 风险类型
