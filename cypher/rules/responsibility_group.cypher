// 村脱贫责任组缺少合格组长（responsibility_group，错误）
// 检查：村里至少有一户在册户（户状态不是「已销户」，且 $as_of 当天在名册中），但在 $as_of 当天没有在岗「责任组长」，
// 或在岗组长既不是县处级/乡科级，也不是本村在岗「包村干部」。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v
WHERE NOT EXISTS {
  MATCH (v)<-[a:ASSIGNED_TO]-(p:Person)
  WHERE a.role = '责任组长'
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
    AND (p.rank IN ['县处级', '乡科级'] OR EXISTS {
      MATCH (p)-[c:ASSIGNED_TO]->(v)
      WHERE c.role = '包村干部'
        AND (c.start IS NULL OR c.start <= $as_of) AND (c.end IS NULL OR c.end >= $as_of)
    })
}
AND EXISTS { MATCH (v)<-[l:LIVES_IN]-(h:Household) WHERE h.status <> '已销户' AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
WITH v, COLLECT {
  MATCH (v)<-[a:ASSIGNED_TO]-(p:Person)
  WHERE a.role = '责任组长'
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN DISTINCT p.name
} AS leaders
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '村脱贫责任组缺少合格组长' AS message,
       leaders AS unqualified_leaders
ORDER BY subject_id
