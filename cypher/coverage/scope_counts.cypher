// 检查范围：村数与在册户数
// $region 内（null = 全部）的村数和在册户（户状态不是「已销户」）数。全图时用计数与状态索引，不逐户读取。
// 参数：$region（区划代码，可为 null）。
CALL () {
  WITH 1 AS whole WHERE $region IS NULL
  RETURN COUNT { (:Village) } AS villages,
         COUNT { (:Household) } - COUNT { MATCH (h:Household) WHERE h.status = '已销户' } AS in_scope
  UNION ALL
  MATCH (:Region {code: $region})<-[:PART_OF*0..2]-(v:Village)
  RETURN count(v) AS villages,
         sum(COUNT { MATCH (v)<-[:LIVES_IN]-(h:Household) WHERE h.status <> '已销户' }) AS in_scope
}
RETURN sum(villages) AS villages, sum(in_scope) AS households_in_scope
