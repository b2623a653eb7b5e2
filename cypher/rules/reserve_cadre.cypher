// 村无后备干部（reserve_cadre，警告；只看记录后备干部的县）
// 检查：村在 $as_of 当天没有在库的后备干部（Person -[:RESERVE_CADRE_OF]-> 村，入库日期为空或 ≤ $as_of，
// 出库日期为空或 ≥ $as_of）。一个县的村都没有后备干部记录时，该县不报（该县不记后备干部），即使同一图谱中
// 相邻的县有记录。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
// the county of each village (its top region); the counties that keep reserve cadres, each decided once
WITH v, head(COLLECT { MATCH (v)-[:PART_OF*0..2]->(c:Region) WHERE NOT (c)-[:PART_OF]->() RETURN c }) AS county
WITH county, collect(v) AS villages
WHERE EXISTS { (county)<-[:PART_OF*0..2]-(:Village)<-[:RESERVE_CADRE_OF]-(:Person) }
UNWIND villages AS v
WITH v
WHERE NOT EXISTS {
  MATCH (v)<-[c:RESERVE_CADRE_OF]-(:Person)
  WHERE (c.start IS NULL OR c.start <= $as_of) AND (c.end IS NULL OR c.end >= $as_of)
}
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '村无后备干部' AS message,
       COLLECT {
         MATCH (v)<-[c:RESERVE_CADRE_OF]-(p:Person)
         RETURN p.name + '（' + coalesce(toString(c.start), '') + '—' + coalesce(toString(c.end), '') + '）' AS who
         ORDER BY who
       } AS former
ORDER BY subject_id
