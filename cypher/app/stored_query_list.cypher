// Saved queries kept in Neo4j (graph/queries/stored.py), each with its current text (header and
// Cypher, in the format of the shipped files); retired ones only when asked for.
MATCH (q:StoredQuery)
WHERE $with_retired OR NOT coalesce(q.retired, false)
RETURN q.name AS name, q.title AS title, q.cypher AS cypher, q.author AS author,
       q.created_at AS created_at, q.updated_at AS updated_at, q.updated_by AS updated_by,
       q.version AS version, coalesce(q.retired, false) AS retired, q.retired_at AS retired_at,
       q.retired_by AS retired_by
ORDER BY q.name
