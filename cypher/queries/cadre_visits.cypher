// @title: 干部走访情况
// @category: 人员
// @description: 一段时间内每名干部的走访记录汇总：走访次数（入户、电话联系、视频、其他方式）、走访户数和最近一次走访日期；
//   可限定区划（被走访户所在的村）或一名干部。按人员编号排列，不排名。
// @param start: date | 开始日期（空为不限）
// @param end: date | 结束日期 | default=today
// @param region: region | 区划（县区/乡镇/村，空为全部） | choices=@regions
// @param person: person | 干部（空为全部）
// @display: table
MATCH (p:Person)-[w:VISITED]->(h:Household)
WHERE ($person IS NULL OR p.person_id = $person)
  AND ($start IS NULL OR w.date >= $start) AND w.date <= $end
  AND ($region IS NULL OR EXISTS { (h)-[:LIVES_IN]->(:Village)-[:PART_OF*0..2]->(:Region {code: $region}) })
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p.person_id AS 人员编号, p.name AS 姓名, o.name AS 工作单位, count(w) AS 走访次数,
       count(CASE WHEN w.kind = '入户' THEN 1 END) AS 入户次数,
       count(CASE WHEN w.kind = '电话' THEN 1 END) AS 电联次数,
       count(CASE WHEN w.kind = '视频' THEN 1 END) AS 视频次数,
       count(CASE WHEN w.kind = '其他' THEN 1 END) AS 其他方式次数,
       count(DISTINCT h) AS 走访户数, max(w.date) AS 最近走访日期
ORDER BY 人员编号
