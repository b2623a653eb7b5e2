// 贫困村驻村工作队不健全（work_team，错误）
// 检查：贫困村在 $as_of 当天没有健全的驻村工作队：至少一名在岗「工作队长」，且在岗队长与「工作队员」
// 合计（同一人只算一次）不少于 $min_team_size 人。
// 参数：$as_of（Date）、$min_team_size、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v WHERE v.poor_village = true
CALL (v) {
  OPTIONAL MATCH (v)<-[a:ASSIGNED_TO]-(p:Person)
  WHERE a.role IN ['工作队长', '工作队员']
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN count(DISTINCT CASE WHEN a.role = '工作队长' THEN p END) AS leaders,
         count(DISTINCT p) AS members
}
WITH v, leaders, members
WHERE leaders = 0 OR members < $min_team_size
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '贫困村驻村工作队不健全' AS message,
       leaders AS team_leaders, members AS team_size
ORDER BY subject_id
