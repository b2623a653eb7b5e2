// @title: 两人之间的最短关系路径
// @category: 人员
// @description: 两名人员之间经由单位、村、户、党组织等的最短关系路径（最多 8 步），画成关系图；
//   不经过导入记录。
// @param person_a: person | 人员甲（编号或姓名） | required
// @param person_b: person | 人员乙（编号或姓名） | required
// @display: graph
MATCH (a:Person {person_id: $person_a}), (b:Person {person_id: $person_b})
WHERE a <> b
MATCH path = shortestPath((a)-[*..8]-(b))
WHERE none(n IN nodes(path) WHERE n:Load)
RETURN path AS 路径, length(path) AS 步数
