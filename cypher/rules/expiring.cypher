// 第一书记/工作队长任期即将届满且无接续安排（expiring，警告）
// 检查：在 $as_of 当天在岗的「第一书记」或「工作队长」任命，结束日期在 $as_of 至 $as_of + $expiring_days 天之间
// （两端都含），且结束后的第二天本村没有同一角色的在岗任命（无人接续）。
// 参数：$as_of（Date）、$expiring_days、$region（区划代码，可为 null）。
MATCH (p:Person)-[a:ASSIGNED_TO]->(v:Village)
WHERE a.role IN ['第一书记', '工作队长']
  AND a.end >= $as_of AND a.end <= $as_of + duration({days: $expiring_days})
  AND (a.start IS NULL OR a.start <= $as_of)
  AND ($region IS NULL OR EXISTS { MATCH (v)-[:PART_OF*0..2]->(rg:Region) WHERE rg.code = $region })
WITH p, a, v, a.end + duration({days: 1}) AS day_after
WHERE NOT EXISTS {
  MATCH (v)<-[b:ASSIGNED_TO]-()
  WHERE b.role = a.role
    AND (b.start IS NULL OR b.start <= day_after) AND (b.end IS NULL OR b.end >= day_after)
}
WITH v, a, p ORDER BY CASE a.role WHEN '第一书记' THEN 0 ELSE 1 END, a.end
WITH v, collect(DISTINCT a.role) AS roles, collect(p.name) AS persons, collect(a.end) AS ends
RETURN 'village' AS subject_type, v.code AS subject_id, v.name AS subject_name,
       coalesce(head(COLLECT {
         MATCH p = (v)-[:PART_OF*0..3]->(top:Region) WHERE NOT (top)-[:PART_OF]->()
         RETURN [n IN reverse(nodes(p)) | n.name] AS names
       }), [v.name]) AS region_path,
       reduce(s = '', r IN roles | s + CASE WHEN s = '' THEN '' ELSE '、' END + r)
         + '任期即将届满且无接续安排' AS message,
       roles, persons, [e IN ends | toString(e)] AS end_dates
ORDER BY subject_id
