// @title: 帮扶干部的帮扶户
// @category: 户
// @description: 一名帮扶责任人结对帮扶的每一户：户状态、致贫原因、所在村、结对起止，以及在截至日期是否在岗。
// @param person: person | 帮扶责任人（编号或姓名） | required
// @param as_of: date | 截至日期 | default=today
// @param active_only: bool | 只看在岗结对 | default=否
// @display: table
MATCH (p:Person {person_id: $person})-[r:HELPS]->(h:Household)
WITH p, r, h, (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of) AS active
WHERE active OR NOT $active_only
WITH p, r, h, active, head(COLLECT { MATCH (h)-[lv:LIVES_IN]->(v:Village) RETURN v ORDER BY lv.end IS NULL DESC, lv.end DESC }) AS v
RETURN p.name AS 帮扶责任人, h.household_id AS 户编号, h.head_name AS 户主, h.size AS 人口,
       h.status AS 户状态, h.category AS 户类型, h.cause AS 致贫原因, v.name AS 村,
       r.start AS 结对开始, r.end AS 结对结束, active AS 在岗
ORDER BY 户编号, 结对开始
