LOAD CSV WITH HEADERS FROM 'file:///benefits.csv' AS row
CALL (row) {
  MATCH (h:Household {household_id: row.`户编号`})
  MERGE (g:Program {name: row.`项目`})
  ON CREATE SET g.created_load = $load_id
  MERGE (h)-[r:RECEIVES {year_key: coalesce(row.`年份`, '')}]->(g)
  ON CREATE SET r.created_load = $load_id
  SET r.amount = toFloat(row.`金额（元）`), r.year = toInteger(row.`年份`)
} IN TRANSACTIONS OF $rows_per_tx ROWS
