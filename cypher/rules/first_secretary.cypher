// 重点村未配备第一书记（first_secretary，错误）
// 检查：重点村（贫困村、软弱涣散村，或未脱贫/监测对象户不少于 $many_households 户的村）在 $as_of 当天
// 没有在岗的第一书记（ASSIGNED_TO role='第一书记'，开始为空或 ≤ $as_of，结束为空或 ≥ $as_of）。
// 参数：$as_of（Date）、$many_households、$region（区划代码，可为 null = 全部）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
WITH v
WHERE NOT EXISTS {
  MATCH (v)<-[a:ASSIGNED_TO]-(:Person)
  WHERE a.role = '第一书记'
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
}
WITH v, coalesce(v.poor_village, false) AS poor, coalesce(v.weak_org, false) AS weak
// needy households counted only up to the threshold: enough to decide, and cheap on big villages
WITH v, poor, weak,
     CASE WHEN poor OR weak THEN 0 ELSE COUNT {
       MATCH (v)<-[l:LIVES_IN]-(h:Household)
       WHERE h.status IN ['未脱贫', '监测对象'] AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
       RETURN h LIMIT $many_households
     } END AS needy
WHERE poor OR weak OR needy >= $many_households
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       '重点村未配备第一书记' AS message,
       [x IN [CASE WHEN poor THEN '贫困村' END, CASE WHEN weak THEN '软弱涣散村' END,
              CASE WHEN NOT (poor OR weak) THEN '未脱贫/监测对象户≥' + toString($many_households) END]
        WHERE x IS NOT NULL] AS key_reasons
ORDER BY subject_id
