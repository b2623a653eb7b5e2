// Whether `db init` has chained the log written before the chain (see legacy_done).
MATCH (v:SchemaVersion {name: 'bangfu'})
RETURN coalesce(v.audit_chained, false) AS done
