LOAD CSV WITH HEADERS FROM 'file:///assignments.csv' AS row
CALL (row) {
  CALL (row) {
    WITH row WHERE row.`责任类型` <> '包村单位'
    MATCH (p:Person {person_id: row.`人员编号`})
    MATCH (v:Village {code: row.`村代码`})
    MERGE (p)-[r:ASSIGNED_TO {role: row.`责任类型`, start_key: coalesce(row.`开始日期`, '')}]->(v)
    ON CREATE SET r.created_load = $load_id
    SET r.start = date(row.`开始日期`), r.end = date(row.`结束日期`), r.unit_code = row.`单位代码`
  }
  CALL (row) {
    WITH row WHERE row.`责任类型` = '包村单位'
    MATCH (u:Unit {code: row.`单位代码`})
    MATCH (v:Village {code: row.`村代码`})
    MERGE (u)-[r:ASSIGNED_TO {role: row.`责任类型`, start_key: coalesce(row.`开始日期`, '')}]->(v)
    ON CREATE SET r.created_load = $load_id
    SET r.start = date(row.`开始日期`), r.end = date(row.`结束日期`)
  }
} IN TRANSACTIONS OF $rows_per_tx ROWS
