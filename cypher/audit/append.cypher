// Append one chained entry and move the head to it (same transaction as lock_head).
MATCH (h:AuditChain {name: 'bangfu'})
CREATE (e:AuditEvent)
SET e = $props
SET h.seq = $props.seq, h.head = $props.hash
REMOVE h.locked
