MATCH (n) WHERE elementId(n) = $id
MATCH (n)-[r]-(m)
WHERE NOT m:Load
RETURN type(r) AS type, startNode(r) = n AS outgoing, count(*) AS n
