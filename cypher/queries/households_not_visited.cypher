// @title: 多日未走访的户
// @category: 户
// @description: 所选乡镇在截至日期在册的户中，近 N 天（截至日期前 N−1 天至截至日期）没有任何人走访的户，
//   可限定走访方式；列出在岗帮扶责任人和最近一次走访（不限方式、不限走访人）。只统计，不排名。
// @param township: township | 乡镇 | required | choices=@townships
// @param days: int | 天数 | default=90 | min=1 | max=3650
// @param kind: string | 走访方式（空为全部方式） | choices=入户,电话,视频,其他
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (t:Township {code: $township})<-[:PART_OF]-(v:Village)<-[lv:LIVES_IN]-(h:Household)
WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  AND NOT EXISTS {
    MATCH (h)<-[w:VISITED]-(:Person)
    WHERE w.date <= $as_of AND w.date > $as_of - duration({days: $days}) AND ($kind IS NULL OR w.kind = $kind)
  }
WITH v, h, head(COLLECT {
    MATCH (h)<-[w:VISITED]-(p:Person) WHERE w.date <= $as_of
    RETURN {date: w.date, kind: w.kind, name: p.name} AS last ORDER BY w.date DESC, p.person_id LIMIT 1
  }) AS last,
  COLLECT {
    MATCH (h)<-[r:HELPS]-(p:Person)
    WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
    RETURN p.name ORDER BY p.person_id
  } AS helpers
RETURN v.name AS 村, h.household_id AS 户编号, h.head_name AS 户主, h.status AS 户状态,
       helpers AS 帮扶责任人, last.date AS 最近走访日期, last.kind AS 最近走访方式, last.name AS 最近走访人,
       CASE WHEN last IS NULL THEN null ELSE duration.inDays(last.date, $as_of).days END AS 距今天数
ORDER BY 户编号
