// @title: 各村后备干部
// @category: 村
// @description: 各村的村级后备干部：来源、入库和出库日期，截至日期是否在库；没有在库后备干部的村也列出（姓名为空）。
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param include_past: bool | 包括已出库和尚未入库的 | default=否
// @param as_of: date | 截至日期 | default=today
// @display: table
MATCH (v:Village)
WHERE $region IS NULL OR EXISTS { (v)-[:PART_OF*0..2]->(:Region {code: $region}) }
OPTIONAL MATCH (v)-[:PART_OF]->(t:Township)
WITH t, v, COLLECT {
    MATCH (v)<-[r:RESERVE_CADRE_OF]-(p:Person)
    WITH p, r, (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) AS active
    WHERE active OR $include_past
    RETURN {p: p, r: r, active: active} AS x
  } AS rows
UNWIND CASE WHEN rows = [] THEN [null] ELSE rows END AS x
RETURN t.name AS 乡镇, v.code AS 村代码, v.name AS 村, x.p.person_id AS 人员编号, x.p.name AS 姓名,
       x.r.source AS 来源, x.r.start AS 入库日期, x.r.end AS 出库日期, x.active AS 在库
ORDER BY 村代码, 入库日期, 人员编号
