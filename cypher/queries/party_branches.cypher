// @title: 村党组织及书记
// @category: 组织
// @description: 所选区划内各村的党组织（党支部/党总支）和在截至日期在任的书记；没有党组织或书记空缺的村也列出。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (v:Village)
WHERE $region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) }
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
OPTIONAL MATCH (v)<-[:GOVERNS]-(b:PartyOrg)
OPTIONAL MATCH (b)<-[s:HOLDS_POST]-(p:Person)
  WHERE s.is_secretary AND (s.start IS NULL OR s.start <= $as_of) AND (s.end IS NULL OR s.end >= $as_of)
RETURN t.name AS 乡镇, v.code AS 村代码, v.name AS 村, b.name AS 党组织, b.kind AS 类型,
       p.name AS 书记, p {.phone, .phone_cipher} AS 联系电话, s.start AS 任职日期,
       CASE WHEN b IS NULL THEN '无村党组织' WHEN p IS NULL THEN '书记空缺' ELSE '' END AS 情况
ORDER BY 村代码, 书记
