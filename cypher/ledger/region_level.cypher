// A region's level and its parent's code (a village check's coverage is its township's).
MATCH (r:Region {code: $code})
OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
RETURN r.level AS level, p.code AS parent
