// @title: 有劳动力却无开发式帮扶的监测户
// @category: 户
// @description: 截至日期仍是监测对象、有劳动能力人数 ≥ 1，而没有一项在期的开发式帮扶措施（产业帮扶、就业帮扶、
//   公益岗位）的户，连同其在期的措施（没有措施的户也列出）。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (m:Monitoring)-[:MONITORING_OF]->(h:Household)-[lv:LIVES_IN]->(v:Village)
WHERE m.identified_date <= $as_of AND (m.eliminated_date IS NULL OR m.eliminated_date > $as_of)
  AND m.labor >= 1
  AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
WITH v, h, max(m.labor) AS labor, COLLECT {
  MATCH (h)<-[:MEASURE_FOR]-(x:HelpMeasure)
  WHERE x.start <= $as_of AND (x.end IS NULL OR x.end >= $as_of)
  RETURN DISTINCT x.kind AS kind ORDER BY kind
} AS kinds
WHERE none(k IN kinds WHERE k IN ['产业帮扶', '就业帮扶', '公益岗位'])
RETURN v.name AS 村, h.household_id AS 户编号, h.head_name AS 户主, labor AS 有劳动能力人数,
       reduce(s = '', k IN kinds | s + CASE WHEN s = '' THEN '' ELSE '、' END + k) AS 在期措施
ORDER BY 户编号
