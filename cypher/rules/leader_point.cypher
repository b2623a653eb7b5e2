// 软弱涣散村无县处级挂点领导（leader_point，错误）
// 检查：软弱涣散村在 $as_of 当天没有职级为「县处级」的在岗「挂点领导」。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v
WHERE v.weak_org = true
  AND NOT EXISTS {
    MATCH (v)<-[a:ASSIGNED_TO]-(p:Person)
    WHERE a.role = '挂点领导' AND p.rank = '县处级'
      AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  }
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '软弱涣散村无县处级挂点领导' AS message
ORDER BY subject_id
