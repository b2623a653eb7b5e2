// Schema 5: LIVES_IN is keyed by start_key like HELPS (a household that left the roster and came back
// has two); relationships written before have none. Idempotent, in batches (an implicit transaction).
MATCH ()-[r:LIVES_IN]->() WHERE r.start_key IS NULL
CALL (r) { SET r.start_key = '' } IN TRANSACTIONS OF 10000 ROWS
