LOAD CSV WITH HEADERS FROM 'file:///enterprises.csv' AS row
CALL (row) {
  MERGE (n:Enterprise {enterprise_id: row.`主体编号`})
  ON CREATE SET n.created_load = $load_id
  SET n.name = row.`名称`, n.kind = row.`类型`, n.credit_code = row.`统一社会信用代码`
  WITH n, row
  OPTIONAL MATCH (v:Village {code: row.`所在村代码`})
  OPTIONAL MATCH (m:Person {person_id: row.`负责人编号`})
  OPTIONAL MATCH (o:Organization {code: row.`党组织代码`})
  FOREACH (_ IN CASE WHEN v IS NOT NULL THEN [1] ELSE [] END |
    MERGE (n)-[r:LOCATED_IN]->(v) ON CREATE SET r.created_load = $load_id)
  FOREACH (_ IN CASE WHEN m IS NOT NULL THEN [1] ELSE [] END |
    MERGE (m)-[r:MANAGES]->(n) ON CREATE SET r.created_load = $load_id)
  FOREACH (_ IN CASE WHEN o IS NOT NULL THEN [1] ELSE [] END |
    MERGE (n)-[r:HAS_PARTY_ORG]->(o) ON CREATE SET r.created_load = $load_id)
} IN TRANSACTIONS OF $rows_per_tx ROWS
