// Schema 10: every finding keeps the ledger's order as one text (Finding.sort_key: township code or '~',
// the rule's order in three digits, the subject id), read in its index by ledger/list instead of sorting
// every open finding. Findings recorded before have none. Idempotent, in batches (an implicit transaction).
MATCH (f:Finding) WHERE f.sort_key IS NULL
CALL (f) {
  // the same as cypher/ledger/upsert_findings.cypher and inspection_findings.cypher
  SET f.sort_key = coalesce(f.township_code, '~') + ' ' + right('00' + toString(f.rule_order), 3) + ' ' + f.subject_id
} IN TRANSACTIONS OF 10000 ROWS
