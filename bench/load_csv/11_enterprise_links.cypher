LOAD CSV WITH HEADERS FROM 'file:///enterprise_links.csv' AS row
CALL (row) {
  MATCH (e:Enterprise {enterprise_id: row.`主体编号`})
  MATCH (h:Household {household_id: row.`户编号`})
  MERGE (e)-[r:LIFTS {mode: row.`带贫方式`, year_key: coalesce(row.`年份`, '')}]->(h)
  ON CREATE SET r.created_load = $load_id
  SET r.annual_income = toFloat(row.`年增收（元）`), r.year = toInteger(row.`年份`)
} IN TRANSACTIONS OF $rows_per_tx ROWS
