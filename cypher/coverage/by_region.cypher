// 结对帮扶覆盖率（按区划层级）
// 每个 $level_name（'县区'/'乡镇'/'村'）层级的区划一行：在册户数（户状态不是「已销户」，且 $as_of 当天在名册中）、其中在 $as_of 当天
// 有在岗结对帮扶的户数、帮扶干部人数（对本区划在册户有在岗帮扶的不同人员），以及这些人员中帮扶户数最多者
// 的户数（按全图统计）。没有户的区划也列出（户数 0）。
// 参数：$as_of（Date）、$level_name、$region（区划代码，可为 null：只列该区划及其下级）。
// The households not on the roster on $as_of, once: every household row names its village, so only a
// household whose LIVES_IN is dated (the relationship indexes lives_in_start / lives_in_end) can be off it
// (as in coverage/scope_counts and rules/cadre_load); a cadre's load is then counted without walking each
// of its households' chains of a dozen visits to their LIVES_IN.
CALL () {
  CALL () {
    MATCH (h:Household)-[l:LIVES_IN]->() WHERE l.end IS NOT NULL RETURN h
    UNION
    MATCH (h:Household)-[l:LIVES_IN]->() WHERE l.start IS NOT NULL RETURN h
  }
  WITH h
  WHERE NOT EXISTS { (h)-[l:LIVES_IN]->() WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
  RETURN collect(h) AS off_roster
}
CALL () {
  MATCH (r:Region) WHERE $region IS NULL AND r.level = $level_name RETURN r
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(r:Region) WHERE r.level = $level_name RETURN r
}
CALL (r) {
  OPTIONAL MATCH (r)<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)
  WHERE h.status <> '已销户' AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  OPTIONAL MATCH (h)<-[hp:HELPS]-(p:Person)
  WHERE (hp.start IS NULL OR hp.start <= $as_of) AND (hp.end IS NULL OR hp.end >= $as_of)
  WITH count(DISTINCT h) AS in_scope, count(DISTINCT CASE WHEN p IS NOT NULL THEN h END) AS covered,
       collect(DISTINCT p) AS cadres
  RETURN in_scope, covered, cadres
}
WITH off_roster, r, in_scope, covered, cadres
CALL (cadres, off_roster) {
  UNWIND cadres AS c
  CALL (c, off_roster) {
    MATCH (c)-[hp2:HELPS]->(h2:Household)
    WHERE h2.status <> '已销户'
      AND (hp2.start IS NULL OR hp2.start <= $as_of) AND (hp2.end IS NULL OR hp2.end >= $as_of)
      AND NOT h2 IN off_roster
    RETURN count(DISTINCT h2) AS load
  }
  RETURN coalesce(max(load), 0) AS max_load
}
RETURN r.code AS code, r.name AS name, in_scope AS households_in_scope, covered AS households_covered,
       size(cadres) AS cadres, max_load
ORDER BY code
