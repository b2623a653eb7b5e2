// 帮扶措施未落实（monitor_measure_missing，错误；只看记录监测对象的县）
// 检查：$as_of 当天是监测对象的户（有一行监测对象记录：识别日期 ≤ $as_of，且没有风险消除日期 ≤ $as_of），
// 这一行的识别日期早于 $as_of 超过 $monitor_measure_days 天（$as_of − 识别日期 > $monitor_measure_days），
// 而 $as_of 当天没有一项在期的帮扶措施（开始日期 ≤ $as_of，结束日期为空或 ≥ $as_of）。
// 户按 $as_of 当天所在的村（LIVES_IN 在期）归入区划。每户一条。
// 一个县没有任何一行监测对象记录时，该县不报，即使同一图谱中相邻的县有记录（shared/spec/monitoring.md）。
// 参数：$as_of（Date）、$monitor_measure_days、$region（区划代码，可为 null）。
// From the monitoring rows (a few per hundred households; a household's own relationships are a chain of a
// dozen visits, read past to find its rows), or for a region the rows of its villages' households; then
// each row's household and its village on $as_of. A county that keeps no rows has none to start from.
CALL () {
  MATCH (m:Monitoring) WHERE $region IS NULL RETURN m
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(:Village)<-[:LIVES_IN]-(:Household)<-[:MONITORING_OF]-(m:Monitoring)
  RETURN DISTINCT m
}
WITH m
WHERE m.identified_date < $as_of - duration({days: $monitor_measure_days})
  AND (m.eliminated_date IS NULL OR m.eliminated_date > $as_of)
MATCH (m)-[:MONITORING_OF]->(h:Household)-[l:LIVES_IN]->(v:Village)
WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
  AND NOT EXISTS {
    MATCH (h)<-[:MEASURE_FOR]-(x:HelpMeasure)
    WHERE x.start <= $as_of AND (x.end IS NULL OR x.end >= $as_of)
  }
WITH v, h, min(m.identified_date) AS identified_date
RETURN 'household' AS subject_type, h.household_id AS subject_id, h.head_name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '帮扶措施未落实' AS message,
       identified_date, duration.inDays(identified_date, $as_of).days AS days_since_identified
ORDER BY subject_id
