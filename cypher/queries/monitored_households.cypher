// @title: 监测对象及帮扶责任人
// @category: 户
// @description: 防返贫监测对象（户状态为「监测对象」）及其在截至日期在岗的帮扶责任人、工作单位和联系电话；
//   没有帮扶责任人的户也列出。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (h:Household {status: '监测对象'})-[lv:LIVES_IN]->(v:Village)
WHERE ($region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) })
  AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
OPTIONAL MATCH (h)<-[r:HELPS]-(p:Person)
  WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN v.name AS 村, h.household_id AS 户编号, h.head_name AS 户主, h.size AS 人口,
       h.cause AS 致贫原因, p.name AS 帮扶责任人, o.name AS 工作单位, p {.phone, .phone_cipher} AS 联系电话
ORDER BY 户编号, 帮扶责任人
