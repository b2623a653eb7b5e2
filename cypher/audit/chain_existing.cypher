// Chain entries written before the chain existed, with numbers and hashes the caller computed from the
// head it locked (lock_head, same transaction); then move the head to the last of them.
UNWIND $rows AS row
MATCH (e:AuditEvent) WHERE elementId(e) = row.id AND e.seq IS NULL
SET e.seq = row.seq, e.prev_hash = row.prev_hash, e.hash = row.hash
WITH count(*) AS chained
MATCH (h:AuditChain {name: 'bangfu'})
SET h.seq = $seq, h.head = $head
REMOVE h.locked
