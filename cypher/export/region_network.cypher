// 区划的责任网络（export graph --region CODE）：区划下每个村，连同在 $as_of 当天在岗的
// 第一书记、工作队、包村干部、挂点领导、责任组、党建联系人/指导员（及其工作单位）、包村单位、
// 村党组织及其书记、本村的户与结对帮扶干部（书记与帮扶干部也连到工作单位）；村经乡镇向上连到该区划。
// 参数：$code（区划代码）、$as_of（Date）。每行一条路径 p。
MATCH (r:Region {code: $code})
MATCH (r)<-[:PART_OF*0..2]-(v:Village)
CALL (r, v) {
  MATCH p = (v)-[:PART_OF*0..2]->(r)
  RETURN p
  UNION
  MATCH p = (x)-[a:ASSIGNED_TO]->(v)
  WHERE (x:Person OR x:Unit)
    AND (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  RETURN p
  UNION
  MATCH (x:Person)-[a:ASSIGNED_TO]->(v)
  WHERE (a.start IS NULL OR a.start <= $as_of) AND (a.end IS NULL OR a.end >= $as_of)
  MATCH p = (x)-[:WORKS_AT]->(:Organization)
  RETURN p
  UNION
  MATCH p = (:PartyOrg)-[:GOVERNS]->(v)
  RETURN p
  UNION
  MATCH (b:PartyOrg)-[:GOVERNS]->(v)
  MATCH p = (:Person)-[h:HOLDS_POST]->(b)
  WHERE h.is_secretary = true
    AND (h.start IS NULL OR h.start <= $as_of) AND (h.end IS NULL OR h.end >= $as_of)
  RETURN p
  UNION
  MATCH p = (:Household)-[lv:LIVES_IN]->(v)
  WHERE (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  RETURN p
  UNION
  MATCH p = (:Person)-[h:HELPS]->(:Household)-[lv:LIVES_IN]->(v)
  WHERE (h.start IS NULL OR h.start <= $as_of) AND (h.end IS NULL OR h.end >= $as_of)
    AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  RETURN p
  UNION
  MATCH (x:Person)-[h:HELPS]->(:Household)-[lv:LIVES_IN]->(v)
  WHERE (h.start IS NULL OR h.start <= $as_of) AND (h.end IS NULL OR h.end >= $as_of)
    AND (lv.start IS NULL OR lv.start <= $as_of) AND (lv.end IS NULL OR lv.end >= $as_of)
  MATCH p = (x)-[:WORKS_AT]->(:Organization)
  RETURN p
  UNION
  MATCH (b:PartyOrg)-[:GOVERNS]->(v)
  MATCH (x:Person)-[h:HOLDS_POST]->(b)
  WHERE h.is_secretary = true
    AND (h.start IS NULL OR h.start <= $as_of) AND (h.end IS NULL OR h.end >= $as_of)
  MATCH p = (x)-[:WORKS_AT]->(:Organization)
  RETURN p
}
RETURN p
