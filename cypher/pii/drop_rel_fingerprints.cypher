// The relationships' unkeyed fingerprints (see pii/drop_fingerprints), removed in batches.
MATCH ()-[r]->() WHERE r.row_hash IS NOT NULL
CALL (r) { REMOVE r.row_hash } IN TRANSACTIONS OF 10000 ROWS
