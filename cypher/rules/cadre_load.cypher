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
CALL (p) {
  MATCH (p)-[r:HELPS]->(h:Household)
  WHERE h.status <> '已销户'
    AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
    AND EXISTS { (h)-[l:LIVES_IN]->() WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
  RETURN count(DISTINCT h) AS households
}
WITH p, households
WHERE households > $max_households_per_cadre
RETURN 'person' AS subject_type, p.person_id AS subject_id, p.name AS subject_name,
       [] AS region_path, '帮扶户数' + toString(households) + '超过上限' AS message,
       households, $max_households_per_cadre AS limit
ORDER BY subject_id
