// 述职评议不称职仍在岗（evaluation_unfit，错误）
// 检查：人员某一角色最近一个评议年度（不晚于 $as_of 所在年度）的等次是「不称职」（「差」在导入时已读作
// 「不称职」），而在 $as_of 当天仍担任该角色：第一书记、工作队长看在岗任命（ASSIGNED_TO 同一角色），
// 村党组织书记看在任的村党组织（党支部/党总支，所在区划为村）书记职务（HOLDS_POST is_secretary）。
// 之后年度的评议（如次年评为称职）取代之前的不称职。
// 参数：$as_of（Date）、$region（区划代码，可为 null：只看在该区划内的村担任该角色的人员）。
MATCH (e:Evaluation)-[:EVALUATES]->(p:Person)
WHERE e.grade = '不称职' AND e.year <= $as_of.year
  AND NOT EXISTS {
    MATCH (later:Evaluation)-[:EVALUATES]->(p)
    WHERE later.role = e.role AND later.year > e.year AND later.year <= $as_of.year
  }
CALL (e, p) {
  MATCH (p)-[a:ASSIGNED_TO]->(v:Village)
  WHERE e.role IN ['第一书记', '工作队长'] AND a.role = e.role
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN v
  UNION
  MATCH (p)-[post:HOLDS_POST]->(o:PartyOrg)-[:GOVERNS]->(v:Village)
  WHERE e.role = '村党组织书记' AND post.is_secretary = true AND o.kind IN ['党支部', '党总支']
    AND (post.start IS NULL OR post.start <= $as_of) AND (post.end IS NULL OR post.end >= $as_of)
  RETURN v
}
WITH p, e, v
WHERE $region IS NULL OR EXISTS { MATCH (v)-[:PART_OF*0..2]->(r:Region) WHERE r.code = $region }
WITH p, collect(DISTINCT e.role) AS roles, collect(DISTINCT e.year) AS years, collect(DISTINCT v.name) AS villages
RETURN 'person' AS subject_type, p.person_id AS subject_id, p.name AS subject_name,
       [] AS region_path, '评议不称职仍在岗' AS message,
       roles, years, villages
ORDER BY subject_id
