// Rows' fingerprints written before they were keyed (schema 10, graph/pii.py): an unkeyed hash of a row
// holding a clear id or phone number could be tried against guessed numbers. Removed in batches; the
// next snapshot then reads those rows in full and writes keyed fingerprints.
MATCH (n) WHERE n.row_hash IS NOT NULL
CALL (n) { REMOVE n.row_hash } IN TRANSACTIONS OF 10000 ROWS
