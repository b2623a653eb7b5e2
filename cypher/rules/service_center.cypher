// 党群服务中心不达标（service_center，警告；只看记录村级指标的县）
// 检查：村最近一个填了党群服务中心等次的年度（不晚于 $as_of 所在年度）为「不达标」。没有填过的村不报。
// 一个县的村都没有村级指标记录时，该县不报，即使同一图谱中相邻的县有记录。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
// the county of each village (its top region); the counties that keep indicators, each decided once
WITH v, head(COLLECT { MATCH (v)-[:PART_OF*0..2]->(c:Region) WHERE NOT (c)-[:PART_OF]->() RETURN c }) AS county
WITH county, collect(v) AS villages
WHERE EXISTS { (county)<-[:PART_OF*0..2]-(:Village)<-[:INDICATOR_OF]-(:VillageIndicator) }
UNWIND villages AS v
WITH v, head(COLLECT {
  MATCH (v)<-[:INDICATOR_OF]-(x:VillageIndicator)
  WHERE x.service_center IS NOT NULL AND x.year <= $as_of.year
  RETURN x ORDER BY x.year DESC LIMIT 1
}) AS latest
WHERE latest.service_center = '不达标'
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '党群服务中心不达标' AS message,
       latest.year AS year, latest.service_center AS service_center
ORDER BY subject_id
