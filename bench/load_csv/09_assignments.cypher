LOAD CSV WITH HEADERS FROM 'file:///assignments.csv' AS row
CALL (row) {
  MATCH (v:Village {code: row.`村代码`})
  OPTIONAL MATCH (p:Person {person_id: row.`人员编号`}) WHERE row.`责任类型` <> '包村单位'
  OPTIONAL MATCH (u:Organization {code: row.`单位代码`}) WHERE row.`责任类型` = '包村单位' AND u:Unit
  WITH v, row, coalesce(p, u) AS who
  WHERE who IS NOT NULL
  MERGE (who)-[r:ASSIGNED_TO {role: row.`责任类型`, start_key: coalesce(row.`开始日期`, '')}]->(v)
  ON CREATE SET r.created_load = $load_id
  SET r.start = date(row.`开始日期`), r.end = date(row.`结束日期`),
      r.unit_code = CASE WHEN row.`责任类型` <> '包村单位' THEN row.`单位代码` END
} IN TRANSACTIONS OF $rows_per_tx ROWS
