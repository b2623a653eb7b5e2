// 按主键找节点（export graph --node）：区划代码、组织代码、人员编号、户编号、企业编号或帮扶项目名称。
// 参数：$key（文本）。最多返回 2 行，多于 1 行说明主键有歧义。
CALL () {
  MATCH (n:Region {code: $key}) RETURN n
  UNION
  MATCH (n:Organization {code: $key}) RETURN n
  UNION
  MATCH (n:Person {person_id: $key}) RETURN n
  UNION
  MATCH (n:Household {household_id: $key}) RETURN n
  UNION
  MATCH (n:Enterprise {enterprise_id: $key}) RETURN n
  UNION
  MATCH (n:Program {name: $key}) RETURN n
}
RETURN n
LIMIT 2
