// 帮扶干部负担过重（cadre_load，警告）
// 检查：在 $as_of 当天结对帮扶的在册户（户状态不是「已销户」且当天在名册中，同一户只算一次）超过
// $max_households_per_cadre 户的人员；户数按全图统计，不只统计所选区划。
// 参数：$as_of（Date）、$max_households_per_cadre、$region（区划代码，可为 null：只看在该区划内有在岗帮扶的人员）。
CALL () {
  // only people with more HELPS relationships than the limit can exceed it (degree is cheap)
  MATCH (p:Person) WHERE $region IS NULL AND COUNT { (p)-[:HELPS]->() } > $max_households_per_cadre
  RETURN p
  UNION
  // a region: its households, walked down from the region once (not the region searched per person)
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)<-[r:HELPS]-(p:Person)
  WHERE h.status <> '已销户'
    AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
    AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
    AND COUNT { (p)-[:HELPS]->() } > $max_households_per_cadre
  RETURN DISTINCT p
}
// The households not on the roster on $as_of, once: every household row names its village, so only a
// household whose LIVES_IN is dated (found by the relationship indexes lives_in_start / lives_in_end) can
// be off it, as in coverage/scope_counts; a cadre's households are then counted without walking each
// household's chain of a dozen visits to its LIVES_IN.
WITH collect(p) AS cadres
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
UNWIND cadres AS p
CALL (p, off_roster) {
  MATCH (p)-[r:HELPS]->(h:Household)
  WHERE h.status <> '已销户'
    AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
    AND NOT h IN off_roster
  RETURN count(DISTINCT h) AS households
}
WITH p, households
WHERE households > $max_households_per_cadre
RETURN 'person' AS subject_type, p.person_id AS subject_id, p.name AS subject_name,
       [] AS region_path, '帮扶户数' + toString(households) + '超过上限' AS message,
       households, $max_households_per_cadre AS limit
ORDER BY subject_id
