// 帮扶措施未落实（monitor_measure_missing，错误；只看记录监测对象的县）
// 检查：$as_of 当天是监测对象的户（有一行监测对象记录：识别日期 ≤ $as_of，且没有风险消除日期 ≤ $as_of），
// 这一行的识别日期早于 $as_of 超过 $monitor_measure_days 天（$as_of − 识别日期 > $monitor_measure_days），
// 而 $as_of 当天没有一项在期的帮扶措施（开始日期 ≤ $as_of，结束日期为空或 ≥ $as_of）。
// 户按 $as_of 当天所在的村（LIVES_IN 在期）归入区划。每户一条。
// 一个县没有任何一行监测对象记录时，该县不报，即使同一图谱中相邻的县有记录（shared/spec/monitoring.md）。
// 参数：$as_of（Date）、$monitor_measure_days、$region（区划代码，可为 null）。
// the counties that keep monitoring rows, read from the rows' side once (from each county's side, a
// county that keeps none is known only after walking every one of its households)
CALL () {
  MATCH (:Monitoring)-[:MONITORING_OF]->(:Household)-[:LIVES_IN]->(:Village)-[:PART_OF*0..2]->(c:Region)
  WHERE NOT (c)-[:PART_OF]->()
  RETURN collect(DISTINCT c) AS keeping
}
WITH keeping WHERE keeping <> []
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
// the county of each village (its top region), each decided once
WITH keeping, v, head(COLLECT { MATCH (v)-[:PART_OF*0..2]->(c:Region) WHERE NOT (c)-[:PART_OF]->() RETURN c }) AS county
WITH keeping, county, collect(v) AS villages
WHERE county IN keeping
UNWIND villages AS v
MATCH (v)<-[l:LIVES_IN]-(h:Household)<-[:MONITORING_OF]-(m:Monitoring)
WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  AND m.identified_date < $as_of - duration({days: $monitor_measure_days})
  AND (m.eliminated_date IS NULL OR m.eliminated_date > $as_of)
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
