// 检查汇总：村数、在册户数、已落实结对帮扶的户数
// 在 $region 内（null = 全部）的村数；在册户（户状态不是「已销户」，且 $as_of 当天在名册中）数；其中在 $as_of 当天有在岗结对帮扶的户数。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  MATCH (v:Village) WHERE $region IS NULL RETURN v
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village) RETURN v
}
CALL (v) {
  OPTIONAL MATCH (v)<-[l:LIVES_IN]-(h:Household)
  WHERE h.status <> '已销户' AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of)
  RETURN count(h) AS in_scope,
         count(CASE WHEN EXISTS {
           MATCH (h)<-[hp:HELPS]-()
           WHERE (hp.start IS NULL OR hp.start <= $as_of) AND (hp.end IS NULL OR hp.end >= $as_of)
         } THEN 1 END) AS covered
}
RETURN count(v) AS villages, sum(in_scope) AS households_in_scope, sum(covered) AS households_covered
