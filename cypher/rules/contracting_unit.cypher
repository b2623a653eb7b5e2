// 贫困村无包村单位（contracting_unit，错误）
// 检查：贫困村在 $as_of 当天没有在岗的「包村单位」（Unit -[:ASSIGNED_TO {role:'包村单位'}]-> 村）。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v
WHERE v.poor_village = true
  AND NOT EXISTS {
    MATCH (v)<-[a:ASSIGNED_TO]-(:Unit)
    WHERE a.role = '包村单位'
      AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  }
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '贫困村无包村单位' AS message
ORDER BY subject_id
