// @title: 一户的责任链
// @category: 户
// @description: 一户从帮扶责任人、其工作单位，到所在村、乡镇、县区，以及本村在岗的第一书记、驻村工作队、
//   包村干部、责任组长和村党组织书记，画成关系图。
// @param household: household | 户（户编号或户主姓名） | required
// @param as_of: date | 截至日期 | default=today
// @display: graph
MATCH (h:Household {household_id: $household})
CALL (h) {
  MATCH path = (h)-[:LIVES_IN]->(:Village)-[:PART_OF*0..2]->(:Region)
  RETURN path
  UNION
  MATCH path = (h)<-[r:HELPS]-(:Person)
  WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  RETURN path
  UNION
  MATCH (h)<-[r:HELPS]-(p:Person)
  WHERE (r.start IS NULL OR r.start <= $as_of) AND (r.end IS NULL OR r.end >= $as_of)
  MATCH path = (p)-[:WORKS_AT]->(:Organization)
  RETURN path
  UNION
  MATCH (h)-[:LIVES_IN]->(v:Village)<-[a:ASSIGNED_TO]-(x)
  WHERE a.role IN ['第一书记', '工作队长', '工作队员', '包村干部', '责任组长', '挂点领导', '包村单位']
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  MATCH path = (v)<-[a]-(x)
  RETURN path
  UNION
  MATCH (h)-[:LIVES_IN]->(v:Village)<-[:GOVERNS]-(b:PartyOrg)<-[s:HOLDS_POST]-(:Person)
  WHERE s.is_secretary AND (s.start IS NULL OR s.start <= $as_of) AND (s.end IS NULL OR s.end >= $as_of)
  MATCH path = (v)<-[:GOVERNS]-(b)<-[s]-(:Person)
  RETURN path
}
RETURN path AS 路径
