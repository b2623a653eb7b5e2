// 非重点村未明确党建联系人（party_liaison，错误）
// 检查：不是重点村（非贫困村、非软弱涣散村、未脱贫/监测对象户少于 $many_households 户）的村，在 $as_of
// 当天既没有在岗第一书记，也没有在岗「党建联系人」或「党建指导员」。
// 参数：$as_of（Date）、$many_households、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v
WHERE NOT coalesce(v.poor_village, false) AND NOT coalesce(v.weak_org, false)
  AND NOT EXISTS {
    MATCH (v)<-[a:ASSIGNED_TO]-(:Person)
    WHERE a.role IN ['第一书记', '党建联系人', '党建指导员']
      AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  }
// needy households counted only up to the threshold: enough to decide a key village
WITH v, COUNT {
  MATCH (v)<-[l:LIVES_IN]-(h:Household)
       WHERE h.status IN ['未脱贫', '监测对象'] AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  RETURN h LIMIT $many_households
} AS needy
WHERE needy < $many_households
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '非重点村未明确党建联系人' AS message
ORDER BY subject_id
