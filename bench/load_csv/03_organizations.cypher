LOAD CSV WITH HEADERS FROM 'file:///organizations.csv' AS row
CALL (row) {
  MERGE (n:Organization {code: row.`组织代码`})
  ON CREATE SET n.created_load = $load_id
  SET n.name = row.`名称`, n.kind = row.`类型`
  FOREACH (_ IN CASE WHEN row.`类型` IN ['党委', '党工委', '党总支', '党支部'] THEN [1] ELSE [] END | SET n:PartyOrg)
  FOREACH (_ IN CASE WHEN NOT row.`类型` IN ['党委', '党工委', '党总支', '党支部'] THEN [1] ELSE [] END | SET n:Unit)
} IN TRANSACTIONS OF $rows_per_tx ROWS
