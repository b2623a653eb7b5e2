// @title: 督查记录与未销号问题
// @category: 责任落实
// @description: 督查记录：日期、督查单位、方式、对象、结果和问题；结果为“发现问题”的，看同一对象此后有没有
//   “合格”的复查（复查合格销号）。可只看未销号的问题；区划只筛选对象为村的督查。
// @param open_only: bool | 只看未销号的问题 | default=否
// @param start: date | 开始日期（空为不限）
// @param end: date | 结束日期 | default=today
// @param region: region | 区划（对象为村时，空为全部） | choices=@regions
// @param subject_type: string | 对象类型（空为全部） | choices=村,人员,单位
// @display: table
MATCH (i:Inspection)-[:INSPECTS]->(s)
WHERE ($start IS NULL OR i.date >= $start) AND i.date <= $end
  AND ($subject_type IS NULL OR i.subject_type = $subject_type)
  AND ($region IS NULL OR EXISTS { (s:Village)-[:PART_OF*0..2]->(:Region {code: $region}) })
OPTIONAL MATCH (i)-[:INSPECTED_BY]->(o:Organization)
WITH i, s, o, CASE WHEN i.result = '发现问题' THEN head(COLLECT {
    MATCH (s)<-[:INSPECTS]-(j:Inspection {result: '合格'})
    WHERE j.date > i.date AND j.date <= $end
    RETURN j.inspection_id ORDER BY j.date, j.inspection_id LIMIT 1
  }) END AS closed_by
WITH i, s, o, closed_by,
     CASE WHEN i.result <> '发现问题' THEN null WHEN closed_by IS NULL THEN '未销号' ELSE '已销号' END AS state
WHERE NOT $open_only OR state = '未销号'
RETURN i.inspection_id AS 督查编号, i.date AS 日期, o.name AS 督查单位, i.kind AS 方式,
       i.subject_type AS 对象类型, coalesce(s.code, s.person_id) AS 对象编号, s.name AS 对象,
       i.result AS 结果, i.problem AS 问题, i.category AS 问题类别, state AS 整改状态, closed_by AS 复查编号
ORDER BY 日期 DESC, 督查编号
