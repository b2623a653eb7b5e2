// 第一书记不是中共党员（first_secretary_party_member，错误）
// 检查：在 $as_of 当天有在岗第一书记任命（ASSIGNED_TO role='第一书记'）的人员，其政治面貌不是「中共党员」
// （预备党员、群众、未填写都算违反）。
// 参数：$as_of（Date）、$region（区划代码，可为 null：只看任命到该区划内村的人员）。
MATCH (p:Person)-[a:ASSIGNED_TO]->(v:Village)
WHERE a.role = '第一书记'
  AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  AND coalesce(p.political_status, '') <> '中共党员'
  AND ($region IS NULL OR EXISTS { MATCH (v)-[:PART_OF*0..2]->(r:Region) WHERE r.code = $region })
WITH p, collect(DISTINCT v.name) AS villages
RETURN 'person' AS subject_type, p.person_id AS subject_id, p.name AS subject_name,
       [] AS region_path, '第一书记不是中共党员' AS message,
       p.political_status AS political_status, villages
ORDER BY subject_id
