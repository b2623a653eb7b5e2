// 检查范围：村数与在册户数
// $region 内（null = 全部）的村数和在册户（户状态不是「已销户」，且 $as_of 当天在名册中）数。全图时用计数与状态
// 索引，不逐户读取：只有 LIVES_IN 带日期的户（快照导入移出或新增的户，由关系索引找到）才可能不在名册中，逐一核对。
// 参数：$as_of（Date）、$region（区划代码，可为 null）。
CALL () {
  WITH 1 AS whole WHERE $region IS NULL
  CALL () {
    CALL () {
      MATCH (h:Household)-[l:LIVES_IN]->() WHERE l.end IS NOT NULL RETURN h
      UNION
      MATCH (h:Household)-[l:LIVES_IN]->() WHERE l.start IS NOT NULL RETURN h
    }
    WITH h WHERE h.status <> '已销户'
      AND NOT EXISTS { (h)-[l:LIVES_IN]->() WHERE (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }
    RETURN count(h) AS off_roster
  }
  RETURN COUNT { (:Village) } AS villages,
         COUNT { (:Household) } - COUNT { MATCH (h:Household) WHERE h.status = '已销户' } - off_roster AS in_scope
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village)
  RETURN count(v) AS villages,
         sum(COUNT { MATCH (v)<-[l:LIVES_IN]-(h:Household)
                     WHERE h.status <> '已销户'
                       AND (l.start IS NULL OR l.start <= $as_of) AND (l.end IS NULL OR l.end >= $as_of) }) AS in_scope
}
RETURN sum(villages) AS villages, sum(in_scope) AS households_in_scope
