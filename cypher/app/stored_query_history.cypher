// Every version of one stored query, newest first.
MATCH (v:StoredQueryVersion {name: $name})
RETURN v.version AS version, v.title AS title, v.cypher AS cypher, v.saved_by AS saved_by,
       v.saved_at AS saved_at
ORDER BY v.version DESC
