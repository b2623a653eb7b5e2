LOAD CSV WITH HEADERS FROM 'file:///organizations.csv' AS row
CALL (row) {
  MATCH (n:Organization {code: row.`组织代码`})
  OPTIONAL MATCH (p:Organization {code: row.`上级组织代码`})
  OPTIONAL MATCH (g:Region {code: row.`所在区划代码`})
  FOREACH (_ IN CASE WHEN p IS NOT NULL THEN [1] ELSE [] END |
    MERGE (n)-[r:REPORTS_TO]->(p) ON CREATE SET r.created_load = $load_id)
  FOREACH (_ IN CASE WHEN g IS NOT NULL THEN [1] ELSE [] END |
    MERGE (n)-[r:LOCATED_IN]->(g) ON CREATE SET r.created_load = $load_id)
  FOREACH (_ IN CASE WHEN g:Village AND row.`类型` IN ['党支部', '党总支'] THEN [1] ELSE [] END |
    MERGE (n)-[r:GOVERNS]->(g) ON CREATE SET r.created_load = $load_id)
} IN TRANSACTIONS OF $rows_per_tx ROWS
