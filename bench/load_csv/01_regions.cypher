LOAD CSV WITH HEADERS FROM 'file:///regions.csv' AS row
CALL (row) {
  MERGE (n:Region {code: row.`区划代码`})
  ON CREATE SET n.created_load = $load_id
  SET n.name = row.`名称`, n.level = row.`层级`,
      n.poor_village = CASE WHEN row.`层级` = '村' THEN coalesce(row.`贫困村` = '是', false) END,
      n.weak_org = CASE WHEN row.`层级` = '村' THEN coalesce(row.`软弱涣散` = '是', false) END,
      n.exit_year = CASE WHEN row.`层级` = '村' THEN toInteger(row.`出列年份`) END
  FOREACH (_ IN CASE WHEN row.`层级` = '县区' THEN [1] ELSE [] END | SET n:County)
  FOREACH (_ IN CASE WHEN row.`层级` = '乡镇' THEN [1] ELSE [] END | SET n:Township)
  FOREACH (_ IN CASE WHEN row.`层级` = '村' THEN [1] ELSE [] END | SET n:Village)
} IN TRANSACTIONS OF $rows_per_tx ROWS
