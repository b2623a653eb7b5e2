// The log written before the chain has been chained: from now on an unchained entry is an insertion.
// Kept on the schema's own node (written by `db init` just before), not on the chain's head, which
// appears with the first entry.
MATCH (v:SchemaVersion {name: 'bangfu'})
SET v.audit_chained = true
