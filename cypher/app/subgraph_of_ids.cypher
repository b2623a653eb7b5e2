// The nodes with these ids and the relationships among them (what the explorer shows).
MATCH (n) WHERE elementId(n) IN $ids
OPTIONAL MATCH (n)-[r]->(m) WHERE elementId(m) IN $ids
RETURN n, collect(r) AS rels
