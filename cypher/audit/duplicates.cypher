// The smallest chain number held by more than one entry (an inserted copy), if any.
MATCH (e:AuditEvent) WHERE e.seq IS NOT NULL
WITH e.seq AS seq, count(*) AS n WHERE n > 1
RETURN seq ORDER BY seq LIMIT 1
