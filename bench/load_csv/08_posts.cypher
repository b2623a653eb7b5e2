LOAD CSV WITH HEADERS FROM 'file:///posts.csv' AS row
CALL (row) {
  MATCH (p:Person {person_id: row.`人员编号`})
  MATCH (o:Organization {code: row.`组织代码`})
  MERGE (p)-[r:HOLDS_POST {title: row.`职务`, start_key: coalesce(row.`任职日期`, '')}]->(o)
  ON CREATE SET r.created_load = $load_id
  SET r.start = date(row.`任职日期`), r.end = date(row.`离任日期`),
      r.is_secretary = replace(row.`职务`, ' ', '') IN ['书记', '支部书记', '党支部书记', '党总支书记', '村党支部书记', '村党组织书记']
} IN TRANSACTIONS OF $rows_per_tx ROWS
