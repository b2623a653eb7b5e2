// How many relationships of each type and direction one node has, before the explorer expands any
// ("结对帮扶 → 12"): the count store answers per node and type without reading the neighbours.
MATCH (n) WHERE elementId(n) = $id
MATCH (n)-[r]-(m)
WHERE NOT m:Load AND NOT m:Change
RETURN type(r) AS type, startNode(r) = n AS outgoing, count(*) AS n
ORDER BY n DESC
