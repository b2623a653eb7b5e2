// 结对帮扶覆盖率（按区划层级）
// 每个 $level_name（'县区'/'乡镇'/'村'）层级的区划一行：在册户数（户状态不是「已销户」，且 $as_of 当天在名册中）、其中在 $as_of 当天
// 有在岗结对帮扶的户数、帮扶干部人数（对本区划在册户有在岗帮扶的不同人员），以及这些人员中帮扶户数最多者
// 的户数（按全图统计）。没有户的区划也列出（户数 0）。
// 参数：$as_of（Date）、$level_name、$region（区划代码，可为 null：只列该区划及其下级）。
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
  CALL (cadres) {
    UNWIND cadres AS c
    CALL (c) {
      MATCH (c)-[hp2:HELPS]->(h2:Household)
      WHERE h2.status <> '已销户'
        AND (hp2.start IS NULL OR hp2.start <= $as_of) AND (hp2.end IS NULL OR hp2.end >= $as_of)
        AND EXISTS { (h2)-[l:LIVES_IN]->() WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
      RETURN count(DISTINCT h2) AS load
    }
    RETURN coalesce(max(load), 0) AS max_load
  }
  RETURN in_scope, covered, size(cadres) AS cadre_count, max_load
}
RETURN r.code AS code, r.name AS name, in_scope AS households_in_scope, covered AS households_covered,
       cadre_count AS cadres, max_load
ORDER BY code
