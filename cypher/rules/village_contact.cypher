// 未落实包村干部（village_contact，错误）
// 检查：村在 $as_of 当天没有在岗的「包村干部」。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v
WHERE NOT EXISTS {
  MATCH (v)<-[a:ASSIGNED_TO]-(:Person)
  WHERE a.role = '包村干部'
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
}
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '未落实包村干部' AS message
ORDER BY subject_id
