// The chain's head: one node every append locks (SET takes its write lock) before it reads the last
// number and hash, so concurrent writers (the web app's threads, the CLI) append one after the other.
MERGE (h:AuditChain {name: 'bangfu'})
ON CREATE SET h.seq = 0, h.head = ''
SET h.locked = true
RETURN h.seq AS seq, h.head AS head, datetime() AS now
