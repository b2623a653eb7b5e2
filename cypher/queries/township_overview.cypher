// @title: 各乡镇概况
// @category: 综合
// @description: 每个乡镇的村数、贫困村数、软弱涣散村数、在册户与人口、截至日期在岗的第一书记人数和帮扶干部人数。
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (t:Township)
CALL (t) {
  OPTIONAL MATCH (t)<-[:PART_OF]-(v:Village)
  RETURN count(v) AS villages, count(CASE WHEN v.poor_village THEN 1 END) AS poor,
         count(CASE WHEN v.weak_org THEN 1 END) AS weak
}
CALL (t) {
  OPTIONAL MATCH (t)<-[:PART_OF]-(:Village)<-[lv:LIVES_IN]-(h:Household)
  WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  RETURN count(h) AS households, coalesce(sum(h.size), 0) AS people
}
CALL (t) {
  OPTIONAL MATCH (t)<-[:PART_OF]-(:Village)<-[a:ASSIGNED_TO {role: '第一书记'}]-(p:Person)
  WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN count(DISTINCT p) AS secretaries
}
CALL (t) {
  OPTIONAL MATCH (t)<-[:PART_OF]-(:Village)<-[lv:LIVES_IN]-(h:Household)<-[r:HELPS]-(p:Person)
  WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
    AND (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN count(DISTINCT p) AS cadres
}
RETURN t.code AS 乡镇代码, t.name AS 乡镇, villages AS 村数, poor AS 贫困村, weak AS 软弱涣散村,
       households AS 在册户, people AS 在册人口, secretaries AS 第一书记, cadres AS 帮扶干部
ORDER BY 乡镇代码
