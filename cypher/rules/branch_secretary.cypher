// 村党组织书记空缺（branch_secretary，错误）
// 检查：村没有这样的党组织：类型为「党支部」或「党总支」、所在区划就是本村（GOVERNS），且在 $as_of 当天
// 有人在该组织担任书记（HOLDS_POST is_secretary = true，在任）。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v
WHERE NOT EXISTS {
  MATCH (v)<-[:GOVERNS]-(o:PartyOrg)<-[post:HOLDS_POST]-(:Person)
  WHERE o.kind IN ['党支部', '党总支'] AND post.is_secretary = true
    AND (post.start IS NULL OR post.start <= $as_of) AND (post.end IS NULL OR post.end >= $as_of)
}
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '村党组织书记空缺' AS message,
       EXISTS { (v)<-[:GOVERNS]-(o:PartyOrg) WHERE o.kind IN ['党支部', '党总支'] } AS has_branch
ORDER BY subject_id
