// @title: 人员全貌
// @category: 人员
// @description: 一名人员的全部关系：工作单位、任职、驻村责任分工、结对帮扶的户及其所在村、负责的带贫主体，
//   画成关系图（含已结束的关系，关系上带起止日期）。
// @param person: person | 人员（编号或姓名） | required
// @display: graph
MATCH (p:Person {person_id: $person})
CALL (p) {
  MATCH path = (p)-[:WORKS_AT|HOLDS_POST|ASSIGNED_TO|MANAGES]->()
  RETURN path
  UNION
  MATCH path = (p)-[:HELPS]->(:Household)-[:LIVES_IN]->(:Village)
  RETURN path
  UNION
  MATCH path = (p)-[:HELPS]->(h:Household)
  WHERE NOT (h)-[:LIVES_IN]->()
  RETURN path
}
RETURN path AS 路径
