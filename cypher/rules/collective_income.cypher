// 村集体经营性收入低于下限（collective_income，警告；只看记录村级指标的县）
// 检查：村最近一个填了集体经营性收入的年度（不晚于 $as_of 所在年度）收入低于 $min_collective_income 万元，
// 或没有任何年度填了收入。一个县的村都没有村级指标记录时，该县不报，即使同一图谱中相邻的县有记录。
// 参数：$as_of（Date）、$min_collective_income（万元）、$region（区划代码，可为 null）。
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
  WHERE x.collective_income IS NOT NULL AND x.year <= $as_of.year
  RETURN x ORDER BY x.year DESC LIMIT 1
}) AS latest
WHERE latest IS NULL OR latest.collective_income < $min_collective_income
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '村集体经营性收入低于下限' AS message,
       latest.year AS year, latest.collective_income AS collective_income, $min_collective_income AS limit
ORDER BY subject_id
