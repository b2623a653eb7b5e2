// @title: 带贫主体及带动的户
// @category: 企业
// @description: 带贫主体（企业、合作社、扶贫车间……）带动的每一户：带贫方式、年增收、年份；
//   可按主体类型、带贫方式、年份和最低年增收筛选，按年增收从高到低排列。
// @param kind: string | 主体类型 | choices=龙头企业,农民专业合作社,扶贫车间,产业基地,光伏电站,家庭农场,其他
// @param mode: string | 带贫方式 | choices=务工就业,入股分红,土地流转,订单收购,技能培训,其他
// @param year: int | 年份 | min=1990 | max=2100
// @param min_income: float | 最低年增收（元） | default=0 | min=0
// @display: table
MATCH (e:Enterprise)-[l:LIFTS]->(h:Household)
WHERE ($kind IS NULL OR e.kind = $kind) AND ($mode IS NULL OR l.mode = $mode)
  AND ($year IS NULL OR l.year = $year) AND coalesce(l.annual_income, 0) >= $min_income
OPTIONAL MATCH (e)-[:LOCATED_IN]->(ev:Village)
WITH e, l, h, ev, head(COLLECT { MATCH (h)-[lv:LIVES_IN]->(v:Village) RETURN v ORDER BY lv.end IS NULL DESC, lv.end DESC }) AS hv
RETURN e.enterprise_id AS 主体编号, e.name AS 带贫主体, e.kind AS 主体类型, ev.name AS 主体所在村,
       h.household_id AS 户编号, h.head_name AS 户主, hv.name AS 户所在村, h.status AS 户状态,
       l.mode AS 带贫方式, l.annual_income AS 年增收, l.year AS 年份
ORDER BY 年增收 DESC, 主体编号, 户编号
