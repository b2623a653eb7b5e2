LOAD CSV WITH HEADERS FROM 'file:///people.csv' AS row
CALL (row) {
  MERGE (n:Person {person_id: row.`人员编号`})
  ON CREATE SET n.created_load = $load_id
  SET n.name = row.`姓名`, n.gender = row.`性别`, n.id_number = row.`身份证号`,
      n.political_status = row.`政治面貌`, n.rank = row.`职级`, n.phone = row.`联系电话`
  WITH n, row
  MATCH (o:Organization {code: row.`工作单位代码`})
  MERGE (n)-[r:WORKS_AT]->(o)
  ON CREATE SET r.created_load = $load_id
} IN TRANSACTIONS OF $rows_per_tx ROWS
