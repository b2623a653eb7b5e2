// The chain's head as stored: the last number and its hash.
MATCH (h:AuditChain {name: 'bangfu'})
RETURN h.seq AS seq, h.head AS head
