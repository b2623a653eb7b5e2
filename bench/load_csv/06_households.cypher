LOAD CSV WITH HEADERS FROM 'file:///households.csv' AS row
CALL (row) {
  MERGE (n:Household {household_id: row.`户编号`})
  ON CREATE SET n.created_load = $load_id
  SET n.head_name = row.`户主姓名`, n.head_id_number = row.`户主身份证号`, n.size = toInteger(row.`家庭人口`),
      n.status = row.`户状态`, n.category = row.`户类型`, n.cause = row.`主要致贫原因`,
      n.exit_year = toInteger(row.`脱贫年份`)
  WITH n, row
  MATCH (v:Village {code: row.`村代码`})
  MERGE (n)-[r:LIVES_IN]->(v)
  ON CREATE SET r.created_load = $load_id
} IN TRANSACTIONS OF $rows_per_tx ROWS
