// @title: 未落实帮扶责任人的户
// @category: 户
// @description: 所选乡镇（或县区、村）在截至日期没有在岗结对帮扶的在册户（不含已销户和已移出名册的户；已脱贫户仍在册）。
// @param region: region | 区划（县区/乡镇/村） | required | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (h:Household)-[lv:LIVES_IN]->(v:Village)-[:PART_OF*0..2]->(:Region {code: $region})
WHERE h.status <> '已销户' AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  AND NOT EXISTS {
    MATCH (h)<-[r:HELPS]-(:Person)
    WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  }
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
RETURN t.name AS 乡镇, v.name AS 村, h.household_id AS 户编号, h.head_name AS 户主,
       h {.head_id_number, .head_id_number_cipher} AS 户主身份证号,
       h.size AS 人口, h.status AS 户状态, h.cause AS 致贫原因
ORDER BY 户编号
