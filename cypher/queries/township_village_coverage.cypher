// @title: 乡镇各村帮扶覆盖率排名
// @category: 村
// @description: 所选乡镇每个村在截至日期的在册户、已落实在岗帮扶责任人的户、覆盖率和帮扶干部人数，
//   覆盖率从低到高排列（没有在册户的村排在最后）。
// @param township: township | 乡镇 | required | choices=@townships
// @param as_of: date | 截至日期 | default=today
// @display: bar x=村 y=覆盖率
MATCH (:Township {code: $township})<-[:PART_OF]-(v:Village)
CALL (v) {
  OPTIONAL MATCH (v)<-[lv:LIVES_IN]-(h:Household) WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  OPTIONAL MATCH (h)<-[r:HELPS]-(p:Person)
    WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN count(DISTINCT h) AS in_scope, count(DISTINCT CASE WHEN p IS NOT NULL THEN h END) AS covered,
         count(DISTINCT p) AS cadres
}
RETURN v.code AS 村代码, v.name AS 村, in_scope AS 在册户, covered AS 已落实户,
       CASE WHEN in_scope = 0 THEN null ELSE round(toFloat(covered) / in_scope, 4) END AS 覆盖率,
       cadres AS 帮扶干部
ORDER BY 覆盖率 IS NULL, 覆盖率, 村代码
