// What a snapshot changed, one (:Change) per row: kind started / ended / added / removed, the table,
// and the row's key columns as text (docs/graph-model.md, "Snapshots").
UNWIND $rows AS row
CREATE (:Change {load_id: $load_id, kind: row.kind, table: row.table, row: row.row})
