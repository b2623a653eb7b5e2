LOAD CSV WITH HEADERS FROM 'file:///help_pairs.csv' AS row
CALL (row) {
  MATCH (p:Person {person_id: row.`帮扶责任人编号`})
  MATCH (h:Household {household_id: row.`户编号`})
  MERGE (p)-[r:HELPS {start_key: coalesce(row.`开始日期`, '')}]->(h)
  ON CREATE SET r.created_load = $load_id
  SET r.start = date(row.`开始日期`), r.end = date(row.`结束日期`)
} IN TRANSACTIONS OF $rows_per_tx ROWS
