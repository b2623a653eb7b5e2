// @title: 待识别的监测线索
// @category: 户
// @description: 截至日期尚未识别、也未核实不纳入的防返贫监测线索（线索日期不晚于截至日期），及已等待的天数，
//   等待最久的在前（shared/spec/monitoring.md）。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (m:Monitoring)-[:MONITORING_OF]->(h:Household)-[lv:LIVES_IN]->(v:Village)
WHERE m.clue_date <= $as_of
  AND (m.identified_date IS NULL OR m.identified_date > $as_of)
  AND (m.dismissed_date IS NULL OR m.dismissed_date > $as_of)
  AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
MATCH (v)-[:PART_OF]->(t:Township)
RETURN t.name AS 乡镇, v.name AS 村, h.household_id AS 户编号, h.head_name AS 户主, m.clue_date AS 线索日期,
       m.source AS 线索来源, duration.inDays(m.clue_date, $as_of).days AS 已等待天数
ORDER BY 已等待天数 DESC, 户编号
