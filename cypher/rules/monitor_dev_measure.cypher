// 有劳动力未落实开发式帮扶（monitor_dev_measure，警告；只看记录监测对象的县）
// 检查：$as_of 当天是监测对象的户（有一行监测对象记录：识别日期 ≤ $as_of，且没有风险消除日期 ≤ $as_of），
// 这一行的识别日期早于 $as_of 超过 $monitor_measure_days 天，有劳动能力人数 ≥ 1；户在 $as_of 当天至少
// 有一项在期的帮扶措施（开始日期 ≤ $as_of，结束日期为空或 ≥ $as_of），却没有一项是开发式帮扶
// （产业帮扶、就业帮扶、公益岗位：graph/roster/vocabularies.py DEVELOPMENTAL_MEASURES）。
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
  AND m.labor >= 1
MATCH (m)-[:MONITORING_OF]->(h:Household)-[l:LIVES_IN]->(v:Village)
WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  AND ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
WITH v, h, max(m.labor) AS labor
WITH v, h, labor, COLLECT {
  MATCH (h)<-[:MEASURE_FOR]-(x:HelpMeasure)
  WHERE x.start <= $as_of AND (x.end IS NULL OR x.end >= $as_of)
  RETURN DISTINCT x.kind AS kind ORDER BY kind
} AS kinds
WHERE size(kinds) > 0 AND none(k IN kinds WHERE k IN ['产业帮扶', '就业帮扶', '公益岗位'])
RETURN 'household' AS subject_type, h.household_id AS subject_id, h.head_name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '有劳动力未落实开发式帮扶' AS message,
       labor, kinds AS measure_kinds
ORDER BY subject_id
