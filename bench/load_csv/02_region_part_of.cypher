LOAD CSV WITH HEADERS FROM 'file:///regions.csv' AS row
WITH row WHERE row.`上级代码` IS NOT NULL
CALL (row) {
  MATCH (n:Region {code: row.`区划代码`})
  MATCH (t:Region {code: row.`上级代码`})
  MERGE (n)-[r:PART_OF]->(t)
  ON CREATE SET r.created_load = $load_id
} IN TRANSACTIONS OF $rows_per_tx ROWS
