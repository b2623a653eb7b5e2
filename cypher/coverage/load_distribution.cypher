// 帮扶干部负担分布：帮扶户数 → 干部人数
// 对 $region 内（null = 全部）在册户（户状态不是「已销户」，且 $as_of 当天在名册中）在 $as_of 当天有在岗结对帮扶的每位人员，
// 按全图统计其帮扶的不同在册户数，再按户数汇总人数。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  // the whole graph: the status index gives the in-scope households (every status but 已销户)
  MATCH (h:Household) WHERE $region IS NULL AND h.status IN ['未脱贫', '已脱贫', '监测对象']
    AND EXISTS { (h)-[l:LIVES_IN]->() WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
  RETURN h
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(:Village)<-[l:LIVES_IN]-(h:Household)
  WHERE h.status <> '已销户' AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  RETURN h
}
WITH h
MATCH (h)<-[hp:HELPS]-(p:Person)
WHERE (hp.start IS NULL OR hp.start <= $as_of) AND (hp.end IS NULL OR hp.end >= $as_of)
WITH DISTINCT p
CALL (p) {
  MATCH (p)-[hp2:HELPS]->(h2:Household)
  WHERE h2.status <> '已销户'
    AND (hp2.start IS NULL OR hp2.start <= $as_of) AND (hp2.end IS NULL OR hp2.end >= $as_of)
    AND EXISTS { (h2)-[l:LIVES_IN]->() WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
  RETURN count(DISTINCT h2) AS households
}
RETURN households, count(p) AS cadres
ORDER BY households
